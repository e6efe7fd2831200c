/// Batch normalisation per channel: training normalises with the batch's mean and variance and
/// updates running averages (momentum 0.1, PyTorch's); evaluation uses the running averages.
public final class BatchNorm: RuntimeLayer {
    public let name: String
    public let kind = LayerKind.batchNorm
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public let gamma: Parameter   // [C]
    public let beta: Parameter    // [C]
    public var runningMean: [Float]
    public var runningVariance: [Float]
    public let epsilon: Float = 1e-5
    public let momentum: Float = 0.1
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    private var normalized: [Float] = []
    private var inverseStd: [Float] = []
    private var lastWasTraining = false

    init(name: String, volume: Volume, frozen: Bool) {
        self.name = name
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
        var output = input
        normalized = [Float](repeating: 0, count: input.data.count)
        inverseStd = [Float](repeating: 0, count: c)
        lastWasTraining = context.training
        for ch in 0..<c {
            var mean: Float, variance: Float
            if context.training {
                var sum: Double = 0
                for i in 0..<n { for j in 0..<area { sum += Double(input.data[(i * c + ch) * area + j]) } }
                mean = Float(sum / Double(count))
                var squares: Double = 0
                for i in 0..<n { for j in 0..<area { let d = Double(input.data[(i * c + ch) * area + j] - mean); squares += d * d } }
                variance = Float(squares / Double(count))
                let unbiased = count > 1 ? variance * count / (count - 1) : variance
                runningMean[ch] = (1 - momentum) * runningMean[ch] + momentum * mean
                runningVariance[ch] = (1 - momentum) * runningVariance[ch] + momentum * unbiased
            } else {
                mean = runningMean[ch]
                variance = runningVariance[ch]
            }
            let inv = 1 / (variance + epsilon).squareRoot()
            inverseStd[ch] = inv
            let g = gamma.value[ch], b = beta.value[ch]
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * c + ch) * area + j
                    let xhat = (input.data[at] - mean) * inv
                    normalized[at] = xhat
                    output.data[at] = g * xhat + b
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]. With batch statistics the mean and variance depend on
    /// every input, hence the two sums in dx; with running statistics the layer is affine.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let n = outputGradient.batch, c = inputVolume.depth, area = inputVolume.width * inputVolume.height
        let count = Float(n * area)
        var inputGradient = outputGradient
        for ch in 0..<c {
            var sumDy: Float = 0, sumDyXhat: Float = 0
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * c + ch) * area + j
                    sumDy += outputGradient.data[at]
                    sumDyXhat += outputGradient.data[at] * normalized[at]
                }
            }
            if !gamma.frozen {
                gamma.gradient[ch] += sumDyXhat
                beta.gradient[ch] += sumDy
            }
            let scale = gamma.value[ch] * inverseStd[ch]
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * c + ch) * area + j
                    let dy = outputGradient.data[at]
                    inputGradient.data[at] = lastWasTraining
                        ? scale * (dy - sumDy / count - normalized[at] * sumDyXhat / count)
                        : scale * dy
                }
            }
        }
        return inputGradient
    }
}
