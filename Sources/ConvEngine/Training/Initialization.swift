/// How weights start. He (Kaiming) normal suits ReLU networks: std sqrt(2 / fan_in), biases 0.
/// ConvNetJS draws N(0, sqrt(1 / fan_in)) and starts ReLU-layer conv biases at 0.1 so units begin
/// active; choose it to reproduce the ConvNetJS demo. Batch norm starts at gamma 1, beta 0.
public enum Initialization: String, CaseIterable, Sendable, Codable {
    case he
    case convnetjs

    func initialize(_ layer: RuntimeLayer, _ rng: inout SeededRandom) {
        switch layer {
        case let conv as Convolution:
            let fanIn = conv.geometry.patchSize
            fill(conv.weight, fanIn: fanIn, &rng)
            if let bias = conv.bias {
                for i in 0..<bias.count { bias.value[i] = self == .convnetjs ? 0.1 : 0 }
            }
        case let fc as FullyConnected:
            fill(fc.weight, fanIn: fc.inputVolume.count, &rng)
            if let bias = fc.bias { for i in 0..<bias.count { bias.value[i] = 0 } }
        case let bn as BatchNorm:
            for i in 0..<bn.gamma.count { bn.gamma.value[i] = 1; bn.beta.value[i] = 0 }
        default:
            for child in layer.children { initialize(child, &rng) }
        }
    }

    private func fill(_ p: Parameter, fanIn: Int, _ rng: inout SeededRandom) {
        let std = self == .he ? (2.0 / Double(fanIn)).squareRoot() : (1.0 / Double(fanIn)).squareRoot()
        for i in 0..<p.count { p.value[i] = Float(rng.nextGaussian() * std) }
    }
}
