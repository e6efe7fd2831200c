import Testing
@testable import ConvEngine

@Suite struct SaliencyTests {
    static let text = """
    input 8x8x3
    conv1: conv 4 3x3 pad 1
    relu
    fc1: fc 5
    softmax
    """

    func image(_ seed: UInt64, count: Int) -> [Float] {
        var rng = SeededRandom(seed: seed)
        return (0..<count).map { _ in Float(rng.nextGaussian()) * 0.3 }
    }

    /// The backward pass's input gradient against (score(x + h) - score(x - h)) / 2h, pixel by pixel.
    @Test func matchesFiniteDifferencesOfTheClassScore() throws {
        let net = try Network(spec: try SpecParser.parse(Self.text), seed: 3)
        let x = image(5, count: net.spec.input.count)
        for k in [0, 3] {
            let s = Saliency.compute(network: net, image: x, classIndex: k)
            #expect(s.gradient.count == 8 * 8 * 3)
            let h: Float = 1e-2
            var checked = 0
            for j in stride(from: 1, to: x.count, by: 37) {
                var plus = x, minus = x
                plus[j] += h
                minus[j] -= h
                let sp = Saliency.compute(network: net, image: plus, classIndex: k).score
                let sm = Saliency.compute(network: net, image: minus, classIndex: k).score
                let fd = (sp - sm) / (2 * h)
                #expect(abs(fd - s.gradient[j]) <= 2e-3 + 0.02 * abs(s.gradient[j]), "pixel \(j) class \(k): fd \(fd) vs \(s.gradient[j])")
                checked += 1
            }
            #expect(checked >= 5)
            #expect(s.gradient.contains { $0 != 0 })
        }
    }

    @Test func scoreIsTheNetworksScoreAndParameterGradientsStayZero() throws {
        let net = try Network(spec: try SpecParser.parse(Self.text), seed: 3)
        let x = image(9, count: net.spec.input.count)
        let s = Saliency.compute(network: net, image: x, classIndex: 2)
        let direct = net.scores(Tensor(batch: 1, volume: net.spec.input, data: x), PassContext(training: false, threads: 1))
        #expect(s.scores == direct.data)
        #expect(s.score == direct.data[2])
        #expect(net.parameters.allSatisfy { p in p.gradient.allSatisfy { $0 == 0 } })
    }

    @Test func mapIsTheLargestMagnitudeOverChannels() {
        let v = Volume(width: 2, height: 1, depth: 3)
        // [C=3, H=1, W=2]
        let g: [Float] = [0.1, -2, -0.5, 1, 0.3, 0.2]
        #expect(Saliency.map(g, volume: v) == [0.5, 2])
    }

    @Test func shareInsideAMaskIsItsPartOfTheTotal() {
        // Total 10; inside: 4 + 1 = 5.
        #expect(Saliency.share(of: [4, 3, 1, 2], inside: [true, false, true, false]) == 0.5)
        #expect(Saliency.share(of: [4, 3, 1, 2], inside: [true, true, true, true]) == 1)
        #expect(Saliency.share(of: [4, 3, 1, 2], inside: [false, false, false, false]) == 0)
        #expect(Saliency.share(of: [0, 0], inside: [true, false]) == 0)
    }
}
