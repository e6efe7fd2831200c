/// Max pooling: each output is the largest input in its window (padding never wins).
/// The winner's index is kept so backward routes the gradient to it alone.
public final class MaxPool: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    let spec: PoolSpec
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    /// Per output, the flat index (within its example) of the winning input. [N, C, OH, OW]
    private var winners: [Int32] = []

    init(name: String, spec: PoolSpec, input: Volume, output: Volume) {
        self.name = name
        self.spec = spec
        kind = .maxPool(spec)
        inputVolume = input
        outputVolume = output
    }

    /// Shapes: [N, C, H, W] -> [N, C, OH, OW].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let n = input.batch, c = inputVolume.depth, h = inputVolume.height, w = inputVolume.width
        let oh = outputVolume.height, ow = outputVolume.width
        var output = Tensor(zeros: n, outputVolume)
        if winners.count != output.data.count { winners = [Int32](repeating: 0, count: output.data.count) }
        let rows = (0..<oh).map { PoolWindow(output: $0, kernel: spec.kernelHeight, stride: spec.strideHeight, pad: spec.padHeight, input: h) }
        let cols = (0..<ow).map { PoolWindow(output: $0, kernel: spec.kernelWidth, stride: spec.strideWidth, pad: spec.padWidth, input: w) }
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { win in
                    var o = 0
                    for plane in 0..<(n * c) {
                        let base = plane * h * w
                        let exampleBase = (plane / c) * c * h * w
                        for r in rows {
                            for q in cols {
                                var best = -Float.infinity
                                var at = base + r.start * w + q.start
                                for yy in r.start..<r.end {
                                    for xx in q.start..<q.end {
                                        let v = x[base + yy * w + xx]
                                        if v > best { best = v; at = base + yy * w + xx }
                                    }
                                }
                                y[o] = best
                                win[o] = Int32(at - exampleBase)
                                o += 1
                            }
                        }
                    }
                }
            }
        }
        lastOutput = output
        return output
    }

    /// Shapes: [N, C, OH, OW] -> [N, C, H, W]; each output's gradient goes to its winner.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        var inputGradient = Tensor(zeros: outputGradient.batch, inputVolume)
        let perIn = inputVolume.count, perOut = outputVolume.count
        outputGradient.data.withUnsafeBufferPointer { dy in
            inputGradient.data.withUnsafeMutableBufferPointer { dx in
                winners.withUnsafeBufferPointer { win in
                    for i in 0..<dy.count {
                        dx[(i / perOut) * perIn + Int(win[i])] += dy[i]
                    }
                }
            }
        }
        return inputGradient
    }
}
