import ConvData
import ConvEngine
import Foundation

/// Lesson 12's demo without a terminal, as `ParallelDemo` computes it: the data-parallel gradient
/// check on a batch of the built-in set, and what each of two workers holds and sends for the
/// lesson's network under data and model parallelism.
public struct ParallelRun: Sendable {
    public var networkName: String
    public var spec: NetworkSpec
    public var workers: Int
    public var batch: Int
    public var seed: UInt64
    /// The net the gradient check trains (small enough to run twice in a blink).
    public static let checkNetwork = "convnetjs-cifar10"
    public static let checkBatch = 8

    public init(_ request: LessonDemoRequest) {
        let net = request.networks.first ?? LessonDemoRequest.Net(name: "vgg16", spec: Zoo.spec(named: "vgg16")!)
        networkName = net.name
        spec = net.spec
        workers = request.int("workers", default: 2, in: 2...4)
        batch = request.int("batch", default: 32, in: 1...256)
        seed = request.seed
    }

    public func run() throws -> ParallelReport {
        let start = ContinuousClock.now
        let (x, y) = DemoTraining.batch(DemoTraining.data.train, count: ParallelRun.checkBatch, seed: seed)
        let c = try DataParallel.check(spec: Zoo.spec(named: ParallelRun.checkNetwork)!, seed: seed, images: x, labels: y, workers: workers)
        let shapes = NetworkShapes(spec)
        let data = ParallelPlan.data(shapes, workers: 2, batch: batch)
        let model = ParallelPlan.model(shapes, batch: batch)
        return ParallelReport(
            checkNetwork: ParallelRun.checkNetwork, checkBatch: ParallelRun.checkBatch, workers: c.workers, shares: c.shares,
            gradientCount: c.gradientCount, maxAbsDifference: Double(c.maxAbsDifference), relativeDifference: Double(c.relativeDifference),
            singleLoss: c.singleLoss, workerLosses: c.workerLosses, network: networkName, batch: batch,
            dataParallelSends: data.workers.map(\.sends), modelParallelSends: model.workers.map(\.sends),
            modelSplitAfter: model.splitAfter, seed: seed, seconds: DemoTraining.seconds(since: start))
    }
}

/// What `convterm demo parallel --headless --json FILE` writes.
public struct ParallelReport: Codable, Sendable, Equatable {
    public var checkNetwork: String
    public var checkBatch: Int
    public var workers: Int
    public var shares: [Int]
    public var gradientCount: Int
    /// max |average of the workers' gradients - the whole batch's gradient on one worker|.
    public var maxAbsDifference: Double
    public var relativeDifference: Double
    public var singleLoss: Double
    public var workerLosses: [Double]
    public var network: String
    public var batch: Int
    /// Numbers each of 2 workers sends per step under data parallelism (its whole gradient) and
    /// under model parallelism (the activations at the split).
    public var dataParallelSends: [Int]
    public var modelParallelSends: [Int]
    public var modelSplitAfter: String?
    public var seed: UInt64
    public var seconds: Double

    enum CodingKeys: String, CodingKey {
        case checkNetwork = "check_network", checkBatch = "check_batch", workers, shares, gradientCount = "gradient_count"
        case maxAbsDifference = "max_abs_difference", relativeDifference = "relative_difference", singleLoss = "single_loss"
        case workerLosses = "worker_losses", network, batch, dataParallelSends = "data_parallel_sends"
        case modelParallelSends = "model_parallel_sends", modelSplitAfter = "model_split_after", seed, seconds
    }

    /// The live demo's own test of "the same gradient".
    public var sameGradient: Bool { relativeDifference < 1e-5 }

    public var summary: String {
        "parallel: the average of \(workers) workers' gradients differs from the whole batch's by at most "
            + "\(DemoText.sci(maxAbsDifference)) (relative \(DemoText.sci(relativeDifference))): "
            + (sameGradient ? "the same gradient up to round-off" : "NOT the same gradient")
            + "; \(network) at batch \(batch): data parallelism sends \((dataParallelSends.first ?? 0).grouped) numbers a worker, "
            + "model parallelism \((modelParallelSends.first ?? 0).grouped) (seed \(seed))"
    }
}
