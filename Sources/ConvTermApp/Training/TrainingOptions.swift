import ConvData
import ConvEngine

/// What to train and how: everything a `TrainingSession` needs, already validated by whoever
/// built it (the command line, a lesson, a demo). Defaults come from `TrainingDefaults`.
public struct TrainingOptions: Sendable {
    public var network: NetworkSource
    /// How messages name the data ("synthetic", "cifar10", a path).
    public var dataName: String
    public var train: ImageSet
    public var test: ImageSet?
    public var batchSize = TrainingDefaults.batchSize
    public var optimizer = TrainingDefaults.optimizer
    public var initialization = TrainingDefaults.initialization
    public var seed = TrainingDefaults.seed
    public var threads = TrainingDefaults.threads
    /// Draw from the training set's own label-keeping augmentation (`ImageSet.augmentation`).
    public var augment = true
    public var preprocessing: Preprocessing = .convNetJS
    /// A checkpoint to continue from: weights, optimizer state, counters and the data position.
    public var resume: Checkpoint?

    public init(network: NetworkSource, dataName: String, train: ImageSet, test: ImageSet?) {
        self.network = network
        self.dataName = dataName
        self.train = train
        self.test = test
    }

    var augmentation: Augmentation? { augment ? train.augmentation : nil }
}
