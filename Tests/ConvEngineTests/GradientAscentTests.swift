import Testing
@testable import ConvEngine

@Suite struct GradientAscentTests {
    static let text = """
    input 8x8x3
    conv1: conv 4 3x3 pad 1
    relu
    pool1: maxpool 2x2 stride 2
    fc1: fc 5
    softmax
    """

    func start(count: Int) -> [Float] {
        var rng = SeededRandom(seed: 21)
        return (0..<count).map { _ in Float(rng.nextGaussian()) * 0.1 }
    }

    @Test func raisesTheClassScore() throws {
        let net = try Network(spec: try SpecParser.parse(Self.text), seed: 4)
        let x = start(count: net.spec.input.count)
        for k in 0..<5 {
            let steps = GradientAscent(objective: .classScore(k), learningRate: 0.02, l2Decay: 0.001, steps: 15).run(network: net, start: x)
            #expect(steps.count == 16)
            #expect(steps.first!.image == x)
            #expect(steps.last!.objective > steps.first!.objective + 0.05, "class \(k): \(steps.first!.objective) -> \(steps.last!.objective)")
            // Each step's recorded value is the network's score at that image.
            let direct = net.scores(Tensor(batch: 1, volume: net.spec.input, data: steps.last!.image), PassContext(training: false, threads: 1))
            #expect(direct.data[k] == steps.last!.objective)
        }
    }

    @Test func raisesALayersMeanActivationAndStaysInRange() throws {
        let net = try Network(spec: try SpecParser.parse(Self.text), seed: 4)
        let steps = GradientAscent(objective: .layerMean("relu1"), learningRate: 0.05, steps: 10).run(network: net, start: start(count: 192))
        #expect(steps.last!.objective > steps.first!.objective)
        #expect(steps.allSatisfy { $0.image.allSatisfy { (-0.5...0.5).contains($0) } })
    }
}
