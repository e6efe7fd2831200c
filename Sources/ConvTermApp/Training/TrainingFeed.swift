import ConvData
import ConvEngine
import TerminalKit

/// The data side of a training session: training batches of any size, rolling validation
/// batches and whole-set evaluation.
///
/// Batches come from a `BatchSource` of batch size 1, drawn `count` times: the same images,
/// order and augmentation a source of batch size `count` would serve (its state carries over
/// between draws), so the batch size may change mid-run (the dashboard's `b`) without
/// changing what a seed means.
///
/// Used only on the thread that trains (the session's worker, or the caller of a headless
/// run), which is why the unchecked Sendable is sound.
final class TrainingFeed: @unchecked Sendable {
    let train: ImageSet
    let test: ImageSet?
    let preprocessing: Preprocessing
    private var source: BatchSource
    private var validationCursor = 0
    private var labelScratch: [Int] = []

    init(train: ImageSet, test: ImageSet?, seed: UInt64, preprocessing: Preprocessing, augmentation: Augmentation?,
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
    var epoch: Int { source.epoch }

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

    /// The next `count` test images (wrapping around the set) as a batch [N, C, H, W], unaugmented.
    func testBatch(count: Int) -> (tensor: Tensor, labels: [Int], indices: [Int])? {
        guard let test, test.count > 0 else { return nil }
        let n = min(count, test.count)
        let indices = (0..<n).map { (validationCursor + $0) % test.count }
        validationCursor = (validationCursor + n) % test.count
        var data = [Float](repeating: 0, count: n * test.pixelsPerImage)
        var labels: [Int] = []
        data.withUnsafeMutableBufferPointer { buffer in
            test.writeBatch(indices: indices, into: buffer.baseAddress!, labels: &labels, preprocessing: preprocessing)
        }
        return (Tensor(batch: n, volume: volume, data: data), labels, indices)
    }

    /// Accuracy on the next `count` test images, and the first `stripCount` of them with predictions.
    func validate(_ trainer: Trainer, count: Int, stripCount: Int) -> (accuracy: Double, strip: [TestPrediction]) {
        guard count > 0, let test, let batch = testBatch(count: count) else { return (.nan, []) }
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
}
