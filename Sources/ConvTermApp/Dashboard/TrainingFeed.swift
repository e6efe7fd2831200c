import ConvData
import ConvEngine
import TerminalKit

/// The data side of a dashboard session: training batches of any size (the batch size can
/// change mid-run, while `BatchSource` has a fixed one, so this draws one image at a time from a
/// source of batch size 1), and rolling validation batches from the test set.
///
/// Used only on the training thread (the runner's source closure and `.perform` bodies run
/// there), which is why the unchecked Sendable is sound.
final class TrainingFeed: @unchecked Sendable {
    let train: ImageSet
    let test: ImageSet
    let preprocessing: Preprocessing
    private var source: BatchSource
    private var validationCursor = 0
    private var labelScratch: [Int] = []

    init(train: ImageSet, test: ImageSet, seed: UInt64, preprocessing: Preprocessing, augmentation: Augmentation?,
         state: BatchSource.State? = nil) {
        self.train = train
        self.test = test
        self.preprocessing = preprocessing
        if let state {
            source = BatchSource(images: train, batchSize: 1, state: state, preprocessing: preprocessing, augmentation: augmentation)
        } else {
            source = BatchSource(images: train, batchSize: 1, seed: seed, preprocessing: preprocessing, augmentation: augmentation)
        }
    }

    var volume: Volume { Volume(width: train.width, height: train.height, depth: train.channels) }
    var state: BatchSource.State { source.state }

    /// The next `count` training images [N, C, H, W] and their labels.
    func next(_ count: Int) -> (Tensor, [Int]) {
        let per = train.pixelsPerImage
        var data = [Float](repeating: 0, count: count * per)
        var labels: [Int] = []
        labels.reserveCapacity(count)
        data.withUnsafeMutableBufferPointer { buffer in
            for i in 0..<count {
                source.next(into: buffer.baseAddress! + i * per, labels: &labelScratch)
                labels.append(labelScratch.first ?? 0)
            }
        }
        return (Tensor(batch: count, volume: volume, data: data), labels)
    }

    /// Test images `range` (wrapping around the set) as a batch, unaugmented.
    func testBatch(count: Int) -> (tensor: Tensor, labels: [Int], indices: [Int]) {
        let n = min(count, test.count)
        let indices = (0..<n).map { (validationCursor + $0) % test.count }
        validationCursor = (validationCursor + n) % max(1, test.count)
        var data = [Float](repeating: 0, count: n * test.pixelsPerImage)
        var labels: [Int] = []
        data.withUnsafeMutableBufferPointer { buffer in
            test.writeBatch(indices: indices, into: buffer.baseAddress!, labels: &labels, preprocessing: preprocessing)
        }
        return (Tensor(batch: n, volume: volume, data: data), labels, indices)
    }

    /// Accuracy on the next `count` test images, and the first `stripCount` of them with predictions.
    func validate(_ trainer: Trainer, count: Int, stripCount: Int) -> (accuracy: Double, strip: [TestPrediction]) {
        guard test.count > 0, count > 0 else { return (.nan, []) }
        let batch = testBatch(count: count)
        let probabilities = trainer.predict(batch.tensor).data
        let k = trainer.classCount
        var correct = 0
        var strip: [TestPrediction] = []
        for i in 0..<batch.labels.count {
            let row = probabilities[(i * k)..<((i + 1) * k)]
            let best = row.indices.max { row[$0] < row[$1] }! - i * k
            if best == batch.labels[i] { correct += 1 }
            if i < stripCount {
                let image = RGBImage(width: test.width, height: test.height, planar: test.pixels(at: batch.indices[i]))
                strip.append(TestPrediction(image: image, label: batch.labels[i], predicted: best, probability: row[i * k + best]))
            }
        }
        return (Double(correct) / Double(batch.labels.count), strip)
    }

    /// The whole test set.
    func evaluate(_ trainer: Trainer) -> Evaluation {
        trainer.evaluate(count: test.count, batchSize: 100) { range, buffer in
            var labels: [Int] = []
            buffer.withUnsafeMutableBufferPointer { b in
                test.writeBatch(indices: range, into: b.baseAddress!, labels: &labels, preprocessing: preprocessing)
            }
            return labels
        }
    }
}
