import ArgumentParser
import ConvEngine
import ConvTermApp
import Foundation
import Lessons
import TerminalKit

/// `convterm demo NAME`: a lesson's live demo on its own, full screen, or headless with its numbers.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Run a lesson's live demo on its own: full screen, or headless with the numbers it shows.",
        discussion: """
        The same demos, on the same networks, that lessons 8, 9, 10, 11 and 12 open with tab.
          convterm demo --list
          convterm demo transfer --present
          convterm demo seeing --headless --seed 3 --json seeing.json
        Headless (--headless, --json, or no terminal): runs to the end, prints one line of results
        and writes the numbers the demo's point rests on to --json. The same --seed and --threads
        give the same numbers. --set KEY=VALUE passes an option as a lesson's widget would
        (e.g. --set steps=300).
          convterm demo seeing --checkpoint alexnet.ckpt --out pictures
        asks where an already trained net looks (one from `convterm import`), without training:
        the saliency of each built-in test image's top class, resized to the net's input
        (--set images=N, default 10), with one PNG an image (the image beside its map) in --out.
        """
    )

    @Argument(help: "seeing, transfer, race, parallel, segment or localize (`--list` says what each shows).")
    var name: String?

    @Flag(help: "List the demos, one line each.")
    var list = false

    @Flag(help: "Projector mode: bigger pictures, no step counts or timings.")
    var present = false

    @Flag(help: "Run without a terminal and print the result (the default without one).")
    var headless = false

    @Option(parsing: .unconditional, help: "Seed of the demo's data, weights and batch order.", transform: OptionValidation.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Worker threads of its training (default 2, so a seed gives the same numbers on every machine).")
    var threads = 2

    @Option(help: "Write the demo's numbers as JSON to this file (implies --headless).")
    var json: String?

    @Option(help: "A zoo net or .net file to run the demo on instead of the lesson's (the race takes three: shallow plain, deep plain, deep residual).")
    var net: [String] = []

    @Option(help: "seeing only: a trained checkpoint (e.g. an ImageNet net from `convterm import`) to look at instead of training one.")
    var checkpoint: String?

    @Option(help: "With --checkpoint: write each image and its saliency map as a PNG into this directory.")
    var out: String?

    @Option(name: .customLong("set"), help: "KEY=VALUE: a demo option, as a lesson widget's --KEY VALUE (repeatable).")
    var settings: [String] = []

    func validate() throws {
        try OptionValidation.threads(threads)
        if list { return }
        guard let name else {
            throw ValidationError("which demo? The demos are \(DemoCatalog.entries.map(\.name).joined(separator: ", ")); `convterm demo --list` says what each shows")
        }
        guard DemoCatalog.entry(named: name) != nil else { throw ValidationError(DemoCatalog.unknown(name)) }
        _ = try options()
        if checkpoint != nil, DemoCatalog.entry(named: name)?.kind != .seeing {
            throw ValidationError("--checkpoint is for `convterm demo seeing` (where a trained net looks); the other demos train their own nets")
        }
        if out != nil, checkpoint == nil { throw ValidationError("--out needs --checkpoint CKPT (the pictures are of that net's saliency)") }
        if DemoCatalog.entry(named: name)?.kind == .race, !net.isEmpty, net.count != 3 {
            throw ValidationError("--net given \(net.count) time\(net.count == 1 ? "" : "s"): \(DemoCatalog.raceNetsExpected)")
        }
        if let json {
            // Found out now, not after a minute of training.
            let directory = URL(fileURLWithPath: json).deletingLastPathComponent().path
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue,
                  FileManager.default.isWritableFile(atPath: directory) else {
                throw ValidationError("--json \(json): cannot write in \(directory); give a file in a writable directory")
            }
        }
    }

    func options() throws -> [String: String] {
        var out: [String: String] = [:]
        for s in settings {
            let parts = s.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty else {
                throw ValidationError("--set wants KEY=VALUE, e.g. --set steps=300; got `\(s)`")
            }
            out[parts[0]] = parts[1]
        }
        return out
    }

    func run() throws {
        if list {
            print(DemoCatalog.listing)
            return
        }
        let entry = DemoCatalog.entry(named: name!)!
        if let checkpoint { return try seeing(checkpoint) }
        // The lessons define the demos' networks; without them the demos fall back to their own defaults.
        let lessons = LessonLibrary.locate().flatMap { try? LessonLibrary(directory: $0) }
        var request = DemoCatalog.request(entry.kind, lessons: lessons)
        request.options.merge(try options()) { $1 }
        if !net.isEmpty {
            request.networks = try net.map { name in
                let source = try loadOrExit(name)
                return LessonDemoRequest.Net(name: source.name, spec: source.spec)
            }
        }
        request.seed = seed
        request.threads = threads
        request.present = present
        let interactive = isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
        if headless || json != nil || !interactive {
            let outcome = try orExit { try DemoRun.run(request) }
            if let json {
                try orExit { try outcome.json.write(toFile: json, atomically: true, encoding: .utf8) }
            }
            print(outcome.summary)
            return
        }
        var (host, worker) = LessonDemoApp.hosted(request, standalone: true)
        // q cancels the work in update; a signal or a failed terminal never reaches it.
        defer { worker.stop() }
        let status: Int32
        do {
            status = try Terminal.runInTerminal(&host)
        } catch {
            printError("convterm demo: \(error)\nRun it without a terminal with --headless.")
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }

    /// The seeing demo's measurement of a trained checkpoint, printed (no training, no screen).
    func seeing(_ path: String) throws {
        let saved = try orExit { try Checkpoint.read(from: URL(fileURLWithPath: path)) }
        let options = try options()
        let images = try orExit { () throws -> Int in
            guard let text = options["images"] else { return 10 }
            guard let n = Int(text), (1...1000).contains(n) else { throw ValidationError("--set images=N wants a whole number from 1 to 1000; got `\(text)`") }
            return n
        }
        let saliency = try orExit { try CheckpointSaliency(checkpoint: saved, path: path, seed: seed, images: images, threads: threads) }
        let run = try orExit { try saliency.run() }
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try orExit { try encoder.encode(run.report).write(to: URL(fileURLWithPath: json)) }
        }
        print(run.report.summary)
        if let out {
            let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            let written = try orExit { try SlidePictures.write(CheckpointSaliency.pictures(run, name: name), to: URL(fileURLWithPath: out)) }
            print("wrote \(written.count) pictures (image | saliency) to \(out)")
        }
    }
}
