/// max(0, x), elementwise. The gradient passes where the output is positive.
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
                for i in 0..<y.count { y[i] = x[i] > 0 ? x[i] : 0 }   // NaN -> 0, as max(0, x) would not
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]; dx = dy where y > 0.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        var inputGradient = outputGradient
        lastOutput!.data.withUnsafeBufferPointer { y in
            inputGradient.data.withUnsafeMutableBufferPointer { dx in
                for i in 0..<dx.count where !(y[i] > 0) { dx[i] = 0 }
            }
        }
        return inputGradient
    }
}
