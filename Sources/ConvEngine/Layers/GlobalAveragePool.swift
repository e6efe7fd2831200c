/// The mean of each channel over all positions: [N, C, H, W] -> [N, C, 1, 1].
/// The readable maths it must match: `ReferenceLayers.poolForward` / `poolBackward` with one window the size of the input in Reference/.
public final class GlobalAveragePool: RuntimeLayer {
    public let name: String
    public let kind = LayerKind.globalAvgPool
    public let inputVolume: Volume
    public let outputVolume: Volume
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, input: Volume) {
        self.name = name
        inputVolume = input
        outputVolume = Volume(vector: input.depth)
    }

    /// Shapes: [N, C, H, W] -> [N, C, 1, 1].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let area = inputVolume.width * inputVolume.height
        var output = Tensor(zeros: input.batch, outputVolume)
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                for plane in 0..<y.count {
                    var sum: Float = 0
                    for j in 0..<area { sum += x[plane * area + j] }
                    y[plane] = sum / Float(area)
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, 1, 1] -> [N, C, H, W].
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let area = inputVolume.width * inputVolume.height
        var inputGradient = Tensor(zeros: outputGradient.batch, inputVolume)
        outputGradient.data.withUnsafeBufferPointer { dy in
            inputGradient.data.withUnsafeMutableBufferPointer { dx in
                for plane in 0..<dy.count {
                    let share = dy[plane] / Float(area)
                    for j in 0..<area { dx[plane * area + j] = share }
                }
            }
        }
        return inputGradient
    }
}
