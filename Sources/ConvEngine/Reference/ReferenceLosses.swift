import Foundation

/// The losses beyond classification as plain loops, generic over the scalar type: the oracle of
/// `Losses` (the Float runtime) and of the gradient checks (in Double). Each returns the loss and
/// its gradient with respect to the network's outputs.
public enum ReferenceLosses {
    /// scores [N, C, H, W], labels [N, H, W] in 0..<C -> mean over the N*H*W pixels of
    /// -log softmax(scores[n, :, y, x])[label]; gradient [N, C, H, W] = (p - onehot) / (N*H*W).
    public static func pixelSoftmaxCrossEntropy<T: BinaryFloatingPoint>(_ scores: [T], n: Int, classes c: Int, pixels hw: Int, labels: [Int]) -> (loss: T, gradient: [T]) {
        var loss: T = 0
        var gradient = scores
        let count = T(n * hw)
        for i in 0..<n {
            for p in 0..<hw {
                // The C scores of one pixel sit hw apart (channel planes).
                let at = (0..<c).map { (i * c + $0) * hw + p }
                let top = at.map { scores[$0] }.max()!
                let exps = at.map { T(Foundation.exp(Double(scores[$0] - top))) }
                let sum = exps.reduce(0, +)
                let label = labels[i * hw + p]
                loss -= T(Foundation.log(Double(exps[label] / sum)))
                for j in 0..<c { gradient[at[j]] = (exps[j] / sum - (j == label ? 1 : 0)) / count }
            }
        }
        return (loss / count, gradient)
    }

    /// outputs and targets [M] -> mean over the M entries of smooth-L1 (beta 1) or squared error;
    /// gradient [M].
    public static func regression<T: BinaryFloatingPoint>(_ kind: LossSpec.Regression, _ outputs: [T], targets: [T]) -> (loss: T, gradient: [T]) {
        let m = T(outputs.count)
        var loss: T = 0
        var gradient = outputs
        for j in outputs.indices {
            let d = outputs[j] - targets[j]
            switch kind {
            case .smoothL1:
                if abs(d) < 1 {
                    loss += d * d / 2
                    gradient[j] = d / m
                } else {
                    loss += abs(d) - T(0.5)
                    gradient[j] = (d > 0 ? 1 : -1) / m
                }
            case .l2:
                loss += d * d
                gradient[j] = 2 * d / m
            }
        }
        return (loss / m, gradient)
    }
}
