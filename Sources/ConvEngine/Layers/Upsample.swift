/// `upsample Sx [nearest|bilinear]`: each plane's width and height times S, no parameters.
/// Nearest copies each pixel into an S x S block; bilinear mixes the 2 x 2 neighbours of each
/// output pixel's centre, with PyTorch's `align_corners=False` sampling (see `UpsampleMode`).
/// Backward sends each output's gradient back to the pixels it read, with the same weights.
/// Planes (image, channel) are independent, so threads split them and results never depend on it.
/// The readable maths it must match: `ReferenceLayers.upsampleForward` / `upsampleBackward`.
public final class Upsample: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let spec: UpsampleSpec
    public let inputVolume: Volume
    public let outputVolume: Volume
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    /// Per output row and column: the two input indices read and their weights (bilinear).
    private let rows: [BilinearTap], columns: [BilinearTap]

    init(name: String, spec: UpsampleSpec, input: Volume, output: Volume) {
        self.name = name
        self.spec = spec
        kind = .upsample(spec)
        inputVolume = input
        outputVolume = output
        rows = BilinearTap.table(input: input.height, output: output.height, scale: spec.scale)
        columns = BilinearTap.table(input: input.width, output: output.width, scale: spec.scale)
    }

    /// Shapes: [N, C, H, W] -> [N, C, S*H, S*W].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        var output = context.output(input.batch, outputVolume)
        let planes = input.batch * inputVolume.depth
        let (h, w, oh, ow, s) = (inputVolume.height, inputVolume.width, outputVolume.height, outputVolume.width, spec.scale)
        let bilinear = spec.mode == .bilinear
        rows.withUnsafeBufferPointer { ry in
            columns.withUnsafeBufferPointer { cx in
                input.data.withUnsafeBufferPointer { x in
                    output.data.withUnsafeMutableBufferPointer { y in
                        nonisolated(unsafe) let xp = x.baseAddress!, yp = y.baseAddress!, ryp = ry.baseAddress!, cxp = cx.baseAddress!
                        parallelChunks(planes, parts: planes * oh * ow >= Elementwise.parallelCount ? context.threads : 1) { _, range in
                            for plane in range {
                                let src = xp + plane &* h &* w, dst = yp + plane &* oh &* ow
                                for oy in 0..<oh {
                                    let out = dst + oy &* ow
                                    if !bilinear {
                                        let line = src + (oy / s) &* w
                                        for ox in 0..<ow { out[ox] = line[ox / s] }
                                        continue
                                    }
                                    let r = ryp[oy]
                                    let top = src + r.low &* w, bottom = src + r.high &* w
                                    for ox in 0..<ow {
                                        let c = cxp[ox]
                                        // PyTorch's order: h0 * (w0 * x00 + w1 * x01) + h1 * (w0 * x10 + w1 * x11).
                                        out[ox] = r.lowWeight * (c.lowWeight * top[c.low] + c.highWeight * top[c.high])
                                            + r.highWeight * (c.lowWeight * bottom[c.low] + c.highWeight * bottom[c.high])
                                    }
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

    /// Shapes: [N, C, S*H, S*W] -> [N, C, H, W]; each input pixel sums the gradients of the outputs that read it.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        var inputGradient = Tensor(zeros: outputGradient.batch, inputVolume)
        let planes = outputGradient.batch * inputVolume.depth
        let (h, w, oh, ow, s) = (inputVolume.height, inputVolume.width, outputVolume.height, outputVolume.width, spec.scale)
        let bilinear = spec.mode == .bilinear
        rows.withUnsafeBufferPointer { ry in
            columns.withUnsafeBufferPointer { cx in
                outputGradient.data.withUnsafeBufferPointer { dy in
                    inputGradient.data.withUnsafeMutableBufferPointer { dx in
                        nonisolated(unsafe) let dyp = dy.baseAddress!, dxp = dx.baseAddress!, ryp = ry.baseAddress!, cxp = cx.baseAddress!
                        parallelChunks(planes, parts: planes * oh * ow >= Elementwise.parallelCount ? context.threads : 1) { _, range in
                            for plane in range {
                                let src = dyp + plane &* oh &* ow, dst = dxp + plane &* h &* w
                                for oy in 0..<oh {
                                    let g = src + oy &* ow
                                    if !bilinear {
                                        let line = dst + (oy / s) &* w
                                        for ox in 0..<ow { line[ox / s] += g[ox] }
                                        continue
                                    }
                                    let r = ryp[oy]
                                    let top = dst + r.low &* w, bottom = dst + r.high &* w
                                    for ox in 0..<ow {
                                        let c = cxp[ox]
                                        top[c.low] += r.lowWeight * c.lowWeight * g[ox]
                                        top[c.high] += r.lowWeight * c.highWeight * g[ox]
                                        bottom[c.low] += r.highWeight * c.lowWeight * g[ox]
                                        bottom[c.high] += r.highWeight * c.highWeight * g[ox]
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}

/// One output row's (or column's) two bilinear source indices and weights, align_corners=False:
/// source position (o + 0.5) / s - 0.5, clamped below at 0; `high` stops at the last pixel.
struct BilinearTap {
    var low: Int, high: Int
    var lowWeight: Float, highWeight: Float

    static func table(input: Int, output: Int, scale: Int) -> [BilinearTap] {
        // PyTorch computes the position in Float, with the scale as 1/s: the same here, bit for bit.
        let step = 1 / Float(scale)
        return (0..<output).map { o in
            let position = max(0, step * (Float(o) + 0.5) - 0.5)
            let low = min(Int(position), input - 1)
            let high = low + (low < input - 1 ? 1 : 0)
            let frac = position - Float(low)
            return BilinearTap(low: low, high: high, lowWeight: 1 - frac, highWeight: frac)
        }
    }
}
