/// Inverted dropout: in training each value is zeroed with probability p and the survivors are
/// scaled by 1/(1-p), so evaluation is the identity. Masks come from the network's seeded RNG.
/// The readable maths it must match: `ReferenceNetwork` (its dropout case: the same mask multiplies forward and backward) in Reference/.
public final class Dropout: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public let probability: Double
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    /// 0 or 1/(1-p) per value of the last training batch; empty after an evaluation pass.
    private var mask: [Float] = []
    let random: RandomStream

    init(name: String, probability: Double, volume: Volume, random: RandomStream) {
        self.name = name
        self.probability = probability
        kind = .dropout(probability)
        inputVolume = volume
        self.random = random
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        guard context.training, probability > 0 else {
            mask = []
            lastOutput = context.retainsActivations ? input : nil
            return input
        }
        let keep = Float(1 / (1 - probability))
        let threshold = Float(probability)
        mask = [Float](repeating: 0, count: input.data.count)
        random.use { rng in
            for i in 0..<mask.count { mask[i] = rng.nextUnitFloat() < threshold ? 0 : keep }
        }
        var output = input
        for i in 0..<output.data.count { output.data[i] *= mask[i] }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]; the same mask scales the gradient.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        guard !mask.isEmpty else { return outputGradient }
        var inputGradient = outputGradient
        for i in 0..<inputGradient.data.count { inputGradient.data[i] *= mask[i] }
        return inputGradient
    }
}

/// The network's one random stream, shared by the layers that draw during training (dropout),
/// so that saving its state in a checkpoint makes a resumed run replay exactly.
public final class RandomStream: @unchecked Sendable {
    public var generator: SeededRandom
    public init(_ generator: SeededRandom) { self.generator = generator }
    func use<R>(_ body: (inout SeededRandom) -> R) -> R { body(&generator) }
}
