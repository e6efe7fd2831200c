/// [N, C, H, W] -> [N, C*H*W, 1, 1]: the same values in the same order, seen as a vector.
/// The readable maths it must match: the identity in `ReferenceNetwork` in Reference/.
public final class Flatten: RuntimeLayer {
    public let name: String
    public let kind = LayerKind.flatten
    public let inputVolume: Volume
    public let outputVolume: Volume
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, input: Volume) {
        self.name = name
        inputVolume = input
        outputVolume = Volume(vector: input.count)
    }

    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let output = Tensor(batch: input.batch, volume: outputVolume, data: input.data)
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        return Tensor(batch: outputGradient.batch, volume: inputVolume, data: outputGradient.data)
    }
}
