import ConvData
import ConvEngine
import Foundation

/// Short training runs for the lesson demos: the built-in synthetic set, a fixed number of
/// batches, Adadelta as in the dashboard, no augmentation (so two nets trained on the same
/// seed see exactly the same batches and a comparison is fair).
enum DemoTraining {
    /// 2,000 training and 500 test images, generated once per process (a fraction of a second).
    static let data: (train: ImageSet, test: ImageSet) = SyntheticCIFAR.makeSplit(seed: 1, trainCount: 2000, testCount: 500)

    static let optimizer = OptimizerSettings(kind: .adadelta, l2: 0.0001)

    static func trainer(_ network: Network) -> Trainer {
        // The ConvNetJS-style specs all end in `fc N`, which is what the trainer requires.
        try! Trainer(network: network, optimizer: optimizer, threads: 2)
    }

    /// The images of `set` whose labels are in `classes`, at most `perClass` of each (in set order).
    static func subset(_ set: ImageSet, classes: Set<Int>, perClass: Int = .max) -> ImageSet {
        var counts: [Int: Int] = [:]
        var picked: [Int] = []
        for i in 0..<set.count {
            let label = set.label(at: i)
            guard classes.contains(label), counts[label, default: 0] < perClass else { continue }
            counts[label, default: 0] += 1
            picked.append(i)
        }
        return set.subset(indices: picked)
    }

    /// A source of unaugmented batches; the same seed serves the same batches.
    static func batches(_ set: ImageSet, batch: Int, seed: UInt64) -> BatchSource {
        BatchSource(images: set, batchSize: batch, seed: seed, preprocessing: .convNetJS, augmentation: nil)
    }

    /// Shapes: one batch [batch, 3, 32, 32] and its labels.
    static func next(_ source: inout BatchSource) -> (Tensor, [Int]) {
        var buffer = [Float](repeating: 0, count: source.floatsPerBatch)
        var labels: [Int] = []
        buffer.withUnsafeMutableBufferPointer { _ = source.next(into: $0.baseAddress!, labels: &labels) }
        let v = Volume(width: source.images.width, height: source.images.height, depth: source.images.channels)
        return (Tensor(batch: source.batchSize, volume: v, data: buffer), labels)
    }

    /// Test accuracy of the trainer's network on `set` (evaluation mode).
    static func accuracy(_ trainer: Trainer, on set: ImageSet) -> Double {
        trainer.evaluate(count: set.count, batchSize: 100) { range, buffer in
            var labels: [Int] = []
            buffer.withUnsafeMutableBufferPointer { set.writeBatch(indices: range, into: $0.baseAddress!, labels: &labels) }
            return labels
        }.accuracy
    }

    /// Image `index` of `set` as the network sees it, [3, 32, 32] floats in [-0.5, 0.5].
    static func floats(_ set: ImageSet, _ index: Int) -> [Float] {
        var out = [Float](repeating: 0, count: set.pixelsPerImage)
        out.withUnsafeMutableBufferPointer { set.writeFloats(at: index, into: $0.baseAddress!) }
        return out
    }

    /// The top-level layer names of a spec, in order (the names `setFrozen` takes).
    static func layerNames(_ spec: NetworkSpec) -> [String] {
        NetworkShapes(spec).rows.dropFirst().filter { $0.depth == 0 }.map(\.name)
    }

    static func seconds(since start: ContinuousClock.Instant) -> Double {
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }
}
