import ConvData
import ConvEngine
import Foundation

/// Lesson 11's measurement, shared by the live demo and `convterm demo seeing --headless`:
/// train the net on the built-in set, then ask whether its saliency maps (Simonyan et al. 2013:
/// |d score / d pixel|, max over the colour channels) sit on the object. The painter knows where
/// each object is (`SyntheticCIFAR.drawn`), so for each test image the share of the map inside
/// the object's mask (grown by one pixel, for the anti-aliased edge) is compared with the share
/// of the image the mask covers. A map of noise puts about the area's share on the object; a map
/// that points at the object puts far more.
public struct SeeingExperiment: Sendable {
    public struct Recipe: Sendable, Equatable {
        public var steps = 2000
        public var batch = 32
        /// SGD with momentum 0.9 at a constant rate of 0.02, L2 5e-4: with the noise below the
        /// loss falls more slowly than on clean images, and twice the clean recipe's rate makes up for it.
        public var optimizer = OptimizerSettings(kind: .momentum, learningRate: 0.02, l2: 0.0005)
        public var trainCount = SyntheticCIFAR.defaultTrainCount
        public var testCount = 1000
        /// Test images whose saliency is measured (the first ones of the test set).
        public var images = 100
        /// Pixels the object's mask grows by before the share is measured.
        public var dilation = 1
        /// PyTorch's start (weights and biases U(±1/sqrt(fan_in))): with noise it measured a
        /// little higher than ConvNetJS's start and He's (seed 1: 2.08x, 2.04x, 2.04x).
        public var initialization: Initialization = .pytorch
        /// The set's own augmentation (shifts) while training.
        public var augment = false
        /// Standard deviation of the Gaussian noise added to every training pixel (`TrainingNoise`;
        /// network input units, where an image spans -0.5...0.5, so 0.2 is about 51 of 255
        /// levels); 0 trains on the images as they are. On clean images the saliency spreads over
        /// the background (1.7x the object's share of the image, README); with this noise the net
        /// must ignore pixel changes that carry no evidence, and its saliency gathers on the object.
        public var inputNoise = 0.2

        public init() {}

        /// With a lesson widget's or the command's options (`steps`, `batch`, `lr`, `l2`, `optimizer`,
        /// `init`, `augment`, `noise`, `images`, `dilation`); the report records each.
        public init(_ request: LessonDemoRequest) {
            steps = request.int("steps", default: steps, in: 1...50_000)
            batch = request.int("batch", default: batch, in: 1...256)
            images = request.int("images", default: images, in: 1...testCount)
            if let kind = request.options["optimizer"].flatMap(OptimizerKind.init(rawValue:)), kind != optimizer.kind {
                optimizer = OptimizerSettings(kind: kind, l2: optimizer.l2)
            }
            if let lr = request.options["lr"].flatMap(Double.init), lr > 0, lr.isFinite { optimizer.learningRate = lr }
            if let l2 = request.options["l2"].flatMap(Double.init), l2 >= 0, l2.isFinite { optimizer.l2 = l2 }
            dilation = request.int("dilation", default: dilation, in: 0...8)
            if let i = request.options["init"].flatMap(Initialization.init(rawValue:)) { initialization = i }
            augment = request.options["augment"].map { ["1", "yes", "true", "on"].contains($0) } ?? augment
            if let noise = request.options["noise"].flatMap(Double.init), noise >= 0, noise <= 1 { inputNoise = noise }
        }
    }

    public var spec: NetworkSpec
    public var recipe: Recipe
    public var seed: UInt64
    public var threads: Int

    public init(_ request: LessonDemoRequest) {
        spec = request.networks.first?.spec ?? Zoo.spec(named: "convnetjs-cifar10")!
        recipe = Recipe(request)
        seed = request.seed
        threads = request.threads
    }

    /// The test set the saliency is measured on (and the live demo shows).
    public var testSet: ImageSet {
        SyntheticCIFAR.make(count: recipe.testCount, seed: SyntheticCIFAR.testSeed(splitSeed: seed))
    }

    /// Trains a session on the seed's training set; nil when cancelled (checked every step).
    func train(cancelled: () -> Bool, onStep: (TrainingEvent) -> Void) -> TrainingSession? {
        let train = SyntheticCIFAR.make(count: recipe.trainCount, seed: seed)
        let session = DemoTraining.session(spec, name: "seeing", train: train, seed: seed, batch: recipe.batch, threads: threads,
                                           optimizer: recipe.optimizer, initialization: recipe.initialization, augment: recipe.augment)
        var noise = TrainingNoise(sigma: recipe.inputNoise, seed: seed)
        for _ in 0..<recipe.steps {
            if cancelled() { return nil }
            guard recipe.inputNoise > 0 else { onStep(session.trainBatch()); continue }
            var (images, labels) = session.feed.next(recipe.batch)
            noise.add(to: &images.data)
            onStep(session.trainer.train(images: images, labels: labels))
        }
        return session
    }

    /// Saliency of the true class's score on the first `recipe.images` test images, against the
    /// painter's masks. Uses the network as it is (evaluation mode).
    func measure(_ network: Network, test: ImageSet) -> SaliencyMeasurement {
        let testSeed = SyntheticCIFAR.testSeed(splitSeed: seed)
        var perClass = [(share: Double, area: Double, count: Int)](repeating: (0, 0, 0), count: test.classCount)
        var share = 0.0, area = 0.0
        let n = min(recipe.images, test.count)
        for i in 0..<n {
            let drawn = SyntheticCIFAR.drawn(index: i, count: test.count, seed: testSeed)
            let mask = drawn.objectMask(dilation: recipe.dilation)
            let image = DemoTraining.floats(test, i)
            let s = Saliency.compute(network: network, image: image, classIndex: drawn.label)
            let inside = Saliency.share(of: s.map, inside: mask)
            let covered = Double(mask.filter { $0 }.count) / Double(mask.count)
            share += inside
            area += covered
            perClass[drawn.label].share += inside
            perClass[drawn.label].area += covered
            perClass[drawn.label].count += 1
        }
        let classes = perClass.enumerated().filter { $0.element.count > 0 }.map { k, c in
            SaliencyMeasurement.ClassShare(className: test.classNames[k], images: c.count,
                                           saliencyInObject: c.share / Double(c.count), objectArea: c.area / Double(c.count))
        }
        return SaliencyMeasurement(saliencyInObject: share / Double(n), objectArea: area / Double(n), images: n, perClass: classes)
    }

    /// The four stripe classes and the neighbour step along their stripes (image y grows downwards).
    static let stripeDirections: [(name: String, dx: Int, dy: Int)] = [("horizontal", 1, 0), ("vertical", 0, 1), ("rising /", 1, -1), ("falling \\", 1, 1)]

    /// Gradient ascent on each stripe class's score from the same seeded noise, then the
    /// direction in which the picture changes least from pixel to pixel: along its stripes.
    /// The start is noise as strong as the training noise (faint noise, 0.05, when trained on
    /// clean images): a net trained to ignore noise answers fainter noise with closed ReLUs and
    /// a zero gradient, and the ascent would never leave its start.
    func ascentOrientations(_ network: Network, steps: Int = 60) -> [AscentOrientation] {
        var rng = SeededRandom(seed: seed ^ 0xA5CE_D000)
        let level = max(0.05, recipe.inputNoise)
        let start = (0..<network.spec.input.count).map { _ in Float(level * rng.nextGaussian()) }
        return SeeingExperiment.stripeDirections.indices.map { k in
            let image = GradientAscent(objective: .classScore(k), steps: steps).run(network: network, start: start).last!.image
            let differences = SeeingExperiment.neighbourDifferences(image, volume: network.spec.input)
            let along = differences.indices.min { differences[$0] < differences[$1] }!
            return AscentOrientation(className: SyntheticCIFAR.classNames[k], expected: SeeingExperiment.stripeDirections[k].name,
                                     measured: SeeingExperiment.stripeDirections[along].name, differences: differences)
        }
    }

    /// Mean |difference| between each pixel and its neighbour one step along each of the four
    /// directions (interior pixels, every channel).
    static func neighbourDifferences(_ image: [Float], volume v: Volume) -> [Double] {
        stripeDirections.map { d -> Double in
            var sum = 0.0, count = 0
            for c in 0..<v.depth {
                for y in 1..<(v.height - 1) {
                    for x in 1..<(v.width - 1) {
                        let a = image[(c * v.height + y) * v.width + x], b = image[(c * v.height + y + d.dy) * v.width + x + d.dx]
                        sum += Double(abs(a - b))
                        count += 1
                    }
                }
            }
            return sum / Double(count)
        }
    }

    /// The direction a picture changes least along: the way its stripes run.
    static func orientation(of image: [Float], volume: Volume) -> String {
        let d = neighbourDifferences(image, volume: volume)
        return stripeDirections[d.indices.min { d[$0] < d[$1] }!].name
    }

    /// Trains, evaluates and measures; nil when cancelled.
    public func run(cancelled: () -> Bool = { false }, onStep: (TrainingEvent) -> Void = { _ in }) -> SeeingReport? {
        let start = ContinuousClock.now
        guard let session = train(cancelled: cancelled, onStep: onStep) else { return nil }
        let test = testSet
        let accuracy = session.evaluate(test)?.accuracy ?? .nan
        let measurement = measure(session.network, test: test)
        var report = SeeingReport(measurement: measurement, testAccuracy: accuracy, testImages: test.count, recipe: recipe,
                            seed: seed, threads: threads, seconds: 0)
        report.ascentOrientation = ascentOrientations(session.network)
        report.seconds = DemoTraining.seconds(since: start)
        return report
    }
}

/// The dominant orientation of one stripe class's gradient-ascent image.
public struct AscentOrientation: Codable, Sendable, Equatable {
    public var className: String
    /// The direction the class's stripes run in, and the one along which the ascent image changes least.
    public var expected: String
    public var measured: String
    /// Mean |pixel - neighbour| along horizontal, vertical, rising and falling steps.
    public var differences: [Double]
    public var matches: Bool { expected == measured }

    enum CodingKeys: String, CodingKey {
        case className = "class", expected, measured, differences
    }
}

/// Where the saliency of the true class lies, averaged over test images.
public struct SaliencyMeasurement: Codable, Sendable, Equatable {
    public struct ClassShare: Codable, Sendable, Equatable {
        public var className: String
        public var images: Int
        public var saliencyInObject: Double
        public var objectArea: Double

        enum CodingKeys: String, CodingKey {
            case className = "class", images, saliencyInObject = "saliency_in_object", objectArea = "object_area"
        }
    }

    /// Mean over images of (saliency inside the dilated mask) / (all saliency).
    public var saliencyInObject: Double
    /// Mean over images of (pixels in the dilated mask) / (all pixels).
    public var objectArea: Double
    public var images: Int
    public var perClass: [ClassShare]

    /// How many times more saliency sits on the object than its area would get by chance.
    public var ratio: Double { objectArea > 0 ? saliencyInObject / objectArea : 0 }
}

/// What `convterm demo seeing --headless --json FILE` writes: the measurement's numbers at the
/// top level (`saliency_in_object`, `object_area`), then what they were measured on.
public struct SeeingReport: Codable, Sendable, Equatable {
    public var saliencyInObject: Double
    public var objectArea: Double
    public var ratio: Double
    public var saliencyImages: Int
    public var perClass: [SaliencyMeasurement.ClassShare]
    public var target = "the true class's score; per pixel, the largest |gradient| over the colour channels"
    public var maskDilation: Int
    public var testAccuracy: Double
    public var testImages: Int
    public var steps: Int
    public var batch: Int
    public var optimizer: String
    public var learningRate: Double
    public var l2: Double
    public var initialization: String
    public var augment: Bool
    /// The training noise's standard deviation (input units); 0 for clean images.
    public var inputNoise: Double
    public var seed: UInt64
    public var threads: Int
    public var seconds: Double
    /// Gradient ascent on each stripe class from faint noise: which way its picture's stripes run.
    public var ascentOrientation: [AscentOrientation] = []
    public var ascentOrientationMatches: Int { ascentOrientation.filter(\.matches).count }

    enum CodingKeys: String, CodingKey {
        case saliencyInObject = "saliency_in_object", objectArea = "object_area", ratio, saliencyImages = "saliency_images"
        case perClass = "per_class", target, maskDilation = "mask_dilation", testAccuracy = "test_accuracy"
        case testImages = "test_images", steps, batch, optimizer, learningRate = "learning_rate", l2, initialization, augment
        case inputNoise = "input_noise"
        case seed, threads, seconds, ascentOrientation = "ascent_orientation"
    }

    init(measurement m: SaliencyMeasurement, testAccuracy: Double, testImages: Int, recipe: SeeingExperiment.Recipe,
         seed: UInt64, threads: Int, seconds: Double) {
        saliencyInObject = m.saliencyInObject
        objectArea = m.objectArea
        ratio = m.ratio
        saliencyImages = m.images
        perClass = m.perClass
        maskDilation = recipe.dilation
        self.testAccuracy = testAccuracy
        self.testImages = testImages
        steps = recipe.steps
        batch = recipe.batch
        optimizer = recipe.optimizer.kind.rawValue
        learningRate = recipe.optimizer.learningRate
        l2 = recipe.optimizer.l2
        initialization = recipe.initialization.rawValue
        augment = recipe.augment
        inputNoise = recipe.inputNoise
        self.seed = seed
        self.threads = threads
        self.seconds = seconds
    }

    public var summary: String {
        // The issue's bar for "points at the object": at least twice the object's share of the image.
        let verdict = ratio >= 2 ? "at least twice the object's share" : "more than the object's share, but short of twice it"
        return "seeing: \(DemoText.percent(saliencyInObject)) of the saliency lies on the object, which covers "
            + "\(DemoText.percent(objectArea)) of the image (\(String(format: "%.2f", ratio))x, \(saliencyImages) test images): "
            + "\(verdict); gradient ascent draws stripes the right way for \(ascentOrientationMatches) of \(ascentOrientation.count) stripe classes; "
            + "test accuracy \(DemoText.percent(testAccuracy)) (seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
