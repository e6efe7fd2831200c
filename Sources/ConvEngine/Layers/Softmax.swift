import Foundation

/// Softmax over each example's scores, and the softmax cross-entropy loss the trainer uses.
/// A network's trailing `softmax` is folded into the loss (the stable, exact gradient p - onehot);
/// a softmax elsewhere runs as this layer with its full Jacobian.
/// The readable maths it must match: `ReferenceLayers.softmax` and `softmaxCrossEntropy` in Reference/.
public final class Softmax: RuntimeLayer {
    public let name: String
    public let kind = LayerKind.softmax
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, volume: Volume) {
        self.name = name
        inputVolume = volume
    }

    /// Shapes: [N, K] -> [N, K], each row summing to 1.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let output = Softmax.probabilities(input)
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, K] -> [N, K]; dx_i = p_i (dy_i - sum_j dy_j p_j).
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let p = lastOutput!, k = inputVolume.count
        var dx = outputGradient
        for i in 0..<p.batch {
            var dot: Float = 0
            for j in 0..<k { dot += outputGradient.data[i * k + j] * p.data[i * k + j] }
            for j in 0..<k { dx.data[i * k + j] = p.data[i * k + j] * (outputGradient.data[i * k + j] - dot) }
        }
        return dx
    }

    /// Shapes: scores [N, K] -> probabilities [N, K] (max subtracted first, so large scores do not overflow).
    public static func probabilities(_ scores: Tensor) -> Tensor {
        var p = scores
        let k = scores.stride
        for i in 0..<scores.batch {
            var top = -Float.infinity
            for j in 0..<k { top = max(top, scores.data[i * k + j]) }
            var sum: Float = 0
            for j in 0..<k {
                let e = Foundation.exp(scores.data[i * k + j] - top)
                p.data[i * k + j] = e
                sum += e
            }
            for j in 0..<k { p.data[i * k + j] /= sum }
        }
        return p
    }

    /// Mean cross-entropy of the batch and its gradient with respect to the scores.
    /// Shapes: scores [N, K], labels [N] -> loss, probabilities [N, K], scoreGradient [N, K] = (p - onehot) / N.
    public static func crossEntropy(scores: Tensor, labels: [Int]) -> (loss: Double, probabilities: Tensor, scoreGradient: Tensor) {
        let p = probabilities(scores)
        let k = scores.stride, n = scores.batch
        var loss: Double = 0
        var gradient = p
        for i in 0..<n {
            // Log-softmax, as PyTorch computes it: -log p_label = log(sum_j e^(s_j - top)) + top - s_label.
            // -log(p_label) in float32 would be infinite for a confidently wrong example (a logit
            // gap above ~104 underflows p_label to 0) and the trainer would drop a sound step as
            // diverged. Only non-finite scores give a non-finite loss now, which is what divergence is.
            var top = -Double.infinity
            for j in 0..<k { top = max(top, Double(scores.data[i * k + j])) }
            var sum: Double = 0
            for j in 0..<k { sum += Foundation.exp(Double(scores.data[i * k + j]) - top) }
            loss += Foundation.log(sum) + top - Double(scores.data[i * k + labels[i]])
            gradient.data[i * k + labels[i]] -= 1
        }
        for j in 0..<gradient.data.count { gradient.data[j] /= Float(n) }
        return (loss / Double(n), p, gradient)
    }
}
