import Dispatch

/// Data parallelism, run for real: copies of one network (same weights) each take a share of the
/// batch, compute the mean-loss gradient on their share, and the shares' gradients are averaged
/// (weighted by share size, which is the plain average when the shares are equal). Because the
/// loss is a mean over the batch, that average is the gradient of the whole batch on one worker;
/// `check` computes both and measures how far apart they are (Float round-off only).
///
/// Batch norm breaks the equality (each worker normalises with its own share's statistics) and so
/// does dropout (each copy draws its own masks); the networks this is shown on have neither.
public enum DataParallel {
    public struct Check: Sendable {
        public var workers: Int
        /// Examples each worker took.
        public var shares: [Int]
        /// Mean loss of the whole batch on one worker, and of each worker's share.
        public var singleLoss: Double
        public var workerLosses: [Double]
        /// Numbers in the gradient (one per parameter): what each worker sends per step.
        public var gradientCount: Int
        /// max |averaged - single| over every gradient entry.
        public var maxAbsDifference: Float
        /// max |single| over every gradient entry (the scale the difference is measured against).
        public var maxAbsGradient: Float
        /// maxAbsDifference / maxAbsGradient.
        public var relativeDifference: Float {
            maxAbsGradient > 0 ? maxAbsDifference / maxAbsGradient : maxAbsDifference
        }
        /// The averaged and single-worker gradients, parameter by parameter (for tests and pictures).
        public var averaged: [[Float]]
        public var single: [[Float]]
    }

    /// Shapes: images [N, C, H, W], labels [N] -> the comparison. Workers run concurrently, one
    /// thread each; the single worker uses one thread too, so no result depends on scheduling.
    public static func check(spec: NetworkSpec, seed: UInt64, images: Tensor, labels: [Int], workers: Int = 2) throws(SpecError) -> Check {
        let n = images.batch
        precondition(labels.count == n, "\(labels.count) labels for \(n) images")
        let workers = max(1, min(workers, n))
        let reference = try Network(spec: spec, seed: seed)
        var copies: [Network] = []
        for _ in 0..<workers {
            let copy = try Network(spec: spec, seed: seed)
            // Same weights: copied explicitly, so this holds whatever the seed did.
            for (p, q) in zip(copy.parameters, reference.parameters) { p.value = q.value }
            copies.append(copy)
        }

        let (singleLoss, single) = meanGradient(reference, images: images, labels: labels, range: 0..<n)

        // Contiguous shares, sizes differing by at most one.
        let ranges = (0..<workers).map { w in (n * w / workers)..<(n * (w + 1) / workers) }
        let results = WorkerResults(count: workers)
        // A constant for the workers: the copies are built above and only read from here on.
        let shared = copies
        WorkerPool.shared.perform(iterations: workers) { w in
            results.set(w, meanGradient(shared[w], images: images, labels: labels, range: ranges[w]))
        }

        // Weighted average: sum over workers of (share / N) * worker mean gradient.
        var averaged = single.map { [Float](repeating: 0, count: $0.count) }
        for w in 0..<workers {
            let weight = Float(ranges[w].count) / Float(n)
            for (pi, g) in results.values[w]!.1.enumerated() {
                for j in g.indices { averaged[pi][j] += weight * g[j] }
            }
        }
        var maxDiff: Float = 0, maxAbs: Float = 0
        for (a, s) in zip(averaged, single) {
            for j in a.indices {
                maxDiff = max(maxDiff, abs(a[j] - s[j]))
                maxAbs = max(maxAbs, abs(s[j]))
            }
        }
        return Check(workers: workers, shares: ranges.map(\.count), singleLoss: singleLoss,
                     workerLosses: results.values.map { $0!.0 }, gradientCount: reference.parameters.reduce(0) { $0 + $1.count },
                     maxAbsDifference: maxDiff, maxAbsGradient: maxAbs, averaged: averaged, single: single)
    }

    /// Shapes: images [N, C, H, W] -> (mean loss over `range`, d loss / d parameter for every
    /// parameter). The loss is softmax cross-entropy, as in training.
    static func meanGradient(_ network: Network, images: Tensor, labels: [Int], range: Range<Int>) -> (Double, [[Float]]) {
        let stride = images.stride
        let part = Tensor(batch: range.count, volume: images.volume,
                          data: Array(images.data[(range.lowerBound * stride)..<(range.upperBound * stride)]))
        let context = PassContext(training: true, threads: 1)
        network.zeroGradients()
        let scores = network.scores(part, context)
        let (loss, _, scoreGradient) = Softmax.crossEntropy(scores: scores, labels: Array(labels[range]))
        network.backward(scoreGradient, context)
        return (loss, network.parameters.map(\.gradient))
    }
}

/// One slot per worker, each written by exactly one worker before anyone reads.
private final class WorkerResults: @unchecked Sendable {
    var values: [(Double, [[Float]])?]
    init(count: Int) { values = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ value: (Double, [[Float]])) {
        // Distinct indices from distinct threads; the array's storage is never reallocated.
        values.withUnsafeMutableBufferPointer { $0[index] = value }
    }
}
