import Foundation
import Testing
@testable import ConvEngine

/// A tiny net (the ConvNetJS shape, smaller) and a fixed random batch.
func tinyNetwork(seed: UInt64 = 7, text: String? = nil) throws -> Network {
    let spec = try SpecParser.parse(text ?? """
    input 8x8x3
    conv 4 3x3 pad 1
    relu
    maxpool 2x2 stride 2
    conv 6 3x3 pad 1
    relu
    maxpool 2x2 stride 2
    fc 5
    softmax
    """)
    return try Network(spec: spec, seed: seed)
}

func randomBatch(_ n: Int, _ volume: Volume, classes: Int, seed: UInt64) -> (Tensor, [Int]) {
    var rng = SeededRandom(seed: seed)
    let data = (0..<(n * volume.count)).map { _ in Float(rng.nextGaussian()) }
    let labels = (0..<n).map { _ in rng.nextInt(below: classes) }
    return (Tensor(batch: n, volume: volume, data: data), labels)
}

@Suite struct TrainerTests {
    @Test func overfitsAFixedSmallBatch() throws {
        let network = try tinyNetwork()
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), threads: 2)
        let (images, labels) = randomBatch(8, network.spec.input, classes: 5, seed: 1)
        let first = trainer.train(images: images, labels: labels)
        var last = first
        for _ in 0..<200 { last = trainer.train(images: images, labels: labels) }
        #expect(first.loss > 1.0)
        #expect(last.loss < 0.05, "loss \(last.loss) should approach zero on one memorised batch")
        #expect(last.batchAccuracy == 1)
        #expect(last.step == 201 && last.examplesSeen == 201 * 8)
    }

    @Test(arguments: OptimizerKind.allCases)
    func everyOptimizerLowersTheLoss(kind: OptimizerKind) throws {
        let network = try tinyNetwork()
        let lr: Double? = kind == .sgd || kind == .momentum || kind == .nesterov ? 0.05 : nil
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: kind, learningRate: lr, l2: 1e-4), threads: 1)
        let (images, labels) = randomBatch(8, network.spec.input, classes: 5, seed: 2)
        let first = trainer.train(images: images, labels: labels).loss
        var last = first
        for _ in 0..<60 { last = trainer.train(images: images, labels: labels).loss }
        #expect(last < first * 0.7, "\(kind): \(first) -> \(last)")
    }

    func run(steps: Int, seed: UInt64, threads: Int, from trainer: Trainer? = nil) throws -> Trainer {
        let trainer = try trainer ?? Trainer(network: tinyNetwork(seed: seed, text: """
            input 8x8x3
            conv 4 3x3 pad 1
            batchnorm
            relu
            maxpool 2x2 stride 2
            dropout 0.3
            fc 5
            """), optimizer: OptimizerSettings(kind: .momentum, learningRate: 0.05, l2: 1e-3), threads: threads)
        for _ in 0..<steps {
            let (images, labels) = randomBatch(6, trainer.network.spec.input, classes: 5, seed: UInt64(100 + trainer.step))
            _ = trainer.train(images: images, labels: labels)
        }
        return trainer
    }

    @Test func sameSeedAndThreadsGiveBitIdenticalWeights() throws {
        let a = try run(steps: 50, seed: 3, threads: 2)
        let b = try run(steps: 50, seed: 3, threads: 2)
        let c = try run(steps: 50, seed: 4, threads: 2)
        #expect(a.network.parameters.map(\.value) == b.network.parameters.map(\.value))
        #expect(a.network.parameters.map(\.value) != c.network.parameters.map(\.value))
    }

    @Test func savedAtStep25AndResumedEqualsAnUninterruptedRun() throws {
        let straight = try run(steps: 50, seed: 5, threads: 2)
        let half = try run(steps: 25, seed: 5, threads: 2)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("ct-\(UUID().uuidString).ckpt")
        defer { try? FileManager.default.removeItem(at: url) }
        try Checkpoint(trainer: half).write(to: url)
        let loaded = try Checkpoint.read(from: url)
        // A fresh trainer with a different seed: everything must come from the checkpoint.
        let resumed = try run(steps: 0, seed: 999, threads: 2)
        try loaded.restore(into: resumed)
        #expect(resumed.step == 25)
        _ = try run(steps: 25, seed: 0, threads: 2, from: resumed)
        #expect(resumed.network.parameters.map(\.value) == straight.network.parameters.map(\.value))
        #expect(resumed.network.batchNorms[0].runningMean == straight.network.batchNorms[0].runningMean)
    }

    @Test func damagedCheckpointsAreRefusedAndLeaveTheTrainerUntouched() throws {
        let trainer = try run(steps: 3, seed: 6, threads: 1)
        let good = Checkpoint(trainer: trainer).encoded()
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint.decode(good.prefix(good.count - 10), name: "t.ckpt") }
        var flipped = good
        flipped[flipped.count - 5] ^= 0xFF
        do {
            _ = try Checkpoint.decode(flipped, name: "t.ckpt")
            Issue.record("a corrupted payload must be refused")
        } catch {
            #expect("\(error)".contains("checksum does not match"))
        }
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint.decode(Data("hello\n\n".utf8), name: "t.ckpt") }
        // A damaged digit in the header (here the step count) is caught by the checksum too.
        let text = String(decoding: good, as: UTF8.self)
        let stepLine = try #require(text.range(of: "\nstep 3\n"))
        var header = good
        header[text.utf8.distance(from: text.utf8.startIndex, to: stepLine.lowerBound) + 6] = UInt8(ascii: "4")
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint.decode(header, name: "t.ckpt") }
        // An absurd tensor count is refused before anything is allocated.
        let huge = Data("\(Checkpoint.magic)\nstep 1\ntensor x 4611686018427387904\n\nabc".utf8)
        #expect(throws: Checkpoint.Failure.self) { try Checkpoint.decode(huge, name: "t.ckpt") }
        // Another network's checkpoint.
        let other = try Trainer(network: tinyNetwork(), optimizer: OptimizerSettings(kind: .sgd))
        let before = other.network.parameters.map(\.value)
        do {
            try Checkpoint.decode(good, name: "t.ckpt").restore(into: other)
            Issue.record("another network's checkpoint must be refused")
        } catch {
            #expect("\(error)".contains("different network"))
        }
        #expect(other.network.parameters.map(\.value) == before)
    }

    @Test func explodingTrainingIsDetectedAndStops() throws {
        let network = try tinyNetwork()
        // Large enough that the weights themselves overflow within a few steps: since the loss is
        // computed by log-sum-exp, merely huge scores (the old trigger at lr 10) are a finite loss.
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1e12), threads: 1)
        let (images, labels) = randomBatch(8, network.spec.input, classes: 5, seed: 9)
        var diverged = false
        for _ in 0..<300 where !diverged { diverged = trainer.train(images: images, labels: labels).diverged }
        #expect(diverged)
        #expect(network.parameters.allSatisfy { $0.value.allSatisfy(\.isFinite) }, "no NaN reaches the weights")
    }

    @Test func anUpdateThatOverflowsIsRejectedAndTheWeightsKept() throws {
        let network = try tinyNetwork(text: "input 8x8x3\nconv 4 3x3 pad 1\nbatchnorm\nrelu\nfc 5\n")
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .sgd, learningRate: 1e39), threads: 1)
        let before = network.parameters.map(\.value)
        let stats = network.batchNorms[0].runningMean
        let (images, labels) = randomBatch(8, network.spec.input, classes: 5, seed: 4)
        let event = trainer.train(images: images, labels: labels)
        #expect(event.diverged)
        #expect(network.parameters.map(\.value) == before)
        #expect(network.batchNorms[0].runningMean == stats)
        #expect(trainer.step == 0)
    }

    @Test(arguments: [
        // A residual first: its body's first conv skips, the later one must not.
        "input 8x8x3\nresidual {\n  conv 3 3x3 pad 1\n  relu\n  conv 3 3x3 pad 1\n}\nconv 4 3x3 pad 1\nfc 5\n",
        "input 8x8x3\nconv 3 3x3 pad 1\nresidual {\n  conv 3 3x3 pad 1\n  relu\n  conv 3 3x3 pad 1\n}\nfc 5\n",
    ])
    func skippingTheInputGradientLeavesParameterGradientsUnchanged(text: String) throws {
        let network = try tinyNetwork(text: text)
        let (images, labels) = randomBatch(4, network.spec.input, classes: 5, seed: 8)
        func gradients(_ needsInput: Bool) -> ([[Float]], [Float]) {
            network.zeroGradients()
            var context = PassContext(training: true, threads: 2)
            let (_, _, dscores) = Softmax.crossEntropy(scores: network.scores(images, context), labels: labels)
            context.needsInputGradient = needsInput
            let dx = network.backward(dscores, context)
            return (network.parameters.map(\.gradient), dx.data)
        }
        let (full, dx) = gradients(true)
        let (skipped, partial) = gradients(false)
        #expect(full == skipped)
        #expect(dx.contains { $0 != 0 })
        if case .conv = network.layers[0].kind {
            #expect(partial.allSatisfy { $0 == 0 }, "conv1 skipped its input gradient")
        }
    }

    @Test func lrnRefusesToTrainWithAClearMessage() throws {
        let spec = try SpecParser.parse("input 8x8x3\nconv 4 3x3\nlrn\nfc 2\n")
        #expect(throws: SpecError.self) { try Network(spec: spec, seed: 1) }
        do { _ = try Network(spec: spec, seed: 1) } catch {
            #expect(error.location.line == 3 && error.message.contains("shape-only"))
        }
    }

    @Test func frozenLayersDoNotMove() throws {
        let spec = try SpecParser.parse("input 8x8x3\nconv 4 3x3 pad 1 frozen\nrelu\nfc 5\n")
        let network = try Network(spec: spec, seed: 2)
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .adam, l2: 0.01), threads: 1)
        let before = network.parameters.map(\.value)
        let (images, labels) = randomBatch(4, network.spec.input, classes: 5, seed: 3)
        for _ in 0..<5 { _ = trainer.train(images: images, labels: labels) }
        #expect(network.parameters[0].value == before[0] && network.parameters[1].value == before[1])
        #expect(network.parameters[2].value != before[2])
    }

    @Test func runnerPausesStepsAndResumesFromAnotherThread() throws {
        let network = try tinyNetwork()
        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .adam), threads: 1)
        let input = network.spec.input
        let runner = TrainingRunner(trainer: trainer, batchSize: 4, startPaused: true) { n in randomBatch(n, input, classes: 5, seed: 1) }
        runner.start()
        defer { runner.send(.stop) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runner.status.lastEvent == nil)
        runner.send(.step(batches: 3))
        let deadline = Date().addingTimeInterval(10)
        while runner.status.lastEvent?.step != 3 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        Thread.sleep(forTimeInterval: 0.05)
        #expect(runner.status.lastEvent?.step == 3, "stepping runs exactly three batches, then pauses")
        runner.send(.setLearningRate(0.123))
        runner.send(.resume)
        while (runner.status.lastEvent?.step ?? 0) < 10 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        #expect(runner.status.lastEvent?.learningRate == 0.123)
        runner.send(.pause)
    }
}
