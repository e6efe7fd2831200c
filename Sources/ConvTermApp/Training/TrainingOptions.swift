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
    /// Over how long the learning rate decays (`LearningRateSchedule`); `.none` keeps it constant.
    public var decay = TrainingDefaults.decay
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

    /// How long the learning rate's cosine decay lasts.
    public enum Decay: Sendable, Equatable {
        case none
        /// Passes over the training set (the default run's length, for runs without one).
        case epochs(Int)
        /// Steps from the network's first (a run given --steps; a resumed run's end).
        case steps(Int)
    }

    /// Where a run's rate decay ends, in steps from the network's first: a headless run's own
    /// length (the first of `steps` and `epochs`), else the default 10 epochs. A resumed run
    /// keeps the end its checkpoint saved unless given a new length, which then counts from the
    /// checkpoint's step, so stopping and resuming never raises the rate again.
    public static func decay(steps: Int?, epochs: Int?, trainCount: Int, batchSize: Int, resuming checkpoint: Checkpoint?) -> Decay {
        let perEpoch = (trainCount + batchSize - 1) / batchSize
        let start = checkpoint?.step ?? 0
        let given = [steps, epochs.map { $0 * perEpoch }].compactMap { $0 }.min()
        if given == nil, let saved = checkpoint?.extra[TrainingSession.decayEndKey].flatMap({ Int($0) }) { return .steps(saved) }
        return .steps(start + (given ?? TrainingDefaults.epochs * perEpoch))
    }

    /// The schedule `decay` means for this training set and batch size.
    var schedule: LearningRateSchedule? {
        switch decay {
        case .none: nil
        case .epochs(let n): LearningRateSchedule(horizon: n * ((train.count + batchSize - 1) / batchSize))
        case .steps(let n): LearningRateSchedule(horizon: n)
        }
    }
}
