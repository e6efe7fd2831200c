import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network on the built-in set, CIFAR-10/100 or your own CIFAR-format files.",
        discussion: """
        Stops at whichever of --epochs, --steps and --time-limit comes first (default: \(TrainingDefaults.epochs) epochs).

        Defaults, the same for the dashboard, Train on the home screen and lesson 5: \(TrainingDefaults.summary).

        Without a terminal, or with --headless, progress goes to stderr and a report (test accuracy, confusion matrix, per-class accuracy) to stdout. Ctrl-C, SIGTERM or a dropped connection (SIGHUP) save a checkpoint first when --save was given, headless or in the dashboard.
        """
    )

    @Option(help: "classify (a class per image; the default), segment (a mask per image: the object's pixels) or localize (a class and a box per image). segment and localize use the built-in set, run headless (`convterm demo segment|localize` shows them live) and start from their demo's recipe (segment: \(TrainingTask.segment.recipeSummary!); localize: \(TrainingTask.localize.recipeSummary!)), never augmented (a shift would move the object off its mask and box).")
    var task: TrainingTask = .classify

    @Option(help: "synthetic (built in, no download), cifar10, cifar100 (after `convterm fetch`), a directory of CIFAR .bin files, or one .bin file.")
    var data = TrainingDefaults.data

    @Option(help: "A zoo net or a .net file (default \(TrainingDefaults.network); with --resume, the checkpoint's net).")
    var net: String?

    @Option(parsing: .unconditional, help: "Passes over the training set (default \(TrainingDefaults.epochs) when no other limit is given).") var epochs: Int?
    @Option(parsing: .unconditional, help: "Minibatches to train.") var steps: Int?
    @Option(name: .customLong("time-limit"), parsing: .unconditional, help: "Seconds of training.") var timeLimit: Double?
    @Option(parsing: .unconditional, help: "Examples per minibatch (default \(TrainingDefaults.batchSize); --task segment 16, localize 32; with --resume of a --task run, the checkpoint's).") var batch: Int?
    @Option(help: "sgd, momentum, nesterov, adam or adadelta (default \(TrainingDefaults.optimizer.kind.rawValue); --task segment and localize \(TrainingTask.segment.recipe!.optimizer.kind.rawValue); with --resume, the checkpoint's).") var optimizer: OptimizerKind?
    @Option(parsing: .unconditional, help: "Learning rate (default \(TrainingDefaults.optimizer.learningRate) for the default optimizer; otherwise the optimizer's usual: adam 0.001, sgd/momentum/nesterov 0.01; adadelta ignores it; --task segment|localize: their recipe's with adam, the usual with another; with --resume, the checkpoint's).") var lr: Double?
    @Option(parsing: .unconditional, help: "L2 weight decay on weights, not biases (default \(TrainingDefaults.optimizer.l2); --task segment and localize \(TrainingTask.segment.recipe!.optimizer.l2); with --resume, the checkpoint's).") var l2: Double?
    @Option(parsing: .unconditional, help: "Seed for weights, data order, augmentation and dropout (default \(TrainingDefaults.seed); with --resume of a --task run, the checkpoint's).", transform: OptionValidation.seed) var seed: UInt64?
    @Option(parsing: .unconditional, help: "Worker threads, every core unless given.") var threads = TrainingDefaults.threads
    @Option(help: "Weight initialisation: pytorch (U(+-1/sqrt(fan_in)) weights and biases; the default), convnetjs (N(0, 1/fan_in), conv bias 0.1) or he (N(0, 2/fan_in); --task segment and localize's default).") var initialization: Initialization?
    @Flag(name: .customLong("no-augment"), help: "Turn off augmentation (the data set's own: random 2 px shifts, and mirrors where they keep the class, as in CIFAR; --task segment and localize never augment).") var noAugment = false
    @Option(help: "Write a checkpoint here at the end (and every --save-every steps).") var save: String?
    @Option(name: .customLong("save-every"), parsing: .unconditional, help: "Steps between checkpoints.") var saveEvery: Int?
    @Option(help: "Continue from a checkpoint written by --save.") var resume: String?
    @Option(help: "Write one JSON object per logged step to this file (--task segment|localize: one per measurement of the test set).") var log: String?
    @Flag(help: "Print progress instead of opening the live dashboard (the default without a terminal).") var headless = false

    func validate() throws {
        if let batch { try OptionValidation.whole(batch, in: 1...100_000, option: "--batch") }
        try OptionValidation.threads(threads)
        if let epochs { try OptionValidation.whole(epochs, in: 1...1_000_000, option: "--epochs") }
        if let steps { try OptionValidation.whole(steps, in: 1...1_000_000_000, option: "--steps") }
        if let timeLimit { try OptionValidation.positive(timeLimit, atMost: 1e7, option: "--time-limit") }
        if let lr { try OptionValidation.positive(lr, atMost: 1e6, option: "--lr") }
        if let l2 { try OptionValidation.nonNegative(l2, atMost: 1e6, option: "--l2") }
        if saveEvery != nil && save == nil { throw ValidationError("--save-every needs --save FILE") }
        if let saveEvery { try OptionValidation.atLeast(1, saveEvery, option: "--save-every") }
        if let save { try OptionValidation.writableFile(save, option: "--save") }
        if let log { try OptionValidation.writableFile(log, option: "--log") }
    }

    func run() throws {
        if task != .classify { return try runTask() }
        let checkpoint = try resume.map { path in try orExit { try Checkpoint.read(from: URL(fileURLWithPath: path)) } }
        let network: NetworkSource
        if let net {
            network = try loadOrExit(net)
        } else if let checkpoint {
            let spec = try orExit { try checkpoint.spec() }
            network = NetworkSource(name: "checkpoint", origin: resume!, text: spec.text, spec: spec)
        } else {
            network = try loadOrExit(TrainingDefaults.network)
        }
        if let refusal = task.refusal(data: data, network: network) {
            printError("convterm train: \(refusal)")
            throw ExitCode(2)
        }
        let seed = seed ?? TrainingDefaults.seed
        let batch = batch ?? TrainingDefaults.batchSize
        let loaded = try orExit { try DataLocator().load(data, seed: seed) }
        for warning in loaded.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        var options = TrainingOptions(network: network, dataName: loaded.name, train: loaded.train, test: loaded.test)
        options.batchSize = batch
        let kind = checkpoint?.optimizer.kind ?? optimizer ?? TrainingDefaults.optimizer.kind
        options.optimizer = OptimizerSettings(kind: kind, learningRate: lr ?? checkpoint?.optimizer.learningRate ?? TrainingDefaults.learningRate(for: kind),
                                              l2: l2 ?? checkpoint?.optimizer.l2 ?? TrainingDefaults.optimizer.l2)
        options.initialization = initialization ?? TrainingDefaults.initialization
        options.seed = seed
        options.threads = threads
        options.augment = !noAugment
        options.resume = checkpoint
        let headlessRun = headless || isatty(STDIN_FILENO) != 1 || isatty(STDOUT_FILENO) != 1
        // The dashboard trains until the student quits: its stop options don't apply, nor to the decay.
        options.decay = TrainingOptions.decay(steps: headlessRun ? steps : nil, epochs: headlessRun ? epochs : nil,
                                              trainCount: loaded.train.count, batchSize: batch, resuming: checkpoint)
        if let checkpoint, let optimizer, optimizer != checkpoint.optimizer.kind {
            FileHandle.standardError.write(Data("warning: resuming with the checkpoint's optimizer (\(checkpoint.optimizer.kind.rawValue)); --optimizer \(optimizer.rawValue) applies to new runs\n".utf8))
        }
        if !headless && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1 {
            // A terminal: the live dashboard trains until the user quits (the stop limits apply to headless runs).
            let configuration = DashboardConfiguration(training: options, savePath: save)
            let status: Int32
            do {
                status = try Dashboard.run(configuration: configuration)
            } catch let error as TerminalError {
                printError("convterm: \(error)\nTrain without the dashboard: add --headless (progress on stderr, a report at the end).")
                throw ExitCode(2)
            } catch {
                status = try orExit { throw error }
            }
            if status != 0 { throw ExitCode(status) }
            return
        }
        var settings = TrainingJob.Settings(options: options)
        settings.epochs = epochs ?? ((steps == nil && timeLimit == nil) ? TrainingDefaults.epochs : nil)
        settings.steps = steps
        settings.timeLimit = timeLimit
        settings.savePath = save
        settings.saveEvery = saveEvery
        settings.logPath = log
        settings.interactiveProgress = isatty(STDERR_FILENO) == 1
        TrainingJob.installSignalHandlers()
        let report = try orExit { try TrainingJob(settings: settings).run() }
        if report.interrupted { throw ExitCode(128 + (TrainingJob.stoppingSignal ?? SIGINT)) }
    }

    /// `--task segment|localize`: the demo's run on the net and options given, headless.
    func runTask() throws {
        let network = try net.map { try loadOrExit($0) }
        if let refusal = task.refusal(data: data, network: network) {
            printError("convterm train: \(refusal)")
            throw ExitCode(2)
        }
        var settings = TaskTrainingJob.Settings(task: task, threads: threads)
        settings.network = network
        settings.steps = steps
        settings.epochs = epochs
        settings.timeLimit = timeLimit
        settings.batch = batch
        settings.optimizer = optimizer
        settings.learningRate = lr
        settings.l2 = l2
        settings.initialization = initialization
        settings.seed = seed
        settings.resume = try resume.map { path in (path, try orExit { try Checkpoint.read(from: URL(fileURLWithPath: path)) }) }
        settings.savePath = save
        settings.saveEvery = saveEvery
        settings.logPath = log
        let job = try orExit { try TaskTrainingJob(settings) }
        for warning in job.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        TrainingJob.installSignalHandlers()
        let outcome = try orExit {
            try job.run(stop: { TrainingJob.stoppingSignal != nil }) { line in FileHandle.standardError.write(Data(line.utf8)) }
        }
        print(outcome.text)
        // As a classification run: 128 + the signal only when it cut the run short.
        if outcome.interrupted { throw ExitCode(128 + (TrainingJob.stoppingSignal ?? SIGINT)) }
    }
}

extension TrainingTask: ExpressibleByArgument {}
