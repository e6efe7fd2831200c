import ConvData
import ConvEngine
import Foundation

/// Lesson 10's segmentation: a small encoder-decoder (`segnet-tiny`) learns to paint object vs
/// background on every pixel of the built-in images, from the painter's own masks. The live demo
/// (`SegmentDemo`) runs exactly this on its worker and draws the events; headless, the report is
/// the mean IoU over the test images (defined in `ObjectIoU`).
public struct SegmentRun: Sendable {
    public var recipe: ObjectRunRecipe

    /// A constant rate unless `--set decay=cosine` (falling to 1% over the run): with the decay the
    /// mean IoU of seed 1 ended at 0.806 instead of 0.856, the curve still climbing when the rate
    /// had gone.
    static let defaults = ObjectRunRecipe.Defaults(network: "segnet-tiny", steps: 1200, batch: 16, learningRate: 0.002,
                                                   trainCount: 4000, testCount: 200, decays: false)

    public init(_ request: LessonDemoRequest) {
        recipe = ObjectRunRecipe(request, defaults: Self.defaults)
    }

    public init(recipe: ObjectRunRecipe) {
        self.recipe = recipe
    }

    /// The test images the live demo draws, with their predictions.
    static let shownImages = 4

    public enum Event: Sendable {
        /// Before training: the first `shownImages` test images (CHW bytes) and their true masks [32 * 32].
        case started(images: [[UInt8]], truths: [[Bool]])
        /// Step `step` (from 1) was taken: its loss and the share of its pixels classed right.
        case step(Int, loss: Double, pixelAccuracy: Double)
        /// The test set measured after `step` steps (0: before training): the mean IoU, and the
        /// predicted masks [32 * 32] of the first `shownImages` test images.
        case measured(step: Int, meanIoU: Double, masks: [[Bool]])
        /// The run could not start (the network does not fit the task).
        case failed(String)
    }

    /// Checks the network fits the task: 32x32x3 in, 32x32 with 2 scores a pixel out, `loss pixelsoftmax`.
    public static func problem(_ spec: NetworkSpec) -> String? {
        guard spec.input == Volume(width: 32, height: 32, depth: 3) else { return "takes \(spec.input); the demo's images are 32x32x3" }
        guard spec.loss == .pixelSoftmax else { return "must end in `loss pixelsoftmax` (a class for every pixel)" }
        let out = NetworkShapes(spec).output
        guard out == Volume(width: 32, height: 32, depth: 2) else { return "ends in \(out); it must end in 32x32x2 (background and object scores for every pixel)" }
        return nil
    }

    /// The mean IoU over `indices` of the test set, and the predicted masks of the first `shown` of them.
    static func measure(_ trainer: Trainer, _ set: SyntheticObjects, count: Int, shown: Int) -> (meanIoU: Double, masks: [[Bool]]) {
        var total = 0.0
        var masks: [[Bool]] = []
        var start = 0
        while start < count {
            let indices = Array(start..<min(count, start + 50))
            let scores = trainer.outputs(ObjectTaskData.images(set, indices))
            for (k, i) in indices.enumerated() {
                let predicted = ObjectIoU.predictedMask(scores, example: k)
                total += ObjectIoU.mask(predicted, truth: set.mask(i))
                if i < shown { masks.append(predicted) }
            }
            start += indices.count
        }
        return (total / Double(max(1, count)), masks)
    }

    /// Trains on the calling thread, measuring as it goes; nil when `cancelled` said stop
    /// (checked every step). Throws when the network does not fit the task or training diverged.
    public func run(cancelled: () -> Bool = { false }, control: ObjectRunControl = ObjectRunControl(),
                    onEvent: (Event) -> Void = { _ in }) throws -> SegmentReport? {
        let start = ContinuousClock.now
        let r = recipe
        if let problem = Self.problem(r.spec) { throw DemoFailure(description: "\(r.name) \(problem)") }
        let training = try ObjectTraining(r, task: .segment)
        let data = training.data, trainer = training.trainer
        let shown = min(Self.shownImages, r.testCount)
        onEvent(.started(images: (0..<shown).map { data.test.images.pixels(at: $0) },
                         truths: (0..<shown).map { data.test.mask($0).map { $0 != 0 } }))
        let before = Self.measure(trainer, data.test, count: r.testCount, shown: shown)
        onEvent(.measured(step: trainer.step, meanIoU: before.meanIoU, masks: before.masks))
        var curve = [before.meanIoU]
        var lastMeasured = before
        let finished = try training.run(cancelled: cancelled, control: control, step: { indices in
            let event = trainer.train(images: ObjectTaskData.images(data.train, indices),
                                      targets: .pixelLabels(ObjectTaskData.pixelLabels(data.train, indices)))
            onEvent(.step(event.step, loss: event.loss, pixelAccuracy: event.batchAccuracy))
            return event
        }, measure: { step in
            lastMeasured = Self.measure(trainer, data.test, count: r.testCount, shown: shown)
            curve.append(lastMeasured.meanIoU)
            onEvent(.measured(step: step, meanIoU: lastMeasured.meanIoU, masks: lastMeasured.masks))
        })
        guard finished != nil else { return nil }
        // What a net that learned nothing would score: every pixel object (the object's share
        // of the image), or every pixel background (0).
        var allObject = 0.0
        for i in 0..<r.testCount { allObject += ObjectIoU.mask([Bool](repeating: true, count: SyntheticObjects.pixels), truth: data.test.mask(i)) }
        return SegmentReport(network: r.name, parameters: NetworkShapes(r.spec).totalParams, meanIoU: lastMeasured.meanIoU,
                             untrainedIoU: before.meanIoU, allObjectIoU: allObject / Double(r.testCount), allBackgroundIoU: 0,
                             curve: curve, testImages: r.testCount, steps: trainer.step, batch: r.batch,
                             learningRate: r.optimizer.learningRate, trainImages: r.trainCount, seed: r.seed, threads: r.threads,
                             seconds: DemoTraining.seconds(since: start), resumedFrom: r.resume.map { _ in training.firstStep })
    }
}

/// A demo that cannot start (a network that does not fit it), said for a human.
struct DemoFailure: Error, CustomStringConvertible {
    var description: String
}

/// What `convterm demo segment --headless --json FILE` writes.
public struct SegmentReport: Codable, Sendable, Equatable {
    public var network: String
    public var parameters: Int
    /// Mean over the test images of each image's object IoU (see `ObjectIoU`).
    public var meanIoU: Double
    /// The same before the first step, and for the two trivial answers.
    public var untrainedIoU: Double
    public var allObjectIoU: Double
    public var allBackgroundIoU: Double
    /// The mean IoU before training and every `measure-every` steps.
    public var curve: [Double]
    public var testImages: Int
    public var steps: Int
    public var batch: Int
    public var learningRate: Double
    public var trainImages: Int
    public var seed: UInt64
    public var threads: Int
    public var seconds: Double
    /// The checkpoint's step a resumed run started from (then `untrainedIoU` and the curve's first
    /// point are that checkpoint's, not an untrained net's); absent for a fresh run.
    public var resumedFrom: Int?

    enum CodingKeys: String, CodingKey {
        case network, parameters, meanIoU = "mean_iou", untrainedIoU = "untrained_iou", allObjectIoU = "all_object_iou"
        case allBackgroundIoU = "all_background_iou", curve = "iou_curve", testImages = "test_images", steps, batch
        case learningRate = "learning_rate", trainImages = "train_images", seed, threads, seconds, resumedFrom = "resumed_from"
    }

    public var summary: String {
        let start = resumedFrom.map { "at step \($0)" } ?? "untrained"
        return "segment: mean IoU \(String(format: "%.3f", meanIoU)) over \(testImages) test images (\(start) \(String(format: "%.3f", untrainedIoU)), all-object \(String(format: "%.3f", allObjectIoU))) after \(steps) steps of \(batch) (\(network), seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
