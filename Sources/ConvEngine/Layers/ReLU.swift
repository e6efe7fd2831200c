/// max(0, x), elementwise. The gradient passes where the output is positive.
/// The readable maths it must match: `ReferenceLayers.reluForward` / `reluBackward` in Reference/.
public final class ReLU: RuntimeLayer {
    public let name: String
    public let kind = LayerKind.relu
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, volume: Volume) {
        self.name = name
        inputVolume = volume
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        var output = context.output(input.batch, inputVolume)
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                // NaN -> 0, as max(0, x) would not.
                Elementwise.relu(x.baseAddress!, y.baseAddress!, count: y.count, threads: context.threads)
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]; dx = dy where y > 0.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        // A fresh tensor, not a copy of outputGradient: writing into that would copy it first.
        var inputGradient = Tensor(uninitialized: outputGradient.batch, inputVolume)
        lastOutput!.data.withUnsafeBufferPointer { y in
            outputGradient.data.withUnsafeBufferPointer { dy in
                inputGradient.data.withUnsafeMutableBufferPointer { dx in
                    Elementwise.reluBackward(y.baseAddress!, dy.baseAddress!, dx.baseAddress!, count: dx.count, threads: context.threads)
                }
            }
        }
        return inputGradient
    }
}
