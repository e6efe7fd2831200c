import ConvData
import ConvEngine

/// What a lesson-10 run (`SegmentRun`, `LocalizeRun`) trains and how: the net, the length, the
/// optimizer, the data's size and the seed. A demo builds it from its request (`--set` changes the
/// demo's defaults); `convterm train --task` sets the fields from its options, unclamped, after
/// refusing what does not fit.
public struct ObjectRunRecipe: Sendable {
    public var name: String
    public var spec: NetworkSpec
    /// The step the run ends at, counted from the net's first (a resumed run starts at its checkpoint's).
    public var steps: Int
    public var batch: Int
    public var optimizer: OptimizerSettings
    public var initialization: Initialization
    public var trainCount: Int
    public var testCount: Int
    /// Steps between two measurements of the test IoU (the curve's points).
    public var measureEvery: Int
    /// Whether the rate falls along a cosine to 1% at `steps` (`LearningRateSchedule`).
    public var decays: Bool
    public var seed: UInt64
    public var threads: Int
    /// A checkpoint to continue from (weights, optimizer state, step), and where its data order
    /// stood (the caller has checked it against `trainCount`).
    public var resume: Checkpoint?
    var resumeOrder = (epoch: 0, position: 0)

    /// The training and test set sizes a run may have: a demo's `--set train|test` is clamped to
    /// them, a checkpoint or `eval --count` outside them refused (the images are generated up
    /// front, 4 KB each).
    static let trainCounts = 10...50_000
    static let testCounts = 1...10_000

    /// A demo's own recipe, the one measured for the README (5 seeds each).
    struct Defaults {
        var network: String
        var steps: Int
        var batch: Int
        var learningRate: Double
        var trainCount: Int
        var testCount: Int
        var measureEvery = 100
        var decays: Bool
    }

    /// The demo's recipe, changed by the request's `--set` options (clamped to what a live demo can show).
    init(_ request: LessonDemoRequest, defaults: Defaults) {
        let net = request.networks.first
        name = net?.name ?? defaults.network
        spec = net?.spec ?? Zoo.spec(named: defaults.network)!
        steps = request.int("steps", default: defaults.steps, in: 1...100_000)
        batch = request.int("batch", default: defaults.batch, in: 1...256)
        let rate = Double(request.options["lr"] ?? "").flatMap { $0 > 0 && $0 < 1 ? $0 : nil } ?? defaults.learningRate
        // Adam with He's start: the one recipe measured to reach the target on every seed in the time (see the README).
        optimizer = OptimizerSettings(kind: .adam, learningRate: rate)
        initialization = .he
        trainCount = request.int("train", default: defaults.trainCount, in: Self.trainCounts)
        testCount = request.int("test", default: defaults.testCount, in: Self.testCounts)
        measureEvery = request.int("measure-every", default: defaults.measureEvery, in: 1...100_000)
        switch request.options["decay"] {
        case "cosine": decays = true
        case "none": decays = false
        default: decays = defaults.decays
        }
        seed = request.seed
        threads = request.threads
    }
}
