/// How weights start. He (Kaiming) normal suits ReLU networks: std sqrt(2 / fan_in), biases 0.
/// ConvNetJS draws N(0, sqrt(1 / fan_in)) and starts ReLU-layer conv biases at 0.1 so units begin
/// active; choose it to reproduce the ConvNetJS demo. PyTorch's default for conv and linear
/// layers (kaiming_uniform with a = sqrt(5)) draws weights and biases from U(-b, b) with
/// b = 1/sqrt(fan_in): std 1/sqrt(3 fan_in), 2.4x smaller than He, which with weight decay lets
/// the random part of first-layer filters fade while the learned part grows. Batch norm starts
/// at gamma 1, beta 0.
public enum Initialization: String, CaseIterable, Sendable, Codable {
    case he
    case convnetjs
    case pytorch

    func initialize(_ layer: RuntimeLayer, _ rng: inout SeededRandom) {
        switch layer {
        case let conv as Convolution:
            let fanIn = conv.geometry.patchSize
            fill(conv.weight, fanIn: fanIn, &rng)
            if let bias = conv.bias { fillBias(bias, fanIn: fanIn, convBias: 0.1, &rng) }
        case let deconv as TransposedConvolution:
            // PyTorch takes dimension 1 of [C, N', kh, kw] as the fan-in: N' x kh x kw.
            let fanIn = deconv.weight.shape[1] * deconv.weight.shape[2] * deconv.weight.shape[3]
            fill(deconv.weight, fanIn: fanIn, &rng)
            if let bias = deconv.bias { fillBias(bias, fanIn: fanIn, convBias: 0, &rng) }
        case let fc as FullyConnected:
            fill(fc.weight, fanIn: fc.inputVolume.count, &rng)
            if let bias = fc.bias { fillBias(bias, fanIn: fc.inputVolume.count, convBias: 0, &rng) }
        case let bn as BatchNorm:
            for i in 0..<bn.gamma.count { bn.gamma.value[i] = 1; bn.beta.value[i] = 0 }
        default:
            for child in layer.children { initialize(child, &rng) }
        }
    }

    private func fill(_ p: Parameter, fanIn: Int, _ rng: inout SeededRandom) {
        switch self {
        case .he, .convnetjs:
            let std = self == .he ? (2.0 / Double(fanIn)).squareRoot() : (1.0 / Double(fanIn)).squareRoot()
            for i in 0..<p.count { p.value[i] = Float(rng.nextGaussian() * std) }
        case .pytorch:
            uniform(p, bound: 1 / Double(fanIn).squareRoot(), &rng)
        }
    }

    /// He: 0. ConvNetJS: `convBias` (0.1 on convolutions, so ReLU units start active). PyTorch: U(±1/sqrt(fan_in)).
    private func fillBias(_ p: Parameter, fanIn: Int, convBias: Float, _ rng: inout SeededRandom) {
        switch self {
        case .he: for i in 0..<p.count { p.value[i] = 0 }
        case .convnetjs: for i in 0..<p.count { p.value[i] = convBias }
        case .pytorch: uniform(p, bound: 1 / Double(fanIn).squareRoot(), &rng)
        }
    }

    private func uniform(_ p: Parameter, bound: Double, _ rng: inout SeededRandom) {
        for i in 0..<p.count { p.value[i] = Float((2 * rng.nextUnitDouble() - 1) * bound) }
    }
}
