import ArgumentParser
import ConvTermApp
import Foundation
import Lessons

struct HomeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "home",
        abstract: "The lesson list with your progress, and Train, Inspect, Explore (what `convterm` alone opens)."
    )

    @OptionGroup var player: PlayerOptions

    func run() throws {
        let library = try LessonLibrary(directory: try lessonsDirectoryOrExit(player.lessons))
        try runPlayer(library: library, present: player.present, lesson: nil, step: nil)
    }
}
