import ConvData
import ConvEngine

extension Trainer {
    /// Accuracy, loss and confusion matrix over a whole set, unaugmented, in batches of 100:
    /// how `train`'s report, `eval`, the dashboard's `t` and the demos all measure a network.
    public func evaluate(on set: ImageSet, preprocessing: Preprocessing = .convNetJS) -> Evaluation {
        evaluate(count: set.count, batchSize: 100) { range, buffer in
            var labels: [Int] = []
            buffer.withUnsafeMutableBufferPointer { set.writeBatch(indices: range, into: $0.baseAddress!, labels: &labels, preprocessing: preprocessing) }
            return labels
        }
    }
}
