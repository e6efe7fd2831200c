import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

/// `convterm dashboard`: the training dashboard on synthetic data, for end-to-end tests and
/// for making the README's picture. Hidden: users reach the dashboard through `convterm train`.
struct DashboardCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "The live training dashboard on synthetic CIFAR-style data (for tests and screenshots).",
        shouldDisplay: false
    )

    @Option(help: "A zoo net or a .net file.")
    var net = "convnetjs-cifar10"

    @Option(parsing: .unconditional, help: "Batches per frame; 0 trains at full speed.")
    var stepsPerFrame = 0

    @Option(parsing: .unconditional, help: "Seed for the weights, the data order and the synthetic images.", transform: OptionValidation.seed)
    var seed: UInt64 = 1

    @Option(parsing: .unconditional, help: "Batch size.")
    var batch = TrainingDefaults.batchSize

    @Option(help: "Where `s` saves a checkpoint.")
    var save: String?

    @Option(parsing: .unconditional, help: "Synthetic training images.")
    var trainCount = 2000

    @Option(parsing: .unconditional, help: "Synthetic test images.")
    var testCount = 500

    @Option(parsing: .unconditional, help: "Worker threads for training.")
    var threads = 2

    @Option(help: "Optimizer: sgd, momentum, nesterov, adam, adadelta.")
    var optimizer = TrainingDefaults.optimizer.kind.rawValue

    @Option(parsing: .unconditional, help: "Learning rate (default: the optimizer's usual).")
    var lr: Double?

    @Option(parsing: .unconditional, help: "Frames per second (10 to 30).")
    var fps = 10

    @Flag(help: "Start paused.")
    var paused = false

    @Option(help: "Instead of a terminal: train this many batches, then write one frame as PNG (with --snapshot-text, as text).")
    var snapshotPNG: String?

    @Option(help: "With --snapshot-png: also write the frame as text.")
    var snapshotText: String?

    @Option(help: "Size of the snapshot frame, WxH.")
    var size = "120x40"

    @Option(parsing: .unconditional, help: "Batches before the snapshot.")
    var steps = 300

    @Option(help: "Keys pressed before the snapshot is drawn, e.g. `j` to select conv1.")
    var keys = ""

    @Option(parsing: .unconditional, help: "Instead of a terminal: train this many seconds with no screen and print images/s (the baseline for the UI's cost).")
    var benchmarkSeconds: Double?

    @Option(help: "After the dashboard closes, write `examples seconds images/s` of the run here.")
    var statsFile: String?

    func validate() throws {
        try OptionValidation.whole(batch, in: 1...100_000, option: "--batch")
        try OptionValidation.threads(threads)
        try OptionValidation.whole(trainCount, in: 1...1_000_000, option: "--train-count")
        try OptionValidation.whole(testCount, in: 1...1_000_000, option: "--test-count")
        if let lr { try OptionValidation.positive(lr, atMost: 1e6, option: "--lr") }
        guard (1...60).contains(fps) else { throw ValidationError("--fps must be 1...60") }
        guard OptimizerKind(rawValue: optimizer) != nil else {
            throw ValidationError("--optimizer must be one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    func run() throws {
        let source: NetworkSource
        do { source = try NetworkSource.load(net) } catch {
            FileHandle.standardError.write(Data("convterm: \(error)\n".utf8))
            throw ExitCode(2)
        }
        let data = SyntheticCIFAR.makeSplit(seed: seed, trainCount: trainCount, testCount: testCount)
        let kind = OptimizerKind(rawValue: optimizer)!
        let config = DashboardConfiguration(
            networkName: source.name, spec: source.spec, train: data.train, test: data.test, batchSize: batch,
            optimizer: OptimizerSettings(kind: kind, learningRate: lr ?? TrainingDefaults.learningRate(for: kind),
                                         l2: TrainingDefaults.optimizer.l2), seed: seed, threads: threads,
            savePath: save, speed: TrainingSpeed(stepsPerFrame: stepsPerFrame), startPaused: paused,
            frameInterval: .milliseconds(1000 / fps))
        if let seconds = benchmarkSeconds {
            let r = try Dashboard.benchmark(configuration: config, seconds: seconds)
            print("headless: \(r.examples) examples in \(String(format: "%.2f", r.seconds)) s = \(String(format: "%.1f", r.imagesPerSecond)) images/s")
            return
        }
        if let png = snapshotPNG {
            let keys = self.keys
            let grid = try Dashboard.renderFrame(configuration: config, steps: steps, size: try parseSize(size)) { app in
                for k in keys { _ = app.update(k == "\t" ? .tab : .char(k)) }
            }
            try write(grid, png: png, text: snapshotText)
            return
        }
        let status: Int32
        do {
            status = try Dashboard.run(configuration: config, statsFile: statsFile)
        } catch let error as TerminalError {
            FileHandle.standardError.write(Data("convterm: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
