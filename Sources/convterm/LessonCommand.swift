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

    @OptionGroup var player: PlayerOptions

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit(player.lessons))
        guard let index = library.find(lesson) else {
            printError("no lesson `\(lesson)`; lessons: " + library.entries.enumerated().map { "\($0.offset + 1) \($0.element.id)" }.joined(separator: ", "))
            throw ExitCode(1)
        }
        if let step, !(1...max(1, library.entries[index].lesson.steps.count)).contains(step) {
            printError("--step must be from 1 to \(library.entries[index].lesson.steps.count): lesson \(index + 1) has \(library.entries[index].lesson.steps.count) steps")
            throw ExitCode(1)
        }
        try runPlayer(library: library, present: player.present, lesson: index, step: step.map { $0 - 1 })
    }
}

