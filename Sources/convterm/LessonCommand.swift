import ArgumentParser
import ConvTermApp
import Foundation
import Lessons
import TerminalKit

struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "Open a lesson by number or name, at the step where you left it (or --step K).",
        discussion: "convterm lesson 2, convterm lesson convolution --step 3. Progress is saved after every step."
    )

    @Argument(help: "Lesson number (1-12) or a part of its name.")
    var lesson: String

    @Option(parsing: .unconditional, help: "Start at this step (1-based).")
    var step: Int?

    @Flag(help: "Projector mode: answers hidden until revealed, no progress counters, bigger pictures, no speeds or timings.")
    var present = false

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit())
        guard let index = library.find(lesson) else {
            printError("no lesson `\(lesson)`; lessons: " + library.entries.enumerated().map { "\($0.offset + 1) \($0.element.id)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
        if let step, !(1...max(1, library.entries[index].lesson.steps.count)).contains(step) {
            throw ValidationError("--step must be from 1 to \(library.entries[index].lesson.steps.count)")
        }
        try runPlayer(library: library, present: present, lesson: index, step: step.map { $0 - 1 })
    }
}

struct HomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home",
        abstract: "The lesson list with your progress, and Train, Inspect, Explore (what `convterm` alone opens)."
    )

    @Flag(help: "Projector mode: answers hidden until revealed, no progress counters, bigger pictures, no speeds or timings.")
    var present = false

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit())
        try runPlayer(library: library, present: present, lesson: nil, step: nil)
    }
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
