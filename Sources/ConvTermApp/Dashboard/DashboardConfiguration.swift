import Foundation
import ConvData
import ConvEngine
import Lessons

/// What `convterm train` (or a lesson step) hands the dashboard: the training options (the same
/// value a headless run takes) and how the screen runs. Layout and keys are the dashboard's business.
public struct DashboardConfiguration: Sendable {
    public var training: TrainingOptions
    /// Where `s` writes checkpoints; nil means `<network name>.ckpt` in the working directory.
    public var savePath: String?
    public var speed: TrainingSpeed
    public var startPaused: Bool
    /// Redraw interval; 100 ms (10 fps) keeps drawing well under 10% of training's CPU.
    public var frameInterval: Duration
    /// Test images in each rolling validation batch (the validation curve and the strip).
    public var validationBatch: Int
    /// A validation batch after every this many training examples.
    public var validationEvery: Int
    /// Projector mode (a lesson run with `--present`): pictures at least twice as large, and no
    /// speed or timing figures, which only distract a room from loss and accuracy.
    public var present = false
    /// A lesson step's task, checked on the dashboard's state and shown on its own line (`goal`
    /// is its text, rendered by the lesson); nil outside lessons.
    public var task: LessonTaskRun?
    public var taskGoal = ""
    /// Set to view a checkpoint instead of training it (`convterm eval --dashboard`).
    public var viewing: DashboardViewing?

    /// Where an interrupted run (Ctrl-C, SIGTERM, SIGHUP) saves its progress: nowhere for a viewer,
    /// which trained nothing and whose save path is the checkpoint being viewed — writing it would
    /// replace an import's class names and normalisation with a training run's extras.
    public var interruptSavePath: String? { viewing == nil ? savePath : nil }

    public init(training: TrainingOptions, savePath: String? = nil, speed: TrainingSpeed = .full, startPaused: Bool = false,
                frameInterval: Duration = .milliseconds(100), validationBatch: Int = 50, validationEvery: Int = 1000) {
        var training = training
        // The dashboard always has something to validate on: without a test set, the first 500 training images.
        if training.test == nil { training.test = training.train.prefix(min(training.train.count, 500)) }
        self.training = training
        self.savePath = savePath
        self.speed = speed
        self.startPaused = startPaused
        self.frameInterval = frameInterval
        self.validationBatch = validationBatch
        self.validationEvery = validationEvery
    }

    /// A configuration from a bare spec and data (tests, `convterm dashboard`, lessons), with the
    /// shared training defaults for whatever is not given.
    public init(networkName: String, spec: NetworkSpec, train: ImageSet, test: ImageSet,
                batchSize: Int = TrainingDefaults.batchSize, optimizer: OptimizerSettings = TrainingDefaults.optimizer,
                seed: UInt64 = TrainingDefaults.seed, threads: Int = TrainingDefaults.threads, savePath: String? = nil,
                dataName: String = "synthetic",
                speed: TrainingSpeed = .full, startPaused: Bool = false, frameInterval: Duration = .milliseconds(100),
                validationBatch: Int = 50, validationEvery: Int = 1000) {
        var options = TrainingOptions(network: NetworkSource(name: networkName, origin: networkName, text: spec.text, spec: spec),
                                      dataName: dataName, train: train, test: test)
        options.batchSize = batchSize
        options.optimizer = optimizer
        options.seed = seed
        options.threads = threads
        self.init(training: options, savePath: savePath, speed: speed, startPaused: startPaused, frameInterval: frameInterval,
                  validationBatch: validationBatch, validationEvery: validationEvery)
    }

    public var networkName: String { training.network.name }
    public var train: ImageSet { training.train }
    public var test: ImageSet { training.test! }
    /// Where `s` saves, as a full path so the note under the dashboard says exactly where.
    public var resolvedSavePath: String {
        let path = savePath ?? "\(networkName).ckpt"
        return path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
    }
}
