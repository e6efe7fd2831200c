import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import Lessons
import TerminalKit

// What every command shares: turning failures into human messages and exit codes, finding
// networks and lessons, and running a screen in the terminal.

/// Runs `body`; a failure prints its human message (no stack trace) and exits 1.
func orExit<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        // Some messages (a .net error with its caret) carry their own "error:".
        let text = "\(error)"
        FileHandle.standardError.write(Data(((text.hasPrefix("error:") ? text : "error: " + text) + "\n").utf8))
        throw ExitCode(1)
    }
}

/// Loads a network or prints the human message and exits 1 (no stack trace, no usage dump).
func loadOrExit(_ name: String) throws -> NetworkSource {
    do {
        return try NetworkSource.load(name)
    } catch let failure as NetworkSource.Failure {
        FileHandle.standardError.write(Data(("error: " + failure.description + "\n").utf8))
        throw ExitCode(1)
    }
}

/// An error line for a human: "error: " and the message, on stderr.
func printError(_ message: String) {
    FileHandle.standardError.write(Data(((message.hasPrefix("error:") || message.hasPrefix("convterm:") ? message : "error: " + message) + "\n").utf8))
}

func lessonsDirectoryOrExit() throws -> String {
    guard let dir = LessonLibrary.locate() else {
        printError("cannot find the lessons directory: run from the ConvTerm checkout or set CONVTERM_LESSONS=/path/to/lessons")
        throw ExitCode(1)
    }
    return dir
}

/// Runs an explorer in the terminal; no terminal gives a message and exit status 2.
func runExplorer(_ app: ExploreApp) throws {
    let status: Int32
    var host = ProgramHost(app)
    do {
        status = try Terminal.runInTerminal(&host)
    } catch {
        FileHandle.standardError.write(Data("convterm explore: \(error)\n".utf8))
        throw ExitCode(2)
    }
    if status != 0 { throw ExitCode(status) }
}

func runPlayer(library: LessonLibrary, present: Bool, lesson: Int?, step: Int?) throws {
    let status: Int32
    do {
        status = try LessonSession.run(library: library, store: .standard, present: present, lesson: lesson, step: step)
    } catch let error as TerminalError {
        printError("convterm: \(error)\nRead a lesson as plain text with `convterm lessons render N`.")
        throw ExitCode(2)
    }
    if status != 0 { throw ExitCode(status) }
}

func runBlocking<T: Sendable>(_ body: @escaping @Sendable () async throws -> T) -> Result<T, Error> {
    let box = ResultBox<T>()
    let done = DispatchSemaphore(value: 0)
    Task {
        do { box.result = .success(try await body()) } catch { box.result = .failure(error) }
        done.signal()
    }
    done.wait()
    return box.result!
}

extension OptimizerKind: ExpressibleByArgument {}
extension Initialization: ExpressibleByArgument {}
