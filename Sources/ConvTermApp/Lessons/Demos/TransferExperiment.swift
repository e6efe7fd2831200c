import ConvData
import ConvEngine
import Foundation

/// Lesson 9's measurement, shared by the live demo and `convterm demo transfer --headless`:
/// pretrain a net on five classes of the built-in set (the old task), then learn the other five
/// from a few images each (the new task) two ways, from one seed: (a) the pretrained layers
/// frozen and a fresh head trained on top, (b) the same net trained from scratch. Every number
/// in the report is measured on this run: both test accuracies, and how far the frozen weights
/// moved (exactly 0 when freezing works).
public struct TransferExperiment: Sendable {
    /// The recipe. The defaults are what the lesson and `convterm demo transfer` run; they were
    /// chosen so that (a) beats (b) on seeds 1 to 5 within a minute on 2 cores (see the README's
    /// Demos section for the numbers).
    public struct Recipe: Sendable, Equatable {
        /// Old-task steps, every layer trainable.
        public var pretrainSteps = 600
        /// New-task steps; (a) and (b) each take this many, on the same batches.
        public var steps = 300
        /// New-task training images of each new class.
        public var examples = 50
        public var batch = 25
        /// The optimizer of both tasks, for every net: the training defaults' SGD with momentum.
        public var optimizer = TrainingDefaults.optimizer
        /// Images generated from the seed: the old task's training images are this set's old
        /// classes, the new task's are its first `examples` images of each new class.
        public var trainCount = 5000
        /// Test images (half of them of the new classes).
        public var testCount = 2000

        public init() {}

        /// The recipe with a lesson widget's or the command's options (`pretrain`, `steps`,
        /// `examples`, `batch`, `lr`, `optimizer`) applied; unknown or out-of-range values are clamped.
        public init(_ request: LessonDemoRequest) {
            pretrainSteps = request.int("pretrain", default: pretrainSteps, in: 1...20_000)
            steps = request.int("steps", default: steps, in: 1...20_000)
            examples = request.int("examples", default: examples, in: 1...200)
            batch = request.int("batch", default: batch, in: 1...256)
            if let kind = request.options["optimizer"].flatMap(OptimizerKind.init(rawValue:)), kind != optimizer.kind {
                optimizer = OptimizerSettings(kind: kind, l2: optimizer.l2)
            }
            if let lr = request.options["lr"].flatMap(Double.init), lr > 0, lr.isFinite { optimizer.learningRate = lr }
        }
    }

    public static let oldClasses = Set(0..<5)
    public static let newClasses = Set(5..<10)

    public var spec: NetworkSpec
    /// Top-level layer names kept from the old task, frozen, in (a).
    public var frozenLayers: [String]
    public var recipe: Recipe
    public var seed: UInt64
    public var threads: Int

    /// The layers to freeze: those marked `frozen` in the spec, plus `extra`; when none are, every
    /// layer with parameters except the last (the classic "retrain only the classifier").
    public static func frozenLayers(of spec: NetworkSpec, extra: [String] = []) -> [String] {
        let names = DemoTraining.layerNames(spec)
        var frozen = Set(zip(names, spec.layers).filter { $0.1.frozen }.map(\.0)).union(extra)
        if frozen.isEmpty {
            let shapes = NetworkShapes(spec)
            frozen = Set(names.filter { (shapes.layer(named: $0)?.params ?? 0) > 0 }.dropLast())
        }
        return names.filter(frozen.contains)
    }

    public init(_ request: LessonDemoRequest) {
        spec = request.networks.first?.spec ?? Zoo.spec(named: "convnetjs-cifar10")!
        frozenLayers = TransferExperiment.frozenLayers(of: spec, extra: (request.options["freeze"] ?? "").split(separator: ",").map(String.init))
        recipe = Recipe(request)
        seed = request.seed
        threads = request.threads
    }

    /// What happens, in order, for a live view to follow.
    public enum Event: Sendable {
        case pretrainStep(step: Int, loss: Double)
        case oldTaskAccuracy(Double)
        /// The new task begins: parameters that train and that are frozen in (a) and (b), and
        /// (a)'s first conv layer's weights [K, C, kh, kw] as they start.
        case newTaskStart(trainable: [Int], frozen: [Int], filters: [Float], filterShape: [Int])
        /// One new-task step of (a) and of (b): their running losses.
        case newTaskStep(step: Int, losses: [Double])
    }

    /// Runs everything on the calling thread. Nil when `cancelled` said stop (checked every step).
    public func run(cancelled: () -> Bool = { false }, onEvent: (Event) -> Void = { _ in }) -> TransferReport? {
        let start = ContinuousClock.now
        let r = recipe
        let data = SyntheticCIFAR.makeSplit(seed: seed, trainCount: r.trainCount, testCount: r.testCount)
        let names = Set(DemoTraining.layerNames(spec))
        let frozenNames = Set(frozenLayers)
        func session(_ name: String, _ train: ImageSet, seed: UInt64) -> TrainingSession {
            DemoTraining.session(spec, name: name, train: train, seed: seed, batch: r.batch, threads: threads,
                                 optimizer: r.optimizer, initialization: .convnetjs)  // the start this recipe was measured with
        }

        // 1. The old task, every layer trainable (the spec's `frozen` marks are for the new task).
        let pre = session("pretrained", DemoTraining.subset(data.train, classes: TransferExperiment.oldClasses), seed: seed)
        pre.network.setFrozen(false, layers: names)
        for _ in 0..<r.pretrainSteps {
            if cancelled() { return nil }
            let e = pre.trainBatch()
            onEvent(.pretrainStep(step: e.step, loss: e.averageLoss))
        }
        let oldAccuracy = pre.evaluate(DemoTraining.subset(data.test, classes: TransferExperiment.oldClasses))?.accuracy ?? .nan
        onEvent(.oldTaskAccuracy(oldAccuracy))

        // 2. The new task, two sessions from one seed: the same fresh weights and the same
        // batches. (a) takes the pretrained frozen layers and keeps its fresh initialisation for
        // the rest (the new head); (b) is the same fresh net, all trainable.
        let newTrain = DemoTraining.subset(data.train, classes: TransferExperiment.newClasses, perClass: r.examples)
        let newSeed = seed &+ 0x9E37_79B9
        let sessions = [session("transfer", newTrain, seed: newSeed), session("scratch", newTrain, seed: newSeed)]
        let transfer = sessions[0].network, scratch = sessions[1].network
        transfer.setFrozen(false, layers: names)
        transfer.setFrozen(true, layers: frozenNames)
        for (mine, theirs) in zip(transfer.layers, pre.network.layers) where frozenNames.contains(mine.name) {
            for (p, q) in zip(mine.parameters, theirs.parameters) { p.value = q.value }
        }
        scratch.setFrozen(false, layers: names)
        // The weights of the layers meant to be frozen, and of the rest, as the new task starts.
        // Chosen by layer name, not by each parameter's `frozen` flag, so a freezing bug shows
        // up as movement here instead of as an empty set.
        let kept = transfer.layers.filter { frozenNames.contains($0.name) }.flatMap(\.parameters)
        let rest = transfer.layers.filter { !frozenNames.contains($0.name) }.flatMap(\.parameters)
        let keptBefore = kept.map(\.value), restBefore = rest.map(\.value)
        let firstWeights = transfer.parameters.first { $0.shape.count == 4 && $0.shape[1] == spec.input.depth }
        let nets = [transfer, scratch]
        onEvent(.newTaskStart(trainable: nets.map { $0.parameters.filter { !$0.frozen }.reduce(0) { $0 + $1.count } },
                              frozen: nets.map { $0.parameters.filter(\.frozen).reduce(0) { $0 + $1.count } },
                              filters: firstWeights?.value ?? [], filterShape: firstWeights?.shape ?? []))
        var finalLosses: [Double] = [.nan, .nan]
        for step in 0..<r.steps {
            // (a) then (b), each after a look at `cancelled`: leaving waits for one batch at most.
            for (i, session) in sessions.enumerated() {
                if cancelled() { return nil }
                finalLosses[i] = session.trainBatch().averageLoss
            }
            onEvent(.newTaskStep(step: step + 1, losses: finalLosses))
        }

        // Measured, not assumed: how far each parameter of (a) moved during the new task.
        func maxChange(_ parameters: [Parameter], _ before: [[Float]]) -> Float {
            zip(parameters, before).reduce(Float(0)) { m, pair in
                zip(pair.0.value, pair.1).reduce(m) { max($0, abs($1.0 - $1.1)) }
            }
        }
        let frozenMove = maxChange(kept, keptBefore), trainableMove = maxChange(rest, restBefore)
        // Bit for bit, not just numerically equal (which would let -0 pass for 0).
        let frozenIdentical = zip(kept, keptBefore).allSatisfy { $0.value.map(\.bitPattern) == $1.map(\.bitPattern) }
        let newTest = DemoTraining.subset(data.test, classes: TransferExperiment.newClasses)
        let accuracies = sessions.map { $0.evaluate(newTest)?.accuracy ?? .nan }
        return TransferReport(
            transferAccuracy: accuracies[0], scratchAccuracy: accuracies[1],
            frozenMaxChange: Double(frozenMove), frozenBitIdentical: frozenIdentical, trainableMaxChange: Double(trainableMove),
            oldTaskAccuracy: oldAccuracy, chance: 1 / Double(TransferExperiment.newClasses.count),
            frozenLayers: frozenLayers,
            trainableParameters: .init(transfer: nets[0].parameters.filter { !$0.frozen }.reduce(0) { $0 + $1.count },
                                       scratch: nets[1].parameters.filter { !$0.frozen }.reduce(0) { $0 + $1.count }),
            finalTrainingLoss: .init(transfer: finalLosses[0], scratch: finalLosses[1]),
            newTaskTrainImages: newTrain.count, newTaskTestImages: newTest.count,
            pretrainSteps: r.pretrainSteps, steps: r.steps, batch: r.batch,
            optimizer: r.optimizer.kind.rawValue, learningRate: r.optimizer.learningRate,
            seed: seed, threads: threads, seconds: DemoTraining.seconds(since: start),
            filtersAfter: firstWeights?.value ?? [])
    }
}

/// What `convterm demo transfer --headless --json FILE` writes.
public struct TransferReport: Codable, Sendable, Equatable {
    public struct Pair<T: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
        public var transfer: T
        public var scratch: T
    }

    /// New-task test accuracy of (a), frozen pretrained features + a new head.
    public var transferAccuracy: Double
    /// New-task test accuracy of (b), the same net trained from scratch on the same images.
    public var scratchAccuracy: Double
    /// max |w_after - w_before| over the parameters of (a)'s frozen layers during the new task.
    public var frozenMaxChange: Double
    /// Every frozen weight's bits after the new task equal its bits before.
    public var frozenBitIdentical: Bool
    /// The same over (a)'s trainable parameters (the head): proof that something did train.
    public var trainableMaxChange: Double
    public var oldTaskAccuracy: Double
    public var chance: Double
    public var frozenLayers: [String]
    public var trainableParameters: Pair<Int>
    public var finalTrainingLoss: Pair<Double>
    public var newTaskTrainImages: Int
    public var newTaskTestImages: Int
    public var pretrainSteps: Int
    public var steps: Int
    public var batch: Int
    public var optimizer: String
    public var learningRate: Double
    public var seed: UInt64
    public var threads: Int
    public var seconds: Double
    /// (a)'s first conv layer's weights after the new task (for the live view; not in the JSON).
    public var filtersAfter: [Float] = []

    enum CodingKeys: String, CodingKey {
        case transferAccuracy = "transfer_accuracy", scratchAccuracy = "scratch_accuracy"
        case frozenMaxChange = "frozen_max_change", frozenBitIdentical = "frozen_bit_identical", trainableMaxChange = "trainable_max_change"
        case oldTaskAccuracy = "old_task_accuracy", chance, frozenLayers = "frozen_layers"
        case trainableParameters = "trainable_parameters", finalTrainingLoss = "final_training_loss"
        case newTaskTrainImages = "new_task_train_images", newTaskTestImages = "new_task_test_images"
        case pretrainSteps = "pretrain_steps", steps, batch, optimizer, learningRate = "learning_rate"
        case seed, threads, seconds
    }

    /// The one line `--headless` prints.
    public var summary: String {
        let verdict = transferAccuracy > scratchAccuracy ? "transfer wins" : "transfer does NOT win"
        return "transfer: frozen features + new head \(DemoText.percent(transferAccuracy)) vs from scratch "
            + "\(DemoText.percent(scratchAccuracy)) on \(newTaskTestImages) test images of 5 new classes "
            + "(\(newTaskTrainImages) training images); frozen weights "
            + (frozenBitIdentical ? "bit-identical before and after" : "MOVED (max |change| \(frozenMaxChange))") + "; "
            + "\(verdict) (seed \(seed), \(String(format: "%.1f", seconds)) s)"
    }
}
