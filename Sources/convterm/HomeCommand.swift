import ArgumentParser
import ConvTermApp
import Foundation
import Lessons

struct HomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home",
        abstract: "The lesson list with your progress, and Train, Inspect, Explore (what `convterm` alone opens)."
    )

    @Flag(help: "Projector mode: answers hidden until revealed, no progress counters, bigger pictures, no speeds or timings.")
    var present = false

    @Option(help: "A directory of .lesson files to play instead of the installed ones (an instructor's own).")
    var lessons: String?

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit(lessons))
        try runPlayer(library: library, present: present, lesson: nil, step: nil)
    }
}
