import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on the built-in set, CIFAR-10/100 or your own CIFAR-format files.",
        discussion: """
        Stops at whichever of --epochs, --steps and --time-limit comes first (default: 10 epochs).
        Without a terminal, or with --headless, progress goes to stderr and a report (test accuracy,
        confusion matrix, per-class accuracy) to stdout. Ctrl-C saves a checkpoint when --save was given.
        """
    )

    @Option(help: "synthetic (built in, no download), cifar10, cifar100 (after `convterm fetch`), a directory of CIFAR .bin files, or one .bin file.")
    var data = "synthetic"

    @Option(help: "A zoo net or a .net file (default convnetjs-cifar10; with --resume, the checkpoint's net).")
    var net: String?

    @Option(parsing: .unconditional, help: "Passes over the training set.") var epochs: Int?
    @Option(parsing: .unconditional, help: "Minibatches to train.") var steps: Int?
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds of training.") var timeLimit: Double?
    @Option(parsing: .unconditional, help: "Examples per minibatch.") var batch = 32
    @Option(help: "sgd, momentum, nesterov, adam or adadelta (default adam; with --resume, the checkpoint's).") var optimizer: OptimizerKind?
    @Option(parsing: .unconditional, help: "Learning rate (default per optimizer: adam 0.001, sgd/momentum 0.01; adadelta ignores it).") var lr: Double?
    @Option(parsing: .unconditional, help: "L2 weight decay on weights, not biases (default 0.0001; with --resume, the checkpoint's).") var l2: Double?
    @Option(parsing: .unconditional, help: "Seed for weights, data order, augmentation and dropout.", transform: OptionValidation.seed) var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = ProcessInfo.processInfo.activeProcessorCount
    @Option(help: "Weight initialisation: he, or convnetjs (N(0, 1/fan_in), conv bias 0.1).") var initialization: Initialization = .he
    @Flag(name: .customLong("no-augment"), help: "Turn off random 2 px shifts and horizontal flips.") var noAugment = false
    @Option(help: "Write a checkpoint here at the end (and every --save-every steps).") var save: String?
    @Option(name: .customLong("save-every"), parsing: .unconditional, help: "Steps between checkpoints.") var saveEvery: Int?
    @Option(help: "Continue from a checkpoint written by --save.") var resume: String?
    @Option(help: "Write one JSON object per logged step to this file.") var log: String?
    @Flag(help: "Print progress instead of opening the live dashboard (the default without a terminal).") var headless = false

    func validate() throws {
        try OptionValidation.whole(batch, in: 1...100_000, option: "--batch")
        try OptionValidation.threads(threads)
        if let epochs { try OptionValidation.whole(epochs, in: 1...1_000_000, option: "--epochs") }
        if let steps { try OptionValidation.whole(steps, in: 1...1_000_000_000, option: "--steps") }
        if let timeLimit { try OptionValidation.positive(timeLimit, atMost: 1e7, option: "--time-limit") }
        if let lr { try OptionValidation.positive(lr, atMost: 1e6, option: "--lr") }
        if let l2 { try OptionValidation.nonNegative(l2, atMost: 1e6, option: "--l2") }
        if saveEvery != nil && save == nil { throw ValidationError("--save-every needs --save FILE") }
        if let saveEvery { try OptionValidation.atLeast(1, saveEvery, option: "--save-every") }
    }

    func run() throws {
        let checkpoint = try resume.map { path in try orExit { try Checkpoint.read(from: URL(fileURLWithPath: path)) } }
        let network: NetworkSource
        if let net {
            network = try loadOrExit(net)
        } else if let checkpoint {
            let spec = try orExit { try checkpoint.spec() }
            network = NetworkSource(name: "checkpoint", origin: resume!, text: spec.text, spec: spec)
        } else {
            network = try loadOrExit("convnetjs-cifar10")
        }
        let loaded = try orExit { try DataLocator().load(data, seed: seed) }
        for warning in loaded.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        let interactive = isatty(STDERR_FILENO) == 1
        let settings = TrainingJobSettings(
            network: network, dataName: loaded.name, train: loaded.train, test: loaded.test,
            epochs: epochs ?? ((steps == nil && timeLimit == nil) ? 10 : nil), steps: steps, timeLimit: timeLimit,
            batchSize: batch,
            optimizer: OptimizerSettings(kind: checkpoint?.optimizer.kind ?? optimizer ?? .adam,
                                         learningRate: lr ?? checkpoint?.optimizer.learningRate,
                                         l2: l2 ?? checkpoint?.optimizer.l2 ?? 0.0001),
            initialization: initialization, seed: seed, threads: threads, augment: !noAugment,
            savePath: save, saveEvery: saveEvery, resume: checkpoint, logPath: log, interactiveProgress: interactive)
        if let checkpoint, let optimizer, optimizer != checkpoint.optimizer.kind {
            FileHandle.standardError.write(Data("warning: resuming with the checkpoint's optimizer (\(checkpoint.optimizer.kind.rawValue)); --optimizer \(optimizer.rawValue) applies to new runs\n".utf8))
        }
        if !headless && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            // A terminal: the live dashboard trains until the user quits (the stop limits apply to headless runs).
            let configuration = DashboardConfiguration(
                networkName: network.name, spec: network.spec, train: loaded.train,
                test: loaded.test ?? loaded.train.prefix(min(loaded.train.count, 500)), batchSize: batch,
                optimizer: settings.optimizer, seed: seed, threads: threads, savePath: save,
                initialCheckpoint: checkpoint, initialization: initialization,
                augmentation: noAugment ? nil : .convNetJS)
            let status = try orExit { try Dashboard.run(configuration: configuration) }
            if status != 0 { throw ExitCode(status) }
            return
        }
        TrainingJob.installSignalHandlers()
        let report = try orExit { try TrainingJob(settings: settings).run() }
        if report.interrupted { throw ExitCode(130) }
    }
}

/// Runs `body`; a failure prints its human message (no stack trace) and exits 1.
func orExit<T>(_ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as ExitCode {
        throw error
    } catch {
        FileHandle.standardError.write(Data("error: \(error)\n".utf8))
        throw ExitCode(1)
    }
}

extension OptimizerKind: ExpressibleByArgument {}
extension Initialization: ExpressibleByArgument {}
