import Foundation

/// What a batch's outputs are measured against: one per kind of `LossSpec`.
public enum TrainingTargets: Sendable, Equatable {
    /// Classification: a class per image, [N].
    case labels([Int])
    /// Segmentation: a class per pixel, [N, H, W] row-major.
    case pixelLabels([Int])
    /// Regression: a number per output, [N, K].
    case values([Float])
    /// Classification and regression together: [N] classes and [N, K] numbers.
    case labelsAndValues([Int], [Float])

    /// The class labels, when there are any (for accuracy).
    public var labels: [Int]? {
        switch self {
        case .labels(let l), .labelsAndValues(let l, _): l
        default: nil
        }
    }
}

/// The losses of every head, in Float for training: each gives the batch's loss and its
/// gradient with respect to the network's outputs. `ReferenceLosses` is the readable maths they
/// must match; `Softmax.crossEntropy` is the classifier's.
public enum Losses {
    /// Shapes: outputs [N, outputVolume]; targets as the loss asks -> loss, gradient [N, outputVolume].
    /// `loss` nil is classification (softmax cross-entropy on the scores).
    public static func evaluate(_ loss: LossSpec?, outputs: Tensor, targets: TrainingTargets) -> (loss: Double, gradient: Tensor) {
        switch (loss, targets) {
        case (nil, .labels(let labels)):
            let (l, _, g) = Softmax.crossEntropy(scores: outputs, labels: labels)
            return (l, g)
        case (.pixelSoftmax, .pixelLabels(let labels)):
            return pixelSoftmaxCrossEntropy(scores: outputs, labels: labels)
        case (.regression(let r), .values(let values)):
            let (l, g) = regression(r, outputs.data[...], targets: values[...])
            return (l, Tensor(batch: outputs.batch, volume: outputs.volume, data: g))
        case (.classifyAndRegress(let c, let r, let k, let weight), .labelsAndValues(let labels, let values)):
            return classifyAndRegress(outputs: outputs, classes: c, regression: r, values: k, weight: weight, labels: labels, targets: values)
        default:
            preconditionFailure("targets \(targets) do not fit the loss \(loss.map(\.text) ?? "softmax (classification)")")
        }
    }

    /// Shapes: scores [N, C, H, W], labels [N, H, W] -> mean cross-entropy over the N*H*W pixels,
    /// gradient [N, C, H, W] = (p - onehot) / (N*H*W); a label outside 0..<C stops the program,
    /// naming the pixel (the trainer's own targets never have one). Log-sum-exp in Double per pixel, as
    /// `Softmax.crossEntropy` does, so a confidently wrong pixel costs its logit gap, never infinity.
    public static func pixelSoftmaxCrossEntropy(scores: Tensor, labels: [Int]) -> (loss: Double, gradient: Tensor) {
        let n = scores.batch, c = scores.channels, hw = scores.height * scores.width
        precondition(labels.count == n * hw, "\(labels.count) pixel labels for \(n) images of \(hw) pixels")
        var gradient = scores
        var loss: Double = 0
        let scale = 1 / Float(n * hw)
        var exps = [Double](repeating: 0, count: c)
        scores.data.withUnsafeBufferPointer { s in
            gradient.data.withUnsafeMutableBufferPointer { g in
                for i in 0..<n {
                    for p in 0..<hw {
                        let base = i * c * hw + p
                        var top = -Double.infinity
                        for j in 0..<c { top = max(top, Double(s[base + j * hw])) }
                        var sum: Double = 0
                        for j in 0..<c {
                            exps[j] = Foundation.exp(Double(s[base + j * hw]) - top)
                            sum += exps[j]
                        }
                        let label = labels[i * hw + p]
                        // An index outside 0..<C would read and write another pixel's scores.
                        precondition(label >= 0 && label < c, "pixel \(p) of image \(i) is labelled \(label), but `loss pixelsoftmax` on \(c) output channels takes labels 0...\(c - 1): end the net in as many channels as there are classes")
                        loss += Foundation.log(sum) + top - Double(s[base + label * hw])
                        for j in 0..<c { g[base + j * hw] = Float(exps[j] / sum) * scale }
                        g[base + label * hw] -= scale
                    }
                }
            }
        }
        return (loss / Double(n * hw), gradient)
    }

    /// Shapes: outputs and targets [M] -> mean loss over the M entries, gradient [M].
    public static func regression(_ kind: LossSpec.Regression, _ outputs: ArraySlice<Float>, targets: ArraySlice<Float>) -> (loss: Double, gradient: [Float]) {
        precondition(outputs.count == targets.count, "\(targets.count) targets for \(outputs.count) outputs")
        let m = Float(outputs.count)
        var loss: Double = 0
        var gradient = [Float](repeating: 0, count: outputs.count)
        for (j, (y, t)) in zip(outputs, targets).enumerated() {
            let d = y - t
            switch kind {
            case .smoothL1:
                // Quadratic inside |d| < 1, linear outside: the gradient never exceeds 1/M.
                if abs(d) < 1 {
                    loss += Double(d * d / 2)
                    gradient[j] = d / m
                } else {
                    loss += Double(abs(d) - 0.5)
                    gradient[j] = (d > 0 ? 1 : -1) / m
                }
            case .l2:
                loss += Double(d * d)
                gradient[j] = 2 * d / m
            }
        }
        return (loss / Double(outputs.count), gradient)
    }

    /// Shapes: outputs [N, C + K], labels [N], targets [N, K] -> cross-entropy of the first C
    /// (mean over N) + weight x regression of the last K (mean over N*K); gradient [N, C + K].
    static func classifyAndRegress(outputs: Tensor, classes c: Int, regression kind: LossSpec.Regression, values k: Int,
                                   weight: Double, labels: [Int], targets: [Float]) -> (loss: Double, gradient: Tensor) {
        let n = outputs.batch
        var scores = [Float](), regressed = [Float]()
        scores.reserveCapacity(n * c)
        regressed.reserveCapacity(n * k)
        for i in 0..<n {
            scores += outputs.data[(i * (c + k))..<(i * (c + k) + c)]
            regressed += outputs.data[(i * (c + k) + c)..<((i + 1) * (c + k))]
        }
        let (ce, _, gs) = Softmax.crossEntropy(scores: Tensor(batch: n, volume: Volume(vector: c), data: scores), labels: labels)
        let (r, gr) = regression(kind, regressed[...], targets: targets[...])
        var gradient = outputs
        for i in 0..<n {
            for j in 0..<c { gradient.data[i * (c + k) + j] = gs.data[i * c + j] }
            for j in 0..<k { gradient.data[i * (c + k) + c + j] = Float(weight) * gr[i * k + j] }
        }
        return (ce + weight * r, gradient)
    }
}
