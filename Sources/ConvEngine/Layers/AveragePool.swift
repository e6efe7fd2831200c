/// Average pooling; padding counts as zeros in the divisor (PyTorch's count_include_pad default).
/// The readable maths it must match: `ReferenceLayers.poolForward` / `poolBackward` (max: false) in Reference/.
public final class AveragePool: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    let spec: PoolSpec
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, spec: PoolSpec, input: Volume, output: Volume) {
        self.name = name
        self.spec = spec
        kind = .avgPool(spec)
        inputVolume = input
        outputVolume = output
    }

    var windows: ([PoolWindow], [PoolWindow]) {
        ((0..<outputVolume.height).map { PoolWindow(output: $0, kernel: spec.kernelHeight, stride: spec.strideHeight, pad: spec.padHeight, input: inputVolume.height) },
         (0..<outputVolume.width).map { PoolWindow(output: $0, kernel: spec.kernelWidth, stride: spec.strideWidth, pad: spec.padWidth, input: inputVolume.width) })
    }

    /// Shapes: [N, C, H, W] -> [N, C, OH, OW].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let planes = input.batch * inputVolume.depth, h = inputVolume.height, w = inputVolume.width
        var output = Tensor(zeros: input.batch, outputVolume)
        let (rows, cols) = windows
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                var o = 0
                for plane in 0..<planes {
                    let base = plane * h * w
                    for r in rows {
                        for q in cols {
                            var sum: Float = 0
                            for yy in r.start..<r.end { for xx in q.start..<q.end { sum += x[base + yy * w + xx] } }
                            y[o] = sum / Float(r.paddedCount * q.paddedCount)
                            o += 1
                        }
                    }
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, OH, OW] -> [N, C, H, W]; each output spreads its gradient evenly over its window.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let planes = outputGradient.batch * inputVolume.depth, h = inputVolume.height, w = inputVolume.width
        var inputGradient = Tensor(zeros: outputGradient.batch, inputVolume)
        let (rows, cols) = windows
        outputGradient.data.withUnsafeBufferPointer { dy in
            inputGradient.data.withUnsafeMutableBufferPointer { dx in
                var o = 0
                for plane in 0..<planes {
                    let base = plane * h * w
                    for r in rows {
                        for q in cols {
                            let share = dy[o] / Float(r.paddedCount * q.paddedCount)
                            for yy in r.start..<r.end { for xx in q.start..<q.end { dx[base + yy * w + xx] += share } }
                            o += 1
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
