/// Max pooling: each output is the largest input in its window (padding never wins).
/// The winner's index is kept so backward routes the gradient to it alone.
/// The readable maths it must match: `ReferenceLayers.poolForward` / `poolBackward` (max: true) in Reference/.
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

    /// Shapes: [N, C, H, W] -> [N, C, OH, OW]. Planes are independent, so images split over threads.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let n = input.batch, c = inputVolume.depth, h = inputVolume.height, w = inputVolume.width
        let oh = outputVolume.height, ow = outputVolume.width
        var output = context.output(n, outputVolume)
        if winners.count != output.data.count { winners = [Int32](repeating: 0, count: output.data.count) }
        let rows = (0..<oh).map { PoolWindow(output: $0, kernel: spec.kernelHeight, stride: spec.strideHeight, pad: spec.padHeight, input: h) }
        let cols = (0..<ow).map { PoolWindow(output: $0, kernel: spec.kernelWidth, stride: spec.strideWidth, pad: spec.padWidth, input: w) }
        // The ConvNetJS net's 2x2 stride-2 pools take a branch-free path: four loads, three compares.
        let twoByTwo = spec.kernelHeight == 2 && spec.kernelWidth == 2 && spec.strideHeight == 2 && spec.strideWidth == 2
            && spec.padHeight == 0 && spec.padWidth == 0 && oh * 2 <= h && ow * 2 <= w
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                winners.withUnsafeMutableBufferPointer { win in
                    nonisolated(unsafe) let xp = x.baseAddress!, yp = y.baseAddress!, wp = win.baseAddress!
                    let parts = n >= 8 ? context.threads : 1
                    parallelChunks(n, parts: parts) { _, images in
                        for plane in (images.lowerBound * c)..<(images.upperBound * c) {
                            let base = plane &* h &* w
                            let exampleBase = (plane / c) &* c &* h &* w
                            var o = plane &* oh &* ow
                            if twoByTwo {
                                for oy in 0..<oh {
                                    let r0 = base &+ 2 &* oy &* w
                                    for ox in 0..<ow {
                                        let a = r0 &+ 2 &* ox
                                        var at = a
                                        var best = xp[a]
                                        if xp[a &+ 1] > best { best = xp[a &+ 1]; at = a &+ 1 }
                                        if xp[a &+ w] > best { best = xp[a &+ w]; at = a &+ w }
                                        if xp[a &+ w &+ 1] > best { best = xp[a &+ w &+ 1]; at = a &+ w &+ 1 }
                                        yp[o] = best
                                        wp[o] = Int32(truncatingIfNeeded: at &- exampleBase)
                                        o &+= 1
                                    }
                                }
                                continue
                            }
                            for r in rows {
                                for q in cols {
                                    var best = -Float.infinity
                                    var at = base &+ r.start &* w &+ q.start
                                    for yy in r.start..<r.end {
                                        for xx in q.start..<q.end {
                                            let v = xp[base &+ yy &* w &+ xx]
                                            if v > best { best = v; at = base &+ yy &* w &+ xx }
                                        }
                                    }
                                    yp[o] = best
                                    wp[o] = Int32(truncatingIfNeeded: at &- exampleBase)
                                    o &+= 1
                                }
                            }
                        }
                    }
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
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
