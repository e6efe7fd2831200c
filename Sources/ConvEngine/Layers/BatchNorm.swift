/// Batch normalisation per channel: training normalises with the batch's mean and variance and
/// updates running averages (momentum 0.1, PyTorch's); evaluation uses the running averages.
/// The arithmetic is in BatchNormKernels; channels are split over threads.
/// The readable maths it must match: `ReferenceLayers.batchNormForward` / `batchNormBackward` in Reference/.
public final class BatchNorm: RuntimeLayer {
    public let name: String
    public var kind: LayerKind { .batchNorm(epsilon: Double(epsilon)) }
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public let gamma: Parameter   // [C]
    public let beta: Parameter    // [C]
    public var runningMean: [Float]
    public var runningVariance: [Float]
    public let epsilon: Float
    public let momentum: Float = 0.1
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    /// Backward recomputes x - mean from the input rather than storing the normalised values:
    /// the input is kept alive by the layer before anyway, so this saves a tensor and a pass.
    private var lastInput: Tensor?
    /// The mean and 1/sqrt(var + eps) the last forward pass used, per channel.
    private var means: [Float] = []
    private var inverseStd: [Float] = []
    private var lastWasTraining = false

    init(name: String, volume: Volume, epsilon: Double = LayerKind.batchNormEpsilon, frozen: Bool) {
        self.name = name
        self.epsilon = Float(epsilon)
        inputVolume = volume
        gamma = Parameter(name: "\(name).weight", shape: [volume.depth], isBias: false, frozen: frozen)
        beta = Parameter(name: "\(name).bias", shape: [volume.depth], isBias: true, frozen: frozen)
        runningMean = [Float](repeating: 0, count: volume.depth)
        runningVariance = [Float](repeating: 1, count: volume.depth)
    }

    public var parameters: [Parameter] { [gamma, beta] }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]; y = gamma * (x - mean) / sqrt(var + eps) + beta.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let n = input.batch, c = inputVolume.depth, area = inputVolume.width * inputVolume.height
        let count = Float(n * area)
        var output = context.output(n, inputVolume)
        if means.count != c { means = [Float](repeating: 0, count: c); inverseStd = means }
        lastWasTraining = context.training
        let training = context.training, eps = epsilon, mom = momentum
        input.data.withUnsafeBufferPointer { xb in
            output.data.withUnsafeMutableBufferPointer { yb in
                means.withUnsafeMutableBufferPointer { mb in
                    inverseStd.withUnsafeMutableBufferPointer { ib in
                        runningMean.withUnsafeMutableBufferPointer { rmb in
                            runningVariance.withUnsafeMutableBufferPointer { rvb in
                                gamma.value.withUnsafeBufferPointer { gb in
                                    beta.value.withUnsafeBufferPointer { bb in
                                        nonisolated(unsafe) let x = xb.baseAddress!, y = yb.baseAddress!
                                        nonisolated(unsafe) let mp = mb.baseAddress!, ip = ib.baseAddress!
                                        nonisolated(unsafe) let rm = rmb.baseAddress!, rv = rvb.baseAddress!
                                        nonisolated(unsafe) let g = gb.baseAddress!, b = bb.baseAddress!
                                        parallelChunks(c, parts: Self.parts(n * c * area, context.threads)) { _, channels in
                                            for ch in channels {
                                                var mean = rm[ch], variance = rv[ch]
                                                if training {
                                                    (mean, variance) = BatchNormKernels.meanAndVariance(x, n: n, channels: c, area: area, channel: ch)
                                                    let unbiased = count > 1 ? variance * count / (count - 1) : variance
                                                    rm[ch] = (1 - mom) * rm[ch] + mom * mean
                                                    rv[ch] = (1 - mom) * rv[ch] + mom * unbiased
                                                }
                                                let inv = 1 / (variance + eps).squareRoot()
                                                mp[ch] = mean
                                                ip[ch] = inv
                                                let scale = g[ch] * inv
                                                BatchNormKernels.affine(x, y, n: n, channels: c, area: area, channel: ch,
                                                                        scale: scale, shift: b[ch] - mean * scale)
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        lastInput = context.retainsActivations ? input : nil
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]. With batch statistics the mean and variance depend on
    /// every input, hence the two sums in dx; with running statistics the layer is affine.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        guard let input = lastInput else { preconditionFailure("backward before forward in \(name)") }
        let n = outputGradient.batch, c = inputVolume.depth, area = inputVolume.width * inputVolume.height
        let count = Float(n * area)
        var inputGradient = Tensor(uninitialized: n, inputVolume)
        let training = lastWasTraining, trainable = !gamma.frozen
        outputGradient.data.withUnsafeBufferPointer { dyb in
            input.data.withUnsafeBufferPointer { xb in
                inputGradient.data.withUnsafeMutableBufferPointer { dxb in
                    gamma.gradient.withUnsafeMutableBufferPointer { dgb in
                        beta.gradient.withUnsafeMutableBufferPointer { dbb in
                            gamma.value.withUnsafeBufferPointer { gb in
                                means.withUnsafeBufferPointer { mb in
                                    inverseStd.withUnsafeBufferPointer { ib in
                                        nonisolated(unsafe) let dy = dyb.baseAddress!, x = xb.baseAddress!, dx = dxb.baseAddress!
                                        nonisolated(unsafe) let dg = dgb.baseAddress!, db = dbb.baseAddress!
                                        nonisolated(unsafe) let g = gb.baseAddress!, mp = mb.baseAddress!, ip = ib.baseAddress!
                                        parallelChunks(c, parts: Self.parts(n * c * area, context.threads)) { _, channels in
                                            for ch in channels {
                                                let mean = mp[ch], inv = ip[ch]
                                                let (sumDy, sumDyCentred) = BatchNormKernels.gradientSums(dy, x, mean: mean, n: n, channels: c, area: area, channel: ch)
                                                if trainable {
                                                    dg[ch] += sumDyCentred * inv
                                                    db[ch] += sumDy
                                                }
                                                let a = g[ch] * inv
                                                let b = training ? -a * sumDyCentred * inv * inv / count : 0
                                                let shift = training ? -a * sumDy / count : 0
                                                BatchNormKernels.inputGradient(dy, x, dx, n: n, channels: c, area: area, channel: ch,
                                                                               mean: mean, a: a, b: b, shift: shift)
                                            }
                                        }
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

    /// Threads worth waking for this many values: one below about 32 K (a few microseconds).
    static func parts(_ values: Int, _ threads: Int) -> Int { values >= 1 << 15 ? threads : 1 }
}
