import ConvData
import ConvEngine
import Foundation

/// Lesson 10's localization: a classifier with a box head (`boxnet-tiny`: 10 class scores and 4
/// box numbers from one fc layer) learns what the object is and where, from the painter's boxes.
/// The live demo (`LocalizeDemo`) runs exactly this; headless, the report is the mean box IoU
/// over the test images (defined in `ObjectIoU`) and the class accuracy.
public struct LocalizeRun: Sendable {
    public var name: String
    public var spec: NetworkSpec
    public var steps: Int
    public var batch: Int
    public var learningRate: Double
    public var trainCount: Int
    public var testCount: Int
    public var measureEvery: Int
    /// The rate falls along a cosine to 1% over the run (the training defaults' schedule) unless
    /// `--set decay=none`.
    public var decays: Bool
    public var seed: UInt64
    public var threads: Int

    static let defaultNetwork = "boxnet-tiny"
    /// The recipe measured for the README (5 seeds); `--set` changes it.
    static let recipe = (steps: 1500, batch: 32, learningRate: 0.002, trainCount: 8000, testCount: 200, measureEvery: 100)
    static let shownImages = 6

    public init(_ request: LessonDemoRequest) {
        let net = request.networks.first
        name = net?.name ?? Self.defaultNetwork
        spec = net?.spec ?? Zoo.spec(named: Self.defaultNetwork)!
        steps = request.int("steps", default: Self.recipe.steps, in: 1...100_000)
        batch = request.int("batch", default: Self.recipe.batch, in: 1...256)
        learningRate = Double(request.options["lr"] ?? "").flatMap { $0 > 0 && $0 < 1 ? $0 : nil } ?? Self.recipe.learningRate
        trainCount = request.int("train", default: Self.recipe.trainCount, in: 10...50_000)
        testCount = request.int("test", default: Self.recipe.testCount, in: 1...10_000)
        measureEvery = request.int("measure-every", default: Self.recipe.measureEvery, in: 1...100_000)
        decays = request.options["decay"] != "none"
        seed = request.seed
        threads = request.threads
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

    public func run(cancelled: () -> Bool = { false }, onEvent: (Event) -> Void = { _ in }) throws -> LocalizeReport? {
        let start = ContinuousClock.now
        if let problem = Self.problem(spec) { throw DemoFailure(description: "\(name) \(problem)") }
        let data = ObjectTaskData(seed: seed, trainCount: trainCount, testCount: testCount)
        let network = try Network(spec: spec, initialization: .he, seed: seed)
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .adam, learningRate: learningRate), threads: threads)
        if decays { trainer.schedule = LearningRateSchedule(horizon: steps) }
        let shown = min(Self.shownImages, testCount)
        onEvent(.started(images: (0..<shown).map { data.test.images.pixels(at: $0) }, truths: Array(data.test.boxes.prefix(shown)),
                         labels: (0..<shown).map { data.test.images.label(at: $0) }))
        let before = Self.measure(trainer, data.test, count: testCount, shown: shown, step: 0)
        onEvent(.measured(before))
        var order = ObjectTaskData.Order(count: trainCount, seed: seed)
        var curve = [before.meanIoU]
        var last = before
        for step in 1...steps {
            if cancelled() { return nil }
            let indices = order.next(batch)
            let labels = indices.map { data.train.images.label(at: $0) }
            let event = trainer.train(images: ObjectTaskData.images(data.train, indices),
                                      targets: .labelsAndValues(labels, ObjectTaskData.boxTargets(data.train, indices)))
            onEvent(.step(step, loss: event.loss))
            if step % measureEvery == 0 || step == steps {
                last = Self.measure(trainer, data.test, count: testCount, shown: shown, step: step)
                curve.append(last.meanIoU)
                onEvent(.measured(last))
            }
        }
        // What needs no picture at all: the training set's mean box, given for every test image.
        var mean = ObjectBox(left: 0, top: 0, right: 0, bottom: 0)
        for b in data.train.boxes {
            mean.left += b.left; mean.top += b.top; mean.right += b.right; mean.bottom += b.bottom
        }
        let n = Float(max(1, trainCount))
        mean = ObjectBox(left: mean.left / n, top: mean.top / n, right: mean.right / n, bottom: mean.bottom / n)
        let meanBoxIoU = data.test.boxes.prefix(testCount).reduce(0.0) { $0 + Double(mean.iou($1)) } / Double(max(1, testCount))
        return LocalizeReport(network: name, parameters: NetworkShapes(spec).totalParams, meanIoU: last.meanIoU,
                              classAccuracy: last.accuracy, untrainedIoU: before.meanIoU, meanBoxIoU: meanBoxIoU, curve: curve,
                              testImages: testCount, steps: steps, batch: batch, learningRate: learningRate, trainImages: trainCount,
                              seed: seed, threads: threads, seconds: DemoTraining.seconds(since: start))
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

    enum CodingKeys: String, CodingKey {
        case network, parameters, meanIoU = "mean_iou", classAccuracy = "class_accuracy", untrainedIoU = "untrained_iou"
        case meanBoxIoU = "mean_box_iou", curve = "iou_curve", testImages = "test_images", steps, batch
        case learningRate = "learning_rate", trainImages = "train_images", seed, threads, seconds
    }

    public var summary: String {
        "localize: mean box IoU \(String(format: "%.3f", meanIoU)) and class accuracy \(DemoText.percent(classAccuracy)) over \(testImages) test images (untrained \(String(format: "%.3f", untrainedIoU)), the mean box \(String(format: "%.3f", meanBoxIoU))) after \(steps) steps of \(batch) (\(network), seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
