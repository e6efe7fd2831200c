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

/// What the lesson player's commands (`home`, `lesson`) share.
struct PlayerOptions: ParsableArguments {
    @Flag(help: "Projector mode: answers hidden until revealed, no progress counters, bigger pictures, no speeds or timings.")
    var present = false

    @Option(help: "A directory of .lesson files to play instead of the installed ones (an instructor's own).")
    var lessons: String?
}

/// The lessons to play: `--lessons DIR` when given (an instructor's own), else `LessonLibrary.locate()`.
func lessonsDirectoryOrExit(_ given: String? = nil) throws -> String {
    if let given {
        let hasLessons = ((try? FileManager.default.contentsOfDirectory(atPath: given)) ?? []).contains { $0.hasSuffix(".lesson") }
        guard hasLessons else {
            printError("--lessons \(given): no .lesson files there; give the directory that holds them")
            throw ExitCode(1)
        }
        return given
    }
    guard let dir = LessonLibrary.locate() else {
        printError("cannot find the lessons directory: run from the ConvTerm checkout, install them as PREFIX/share/convterm/lessons beside PREFIX/bin/convterm, or give --lessons DIR (or CONVTERM_LESSONS=DIR)")
        throw ExitCode(1)
    }
    return dir
}

/// Runs an explorer in the terminal; no terminal gives a message and exit status 2.
func runExplorer<P: Program>(_ app: P) throws where P.Effect == NoEffect {
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
