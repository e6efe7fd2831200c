import ConvData
import ConvEngine

/// What `convterm train` (or a lesson step) hands the dashboard: the network, the data, and the
/// training settings. Everything else (layout, keys) is the dashboard's business.
public struct DashboardConfiguration: Sendable {
    public var networkName: String
    public var spec: NetworkSpec
    public var train: ImageSet
    public var test: ImageSet
    public var batchSize: Int
    public var optimizer: OptimizerSettings
    public var seed: UInt64
    public var threads: Int
    /// Where `s` writes checkpoints; nil means `<network name>.ckpt` in the working directory.
    public var savePath: String?
    /// A checkpoint to start from (and to return to with `r`).
    public var initialCheckpoint: Checkpoint?
    public var initialization: Initialization
    public var preprocessing: Preprocessing
    public var augmentation: Augmentation?
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

    public init(networkName: String, spec: NetworkSpec, train: ImageSet, test: ImageSet, batchSize: Int = 4,
                optimizer: OptimizerSettings = OptimizerSettings(kind: .adadelta, l2: 0.0001), seed: UInt64 = 1,
                threads: Int = 2, savePath: String? = nil, initialCheckpoint: Checkpoint? = nil,
                initialization: Initialization = .he, preprocessing: Preprocessing = .convNetJS,
                augmentation: Augmentation? = .convNetJS, speed: TrainingSpeed = .full, startPaused: Bool = false,
                frameInterval: Duration = .milliseconds(100), validationBatch: Int = 50, validationEvery: Int = 1000) {
        self.networkName = networkName
        self.spec = spec
        self.train = train
        self.test = test
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.seed = seed
        self.threads = threads
        self.savePath = savePath
        self.initialCheckpoint = initialCheckpoint
        self.initialization = initialization
        self.preprocessing = preprocessing
        self.augmentation = augmentation
        self.speed = speed
        self.startPaused = startPaused
        self.frameInterval = frameInterval
        self.validationBatch = validationBatch
        self.validationEvery = validationEvery
    }

    public var resolvedSavePath: String { savePath ?? "\(networkName).ckpt" }
}
