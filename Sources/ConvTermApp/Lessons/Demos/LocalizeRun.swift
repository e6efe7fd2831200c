import ConvData
import ConvEngine
import Foundation

/// Lesson 10's localization: a classifier with a box head (`boxnet-tiny`: 10 class scores and 4
/// box numbers from one fc layer) learns what the object is and where, from the painter's boxes.
/// The live demo (`LocalizeDemo`) runs exactly this; headless, the report is the mean box IoU
/// over the test images (defined in `ObjectIoU`) and the class accuracy.
public struct LocalizeRun: Sendable {
    public var recipe: ObjectRunRecipe

    /// The rate falls along a cosine to 1% over the run (the training defaults' schedule) unless
    /// `--set decay=none`.
    static let defaults = ObjectRunRecipe.Defaults(network: "boxnet-tiny", steps: 1500, batch: 32, learningRate: 0.002,
                                                   trainCount: 8000, testCount: 200, decays: true)
    static let shownImages = 6

    public init(_ request: LessonDemoRequest) {
        recipe = ObjectRunRecipe(request, defaults: Self.defaults)
    }

    public init(recipe: ObjectRunRecipe) {
        self.recipe = recipe
    }

    /// What the test set showed at one moment: boxes in pixels, predicted classes.
    public struct Measurement: Sendable, Equatable {
        public var step: Int
        public var meanIoU: Double
        public var accuracy: Double
        /// The first `shownImages` test images' predicted boxes and classes.
        public var boxes: [ObjectBox]
        public var classes: [Int]
    }

    public enum Event: Sendable {
        /// Before training: the first `shownImages` test images (CHW bytes), their true boxes and classes.
        case started(images: [[UInt8]], truths: [ObjectBox], labels: [Int])
        /// Step `step` (from 1): its loss (cross-entropy + weighted box loss).
        case step(Int, loss: Double)
        case measured(Measurement)
        case failed(String)
    }

    /// 32x32x3 in, `loss softmax 10 + smoothl1 4` (or l2) out.
    public static func problem(_ spec: NetworkSpec) -> String? {
        guard spec.input == Volume(width: 32, height: 32, depth: 3) else { return "takes \(spec.input); the demo's images are 32x32x3" }
        guard case .classifyAndRegress(let c, _, let k, _) = spec.loss, c == SyntheticCIFAR.classNames.count, k == 4 else {
            return "must end in `loss softmax 10 + smoothl1 4` (10 class scores, then a box)"
        }
        return nil
    }

    static func measure(_ trainer: Trainer, _ set: SyntheticObjects, count: Int, shown: Int, step: Int) -> Measurement {
        var total = 0.0
        var right = 0
        var boxes: [ObjectBox] = []
        var classes: [Int] = []
        var start = 0
        while start < count {
            let indices = Array(start..<min(count, start + 50))
            let out = trainer.outputs(ObjectTaskData.images(set, indices))
            let k = out.stride
            for (j, i) in indices.enumerated() {
                let row = out.data[(j * k)..<((j + 1) * k)]
                let scores = row.prefix(k - 4)
                let predicted = scores.indices.max { scores[$0] < scores[$1] }! - j * k
                let box = ObjectIoU.box(row.suffix(4))
                total += Double(box.iou(set.boxes[i]))
                if predicted == set.images.label(at: i) { right += 1 }
                if i < shown {
                    boxes.append(box)
                    classes.append(predicted)
                }
            }
            start += indices.count
        }
        return Measurement(step: step, meanIoU: total / Double(max(1, count)), accuracy: Double(right) / Double(max(1, count)),
                           boxes: boxes, classes: classes)
    }

    /// Trains on the calling thread, measuring as it goes; nil when `cancelled` said stop
    /// (checked every step). Throws when the network does not fit the task or training diverged.
    public func run(cancelled: () -> Bool = { false }, control: ObjectRunControl = ObjectRunControl(),
                    onEvent: (Event) -> Void = { _ in }) throws -> LocalizeReport? {
        let start = ContinuousClock.now
        let r = recipe
        if let problem = Self.problem(r.spec) { throw DemoFailure(description: "\(r.name) \(problem)") }
        let training = try ObjectTraining(r, task: .localize)
        let data = training.data, trainer = training.trainer
        let shown = min(Self.shownImages, r.testCount)
        onEvent(.started(images: (0..<shown).map { data.test.images.pixels(at: $0) }, truths: Array(data.test.boxes.prefix(shown)),
                         labels: (0..<shown).map { data.test.images.label(at: $0) }))
        let before = Self.measure(trainer, data.test, count: r.testCount, shown: shown, step: trainer.step)
        onEvent(.measured(before))
        var curve = [before.meanIoU]
        var last = before
        let finished = try training.run(cancelled: cancelled, control: control, step: { indices in
            let labels = indices.map { data.train.images.label(at: $0) }
            let event = trainer.train(images: ObjectTaskData.images(data.train, indices),
                                      targets: .labelsAndValues(labels, ObjectTaskData.boxTargets(data.train, indices)))
            onEvent(.step(event.step, loss: event.loss))
            return event
        }, measure: { step in
            last = Self.measure(trainer, data.test, count: r.testCount, shown: shown, step: step)
            curve.append(last.meanIoU)
            onEvent(.measured(last))
        })
        guard finished != nil else { return nil }
        // What needs no picture at all: the training set's mean box, given for every test image.
        var mean = ObjectBox(left: 0, top: 0, right: 0, bottom: 0)
        for b in data.train.boxes {
            mean.left += b.left; mean.top += b.top; mean.right += b.right; mean.bottom += b.bottom
        }
        let n = Float(max(1, r.trainCount))
        mean = ObjectBox(left: mean.left / n, top: mean.top / n, right: mean.right / n, bottom: mean.bottom / n)
        let meanBoxIoU = data.test.boxes.prefix(r.testCount).reduce(0.0) { $0 + Double(mean.iou($1)) } / Double(max(1, r.testCount))
        return LocalizeReport(network: r.name, parameters: NetworkShapes(r.spec).totalParams, meanIoU: last.meanIoU,
                              classAccuracy: last.accuracy, untrainedIoU: before.meanIoU, meanBoxIoU: meanBoxIoU, curve: curve,
                              testImages: r.testCount, steps: trainer.step, batch: r.batch, learningRate: r.optimizer.learningRate,
                              trainImages: r.trainCount, seed: r.seed, threads: r.threads, seconds: DemoTraining.seconds(since: start),
                              resumedFrom: r.resume.map { _ in training.firstStep })
    }
}

/// What `convterm demo localize --headless --json FILE` writes.
public struct LocalizeReport: Codable, Sendable, Equatable {
    public var network: String
    public var parameters: Int
    /// Mean over the test images of each predicted box's IoU with the true box.
    public var meanIoU: Double
    public var classAccuracy: Double
    /// The same before the first step, and for the training set's mean box given to every image.
    public var untrainedIoU: Double
    public var meanBoxIoU: Double
    public var curve: [Double]
    public var testImages: Int
    public var steps: Int
    public var batch: Int
    public var learningRate: Double
    public var trainImages: Int
    public var seed: UInt64
    public var threads: Int
    public var seconds: Double
    /// The checkpoint's step a resumed run started from (then `untrainedIoU` is that checkpoint's).
    public var resumedFrom: Int?

    enum CodingKeys: String, CodingKey {
        case network, parameters, meanIoU = "mean_iou", classAccuracy = "class_accuracy", untrainedIoU = "untrained_iou"
        case meanBoxIoU = "mean_box_iou", curve = "iou_curve", testImages = "test_images", steps, batch
        case learningRate = "learning_rate", trainImages = "train_images", seed, threads, seconds, resumedFrom = "resumed_from"
    }

    public var summary: String {
        let start = resumedFrom.map { "at step \($0)" } ?? "untrained"
        return "localize: mean box IoU \(String(format: "%.3f", meanIoU)) and class accuracy \(DemoText.percent(classAccuracy)) over \(testImages) test images (\(start) \(String(format: "%.3f", untrainedIoU)), the mean box \(String(format: "%.3f", meanBoxIoU))) after \(steps) steps of \(batch) (\(network), seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
