/// `deconv`: the transposed convolution. Its forward pass is exactly the input-gradient pass of
/// the convolution that maps its output back to its input (same filter, stride and padding), and
/// its backward passes are that convolution's forward and weight-gradient passes. So it runs on
/// the conv kernels (im2col + GEMM, col2im) unchanged, with `geometry` describing that conv:
/// geometry input = this layer's output [N', H', W'], geometry output = this layer's input [C, H, W].
/// Weights [C, N', kh, kw] (PyTorch's ConvTranspose2d layout) are that conv's [K, C, kh, kw].
/// The readable maths it must match: `ReferenceLayers.deconvForward` / `deconvBackward`.
public final class TransposedConvolution: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    /// The convolution this layer transposes (see above).
    public let geometry: ConvGeometry
    public let weight: Parameter   // [C, N', kh, kw]
    public let bias: Parameter?    // [N']
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    private var lastInput: Tensor?
    private let pool: ConvWorkspacePool
    /// Per-thread partial weight+bias gradients, summed in thread order (as Convolution's).
    private var partials: [Float] = []

    init(name: String, spec: DeconvSpec, input: Volume, output: Volume, frozen: Bool, pool: ConvWorkspacePool = ConvWorkspacePool()) {
        self.name = name
        self.pool = pool
        kind = .deconv(spec)
        inputVolume = input
        outputVolume = output
        geometry = ConvGeometry(
            inChannels: output.depth, inHeight: output.height, inWidth: output.width, outChannels: input.depth,
            kernelHeight: spec.kernelHeight, kernelWidth: spec.kernelWidth, strideY: spec.strideHeight,
            strideX: spec.strideWidth, padTop: spec.padHeight, padLeft: spec.padWidth,
            outHeight: input.height, outWidth: input.width)
        weight = Parameter(name: "\(name).weight", shape: [input.depth, spec.filters, spec.kernelHeight, spec.kernelWidth], isBias: false, frozen: frozen)
        bias = spec.bias ? Parameter(name: "\(name).bias", shape: [spec.filters], isBias: true, frozen: frozen) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Shapes: input [N, C, H, W] -> output [N, N', H', W'], H' = (H - 1) S - 2P + kh + Q.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        lastInput = context.retainsActivations ? input : nil
        let n = input.batch, g = geometry
        var output = context.output(n, outputVolume)
        let parts = min(context.threads, n)
        let innerThreads = n == 1 ? context.threads : 1
        for part in 0..<parts { _ = pool.workspace(part) }
        let spaces = pool.spaces
        let biasValues = bias?.value
        input.data.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                output.data.withUnsafeMutableBufferPointer { y in
                    nonisolated(unsafe) let xp = x.baseAddress!, wp = w.baseAddress!, yp = y.baseAddress!
                    parallelChunks(n, parts: parts) { part, images in
                        for i in images {
                            let out = yp + i * g.inputCount
                            // y = col2im(W^T x): the conv's input gradient with x as its output gradient.
                            ConvKernels.backwardInput(g, outputGradient: xp + i * g.outputCount, weights: wp,
                                                      inputGradient: out, workspace: spaces[part], threads: innerThreads)
                            guard let biasValues else { continue }
                            let area = g.inHeight * g.inWidth
                            for k in 0..<g.inChannels {
                                let plane = out + k * area, b = biasValues[k]
                                for j in 0..<area { plane[j] += b }
                            }
                        }
                    }
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: outputGradient [N, N', H', W'] -> inputGradient [N, C, H, W] (the conv's forward pass
    /// over dy); weight.gradient [C, N', kh, kw] += the conv's weight gradient with dy as its input
    /// and x as its output gradient; bias.gradient [N'] += sums of dy per channel.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        guard let input = lastInput else { preconditionFailure("backward before forward in \(name)") }
        let n = input.batch, g = geometry
        var inputGradient = Tensor(zeros: n, inputVolume)
        let parts = min(context.threads, n)
        let innerThreads = n == 1 ? context.threads : 1
        let wCount = weight.count, bCount = bias?.count ?? 0, stride = wCount + bCount
        let trainable = !weight.frozen, needsInput = context.needsInputGradient
        for part in 0..<parts { _ = pool.workspace(part) }
        if partials.count < parts * stride { partials = [Float](repeating: 0, count: parts * stride) }
        let spaces = pool.spaces
        partials.withUnsafeMutableBufferPointer { partialBuffer in
            partialBuffer.update(repeating: 0)
            input.data.withUnsafeBufferPointer { x in
                outputGradient.data.withUnsafeBufferPointer { dy in
                    weight.value.withUnsafeBufferPointer { w in
                        inputGradient.data.withUnsafeMutableBufferPointer { dx in
                            nonisolated(unsafe) let xp = x.baseAddress!, dyp = dy.baseAddress!, wp = w.baseAddress!, dxp = dx.baseAddress!
                            nonisolated(unsafe) let pp = partialBuffer.baseAddress!
                            parallelChunks(n, parts: parts) { part, images in
                                let dw = pp + part * stride
                                for i in images {
                                    let gradient = dyp + i * g.inputCount
                                    if trainable {
                                        ConvKernels.backwardWeights(g, input: gradient, outputGradient: xp + i * g.outputCount,
                                                                    weightGradient: dw, biasGradient: nil,
                                                                    workspace: spaces[part], threads: innerThreads)
                                        if bCount > 0 {
                                            let area = g.inHeight * g.inWidth
                                            for k in 0..<bCount { dw[wCount + k] += ConvKernels.rowSum(gradient + k * area, count: area) }
                                        }
                                    }
                                    if needsInput {
                                        ConvKernels.forward(g, input: gradient, weights: wp, bias: nil, output: dxp + i * g.outputCount,
                                                            workspace: spaces[part], threads: innerThreads)
                                    }
                                }
                            }
                        }
                    }
                }
            }
            guard trainable else { return }
            PartialGradients.add(partialBuffer, parts: parts, to: weight, bias: bias)
        }
        return inputGradient
    }
}
