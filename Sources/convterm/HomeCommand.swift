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

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit())
        try runPlayer(library: library, present: present, lesson: nil, step: nil)
    }
}
