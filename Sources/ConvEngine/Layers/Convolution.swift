/// Conv layer: K filters of C x kh x kw slide over the input; im2col + GEMM per image
/// (ConvKernels), batch images split over threads, weight gradients reduced in chunk order.
/// With `groups G` each image runs G independent convolutions of C/G channels into K/G filters
/// (consecutive slices of input, weights, bias and output), so `geometry` describes one group.
/// Dilation lives in the geometry's tap offsets.
/// The readable maths it must match: `ReferenceLayers.convForward` / `convBackward` in Reference/.
public final class Convolution: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    /// One group's convolution: C/G channels in, K/G filters out.
    public let geometry: ConvGeometry
    public let groups: Int
    public let weight: Parameter   // [K, C/G, kh, kw]
    public let bias: Parameter?    // [K]
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    private var lastInput: Tensor?
    /// Scratch shared by every conv layer of a network (layers run one at a time), so memory holds
    /// one set of im2col buffers sized for the largest layer, not one set per layer.
    private let pool: ConvWorkspacePool
    /// Per-thread partial weight+bias gradients [threads][K*C*kh*kw + K], summed in thread order.
    private var partials: [Float] = []

    init(name: String, spec: ConvSpec, input: Volume, output: Volume, frozen: Bool, pool: ConvWorkspacePool = ConvWorkspacePool()) {
        self.pool = pool
        self.name = name
        kind = .conv(spec)
        inputVolume = input
        outputVolume = output
        groups = spec.groups
        geometry = ConvGeometry(
            inChannels: input.depth / spec.groups, inHeight: input.height, inWidth: input.width, outChannels: spec.filters / spec.groups,
            kernelHeight: spec.kernelHeight, kernelWidth: spec.kernelWidth, strideY: spec.strideHeight,
            strideX: spec.strideWidth, padTop: spec.padHeight, padLeft: spec.padWidth,
            outHeight: output.height, outWidth: output.width, dilationY: spec.dilationHeight, dilationX: spec.dilationWidth)
        weight = Parameter(name: "\(name).weight", shape: [spec.filters, input.depth / spec.groups, spec.kernelHeight, spec.kernelWidth], isBias: false, frozen: frozen)
        bias = spec.bias ? Parameter(name: "\(name).bias", shape: [spec.filters], isBias: true, frozen: frozen) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    private func withBias(_ body: (UnsafePointer<Float>?) -> Void) {
        if let bias { bias.value.withUnsafeBufferPointer { body($0.baseAddress) } } else { body(nil) }
    }

    private func workspace(_ index: Int) -> ConvWorkspace {
        pool.workspace(index)
    }

    /// Shapes: input [N, C, H, W] -> output [N, K, OH, OW].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        lastInput = context.retainsActivations ? input : nil
        let n = input.batch, g = geometry, groups = groups
        let inStride = inputVolume.count, outStride = outputVolume.count
        // Fresh each pass: reusing lastOutput would copy it (the next layer still holds it).
        var output = context.output(n, outputVolume)
        let parts = min(context.threads, n)
        // A single big image (VGG at 224x224) splits its GEMMs instead of the batch.
        let innerThreads = n == 1 ? context.threads : 1
        for part in 0..<parts { _ = workspace(part) }
        let spaces = pool.spaces
        input.data.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                output.data.withUnsafeMutableBufferPointer { y in
                    nonisolated(unsafe) let xp = x.baseAddress!, wp = w.baseAddress!, yp = y.baseAddress!
                    // Once for the whole batch (Winograd's transformed filters, when they apply; one
                    // group's, so grouped convs take the im2col path).
                    nonisolated(unsafe) let u = groups == 1 ? ConvKernels.transformWeights(g, wp, workspace: spaces[0], threads: context.threads) : nil
                    withBias { b in
                        nonisolated(unsafe) let bp = b
                        parallelChunks(n, parts: parts) { part, images in
                            for i in images {
                                for group in 0..<groups {
                                    ConvKernels.forward(g, input: xp + i * inStride + group * g.inputCount, weights: wp + group * g.weightCount,
                                                        transformedWeights: u, bias: bp.map { $0 + group * g.outChannels },
                                                        output: yp + i * outStride + group * g.outputCount, workspace: spaces[part], threads: innerThreads)
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

    /// Shapes: outputGradient [N, K, OH, OW] -> inputGradient [N, C, H, W];
    /// weight.gradient [K, C, kh, kw] += sum over images, bias.gradient [K] += sum over images and positions.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        guard let input = lastInput else { preconditionFailure("backward before forward in \(name)") }
        let n = input.batch, g = geometry, groups = groups
        let inStride = inputVolume.count, outStride = outputVolume.count
        // Zeros only when nothing writes it (needsInputGradient false); else every image is overwritten.
        var inputGradient = context.needsInputGradient ? Tensor(uninitialized: n, inputVolume) : Tensor(zeros: n, inputVolume)
        let parts = min(context.threads, n)
        let innerThreads = n == 1 ? context.threads : 1
        let wCount = weight.count, bCount = bias?.count ?? 0
        let stride = wCount + bCount
        let trainable = !weight.frozen
        let needsInput = context.needsInputGradient
        for part in 0..<parts { _ = workspace(part) }
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
                            let hasBias = bCount > 0
                            // Stride-1 layers get their input gradient from a forward pass over dy with
                            // flipped filters (ConvKernels.transposedGeometry), prepared once a batch.
                            let transposed = needsInput && groups == 1 ? ConvKernels.transposedGeometry(g) : nil
                            nonisolated(unsafe) var flipped: UnsafePointer<Float>?, flippedU: UnsafePointer<Float>?
                            if let t = transposed {
                                let buffer = spaces[0].flippedWeightBuffer(g.weightCount)
                                ConvKernels.flipWeights(g, wp, into: buffer)
                                flipped = UnsafePointer(buffer)
                                flippedU = ConvKernels.transformWeights(t, buffer, workspace: spaces[0], threads: context.threads)
                            }
                            parallelChunks(n, parts: parts) { part, images in
                                let dw = pp + part * stride
                                for i in images {
                                    for group in 0..<groups {
                                        let x = xp + i * inStride + group * g.inputCount, dx = dxp + i * inStride + group * g.inputCount
                                        let dy = dyp + i * outStride + group * g.outputCount, w = wp + group * g.weightCount
                                        if trainable {
                                            ConvKernels.backwardWeights(g, input: x, outputGradient: dy,
                                                                        weightGradient: dw + group * g.weightCount,
                                                                        biasGradient: hasBias ? dw + wCount + group * g.outChannels : nil,
                                                                        workspace: spaces[part], threads: innerThreads)
                                        }
                                        if let t = transposed, let f = flipped {
                                            ConvKernels.forward(t, input: dy, weights: f, transformedWeights: flippedU,
                                                                bias: nil, output: dx, workspace: spaces[part], threads: innerThreads)
                                        } else if needsInput {
                                            ConvKernels.backwardInputByColumns(g, outputGradient: dy, weights: w,
                                                                               inputGradient: dx, workspace: spaces[part], threads: innerThreads)
                                        }
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
