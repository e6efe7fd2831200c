import Testing
@testable import ConvEngine

/// Sources/ConvEngine/Layers/Activation.swift at points whose values are known by heart or from
/// a table: sigmoid(0) = 1/2, tanh(0) = 0, sigmoid(2) = 0.8807971, tanh(2) = 0.9640276; a large
/// negative input gives no NaN.
@Suite struct ActivationTests {
    /// One layer's output for one image, its parameters set to `weights` (in `parameters` order).
    func run(_ text: String, input: [Float], weights: [[Float]] = []) throws -> (Network, [Float]) {
        let spec = try SpecParser.parse(text)
        let network = try Network(spec: spec, seed: 1)
        for (p, w) in zip(network.parameters, weights) { p.value = w }
        let y = network.scores(Tensor(batch: 1, volume: spec.input, data: input), PassContext(training: true, threads: 1))
        return (network, y.data)
    }

    @Test func activationsAtKnownPoints() throws {
        let x: [Float] = [0, -2, 2, -100]
        #expect(try run("input 4x1x1\nsigmoid\n", input: x).1.prefix(1) == [0.5])
        let sig = try run("input 4x1x1\nsigmoid\n", input: x).1
        #expect(abs(sig[2] - 0.880797) < 1e-6 && sig[3] >= 0 && sig[3] < 1e-30 && !sig[3].isNaN)
        let tanh = try run("input 4x1x1\ntanh\n", input: x).1
        #expect(tanh[0] == 0 && abs(tanh[2] - 0.9640276) < 1e-6 && tanh[3] == -1)
        #expect(try run("input 4x1x1\nleakyrelu 0.1\n", input: x).1 == [0, -0.2, 2, -10])
        // Backward of dy = 1: sigmoid'(0) = 1/4, tanh'(0) = 1, leaky slope 0.1 below zero and 1 above.
        func slopes(_ text: String) throws -> [Float] {
            let (network, _) = try run(text, input: x)
            let ones = Tensor(batch: 1, volume: Volume(width: 4, height: 1, depth: 1), data: [1, 1, 1, 1])
            return network.backward(ones, PassContext(training: true, threads: 1)).data
        }
        #expect(try slopes("input 4x1x1\nsigmoid\n")[0] == 0.25)
        #expect(try slopes("input 4x1x1\ntanh\n")[0] == 1)
        #expect(try slopes("input 4x1x1\nleakyrelu 0.1\n") == [0.1, 0.1, 1, 0.1])
    }
}
