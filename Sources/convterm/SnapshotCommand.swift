import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

/// `convterm snapshot`: pictures for slides and the README, written as PNG. The default,
/// `pictures`, draws a network's filters, activations or an example; `demo` and `contact-sheet`
/// draw the real screens and the built-in set, for whoever maintains the docs.
struct SnapshotCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snapshot",
        abstract: "PNG pictures for slides: a network's filters, activation maps, or an example with its top-3.",
        subcommands: [SnapshotPicturesCommand.self, Demo.self, Sheet.self],
        defaultSubcommand: SnapshotPicturesCommand.self
    )

    struct Demo: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "demo", abstract: "A lesson demo, run to the end, then drawn at --size (after --keys).")

        @Argument(help: "seeing, parallel, race or transfer.") var kind: String
        @Argument(help: "The PNG file to write.") var png: String
        @Option(help: "Also write the frame as text here.") var text: String?
        @Option(help: "Frame size, WxH.") var size = "120x44"
        @Option(help: "Keys pressed once the work is done, e.g. nn.") var keys = ""
        @Flag(help: "Projector mode.") var present = false

        func run() throws {
            guard let kind = LessonDemoRequest.Kind(rawValue: kind) else {
                throw ValidationError("no demo `\(kind)`; demos: \(LessonDemoRequest.Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let grid = LessonDemoApp.finishedFrame(LessonDemoRequest(kind: kind, networks: [], present: present),
                                                   keys: keys.map { Key.char($0) }, size: try parseSize(size))
            try write(grid, png: png, text: text)
        }
    }

    struct Sheet: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contact-sheet", abstract: "Ten images of each class of the built-in set, one row a class.")

        @Argument(help: "The PNG file to write.") var png: String
        @Option(help: "Seed of the synthetic set.") var seed: UInt64 = TrainingDefaults.seed

        func run() throws {
            let sheet = ContactSheet.render(SyntheticCIFAR.make(count: 200, seed: seed))
            try orExit { try Data(PNGEncoder.encode(width: sheet.width, height: sheet.height, rgb: sheet.rgb)).write(to: URL(fileURLWithPath: png)) }
        }
    }
}

/// "120x40" -> Size, or a message naming the option.
func parseSize(_ text: String) throws -> Size {
    let parts = text.lowercased().split(separator: "x").compactMap { Int($0) }
    guard parts.count == 2, (20...1000).contains(parts[0]), (5...500).contains(parts[1]) else {
        throw ValidationError("--size must be WxH, e.g. 120x40; got `\(text)`")
    }
    return Size(width: parts[0], height: parts[1])
}

/// Writes a frame as PNG, and as text when asked.
func write(_ grid: CellGrid, png: String, text: String?) throws {
    try orExit { try Data(GridSnapshot.png(grid)).write(to: URL(fileURLWithPath: png)) }
    if let text {
        try orExit { try (grid.trimmedLines.joined(separator: "\n") + "\n").write(toFile: text, atomically: true, encoding: .utf8) }
    }
}
