import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation

/// `convterm snapshot SOURCE`: PNGs of a network's filters, activation maps or one example with
/// its top-3 guesses, for slides. The default subcommand of `snapshot`.
struct SnapshotPicturesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pictures",
        abstract: "PNGs of a checkpoint's (or a fresh net's) filters, activation maps, or one image with its top-3 guesses.",
        discussion: """
        One file a layer, named NET-LAYER-WHAT-stepN.png (the example: NET-exampleI-stepN.png); real \
        pixels at an integer zoom. `convterm snapshot run.ckpt --what filters --layer conv1 --out slides/`.
        """
    )

    @Argument(help: "A checkpoint written by `convterm train --save`, a zoo net or a .net file (freshly initialised).")
    var source: String

    @Option(help: "filters, activations or example.")
    var what: SlidePictures.What = .filters

    @Option(help: "Only this layer (default: every conv layer for filters, every layer for activations).")
    var layer: String?

    @Option(help: "The directory to write the PNGs into (created if missing).")
    var out = "."

    @Option(help: "The data set the example image comes from (activations, example): synthetic, cifar10, a directory or a .bin.")
    var data = TrainingDefaults.data

    @Option(parsing: .unconditional, help: "Which image of the set's test images (0-based).")
    var image = 0

    @Option(parsing: .unconditional, help: "Pixels per weight or activation (default: 8 for filters and the example, enough for ~64 px tiles for activations).")
    var zoom: Int?

    @Option(parsing: .unconditional, help: "Seed of a fresh net's weights and of the synthetic set.", transform: OptionValidation.seed)
    var seed: UInt64 = TrainingDefaults.seed

    func validate() throws {
        try OptionValidation.atLeast(0, image, option: "--image")
        if let zoom { try OptionValidation.whole(zoom, in: 1...64, option: "--zoom") }
    }

    func run() throws {
        let (trainer, name, step) = try load()
        let pictures = SlidePictures(trainer: trainer, name: name, step: step)
        var written: [SlidePictures.Picture] = []
        switch what {
        case .filters:
            written = try orExit { try pictures.filters(layer: layer, zoom: zoom ?? 8) }
        case .activations, .example:
            let loaded = try orExit { try DataLocator().load(data, seed: seed) }
            let set = loaded.test ?? loaded.train
            let input = trainer.network.spec.input
            guard set.width == input.width, set.height == input.height, set.channels == input.depth else {
                printError("\(name) takes \(input) images but \(loaded.name) has \(set.width)x\(set.height)x\(set.channels); give --data of that shape")
                throw ExitCode(1)
            }
            if what == .example {
                written = [try orExit { try pictures.example(set: set, index: image, zoom: zoom ?? 8) }]
            } else {
                guard image < set.count else {
                    printError("--image must be 0...\(set.count - 1) for \(loaded.name); got \(image)")
                    throw ExitCode(1)
                }
                var floats = [Float](repeating: 0, count: set.pixelsPerImage)
                floats.withUnsafeMutableBufferPointer { set.writeFloats(at: image, into: $0.baseAddress!, preprocessing: .convNetJS) }
                written = try orExit { try pictures.activations(image: floats, layer: layer, zoom: zoom) }
            }
        }
        let urls = try orExit { try SlidePictures.write(written, to: URL(fileURLWithPath: out)) }
        for (url, picture) in zip(urls, written) { print("wrote \(url.path) (\(picture.width)x\(picture.height))") }
    }

    /// A trainer holding the checkpoint's weights, or a fresh net's; the name and step for file names.
    func load() throws -> (Trainer, String, Int) {
        if ExportCommand.isCheckpoint(source) {
            let checkpoint = try orExit { try Checkpoint.read(from: URL(fileURLWithPath: source)) }
            let trainer = try orExit {
                let network = try Network(spec: try checkpoint.spec(), initialization: TrainingDefaults.initialization, seed: seed)
                let trainer = try Trainer(network: network, optimizer: checkpoint.optimizer, threads: TrainingDefaults.threads)
                try checkpoint.restore(into: trainer)
                return trainer
            }
            return (trainer, URL(fileURLWithPath: source).deletingPathExtension().lastPathComponent, checkpoint.step)
        }
        let network = try loadOrExit(source)
        let trainer = try orExit {
            try Trainer(network: Network(spec: network.spec, initialization: TrainingDefaults.initialization, seed: seed),
                        optimizer: TrainingDefaults.optimizer, threads: TrainingDefaults.threads)
        }
        return (trainer, network.name, 0)
    }
}

extension SlidePictures.What: ExpressibleByArgument {}
