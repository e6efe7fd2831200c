import Testing
@testable import ConvEngine

@Suite struct DataParallelTests {
    static let text = """
    input 16x16x3
    conv1: conv 6 5x5 pad 2
    relu
    pool1: maxpool 2x2 stride 2
    conv2: conv 8 3x3 pad 1
    relu
    pool2: maxpool 2x2 stride 2
    fc1: fc 10
    softmax
    """

    func batch(_ n: Int, seed: UInt64) -> (Tensor, [Int]) {
        var rng = SeededRandom(seed: seed)
        let v = Volume(width: 16, height: 16, depth: 3)
        return (Tensor(batch: n, volume: v, data: (0..<(n * v.count)).map { _ in Float(rng.nextGaussian()) * 0.3 }),
                (0..<n).map { _ in rng.nextInt(below: 10) })
    }

    @Test func averagedGradientOfTwoWorkersEqualsTheWholeBatchGradient() throws {
        let (images, labels) = batch(8, seed: 1)
        let c = try DataParallel.check(spec: try SpecParser.parse(Self.text), seed: 7, images: images, labels: labels, workers: 2)
        #expect(c.shares == [4, 4])
        #expect(c.gradientCount == 3 * 25 * 6 + 6 + 6 * 9 * 8 + 8 + 4 * 4 * 8 * 10 + 10)
        #expect(c.maxAbsGradient > 0)
        #expect(c.relativeDifference < 1e-5, "relative \(c.relativeDifference), abs \(c.maxAbsDifference)")
        // The losses average the same way the gradients do.
        #expect(abs((c.workerLosses[0] + c.workerLosses[1]) / 2 - c.singleLoss) < 1e-9)
        // Each worker alone is NOT the whole-batch gradient: averaging matters.
        let (_, alone) = DataParallel.meanGradient(try Network(spec: try SpecParser.parse(Self.text), seed: 7), images: images, labels: labels, range: 0..<4)
        let gap = zip(alone.joined(), c.single.joined()).map { abs($0 - $1) }.max()!
        #expect(gap > 100 * c.maxAbsDifference)
    }

    @Test func unevenSharesAreWeighted() throws {
        let (images, labels) = batch(7, seed: 2)
        let c = try DataParallel.check(spec: try SpecParser.parse(Self.text), seed: 7, images: images, labels: labels, workers: 3)
        #expect(c.shares == [2, 2, 3])
        #expect(c.relativeDifference < 1e-5)
    }

    @Test func vgg16PlansFromShapes() throws {
        let shapes = NetworkShapes(Zoo.spec(named: "vgg16")!)
        let data = ParallelPlan.data(shapes, workers: 2, batch: 32)
        #expect(data.workers.count == 2)
        #expect(data.workers.allSatisfy { $0.params == shapes.totalParams && $0.sends == shapes.totalParams })
        #expect(data.workers[0].activations == 16 * shapes.forwardActivations)

        let model = ParallelPlan.model(shapes, batch: 32)
        #expect(model.workers[0].params + model.workers[1].params == shapes.totalParams)
        #expect(model.workers[0].activations + model.workers[1].activations == 32 * shapes.forwardActivations)
        // The balanced split: no other split point gives closer parameter counts.
        let gap = abs(model.workers[0].params - model.workers[1].params)
        for name in ["pool5", "fc7", "conv5_3"] {
            let other = ParallelPlan.model(shapes, batch: 32, splitAfter: name)
            #expect(abs(other.workers[0].params - other.workers[1].params) >= gap)
        }
        let atPool5 = ParallelPlan.model(shapes, batch: 1, splitAfter: "pool5")
        #expect(atPool5.splitAfter == "pool5")
        #expect(atPool5.workers[0].sends == shapes.layer(named: "pool5")!.output.count)
        #expect(atPool5.workers[1].params == shapes.layer(named: "fc6")!.params + shapes.layer(named: "fc7")!.params + shapes.layer(named: "fc8")!.params)
    }
}
