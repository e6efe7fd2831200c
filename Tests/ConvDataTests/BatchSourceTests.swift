import ConvData
import ConvEngine
import Testing

@Suite struct BatchSourceTests {
    static let set = SyntheticCIFAR.make(count: 50, seed: 9)

    static func take(_ source: inout BatchSource, batches: Int) -> (floats: [Float], labels: [Int]) {
        var floats: [Float] = []
        var labels: [Int] = []
        var buffer = [Float](repeating: .nan, count: source.floatsPerBatch)
        var batchLabels: [Int] = []
        for _ in 0..<batches {
            buffer.withUnsafeMutableBufferPointer { _ = source.next(into: $0.baseAddress!, labels: &batchLabels) }
            floats += buffer
            labels += batchLabels
        }
        return (floats, labels)
    }

    @Test func everyImageOncePerEpochInADifferentOrderEachEpoch() {
        var source = BatchSource(images: Self.set, batchSize: 10, seed: 1, augmentation: nil)
        let first = source.order(ofEpoch: 0), second = source.order(ofEpoch: 1)
        #expect(first.sorted() == Array(0..<50))
        #expect(second.sorted() == Array(0..<50))
        #expect(first != second)
        let (_, labels) = Self.take(&source, batches: 5)
        #expect(labels == first.map { Self.set.label(at: $0) })
        #expect(source.epoch == 0 && source.position == 50)
    }

    @Test func batchesCrossEpochBoundariesAndReportThem() {
        var source = BatchSource(images: Self.set, batchSize: 16, seed: 2, augmentation: nil)
        var labels: [Int] = []
        var buffer = [Float](repeating: 0, count: source.floatsPerBatch)
        var completions: [Bool] = []
        for _ in 0..<4 {
            let batch = buffer.withUnsafeMutableBufferPointer { source.next(into: $0.baseAddress!, labels: &labels) }
            #expect(batch.count == 16 && labels.count == 16)
            completions.append(batch.completedEpoch)
        }
        #expect(completions == [false, false, false, true])   // 64 images: the 50th is in batch 4
        #expect(source.epoch == 1 && source.position == 14)
    }

    @Test func unaugmentedBatchEqualsWriteFloats() {
        var source = BatchSource(images: Self.set, batchSize: 5, seed: 3, augmentation: nil)
        let (floats, _) = Self.take(&source, batches: 1)
        let first = source.order(ofEpoch: 0)[0]
        var expected = [Float](repeating: 0, count: 3072)
        expected.withUnsafeMutableBufferPointer { Self.set.writeFloats(at: first, into: $0.baseAddress!) }
        #expect(Array(floats[0..<3072]) == expected)
        #expect(floats.allSatisfy { $0 >= -0.5 && $0 <= 0.5 })
    }

    @Test func savedStateResumesBitIdentically() throws {
        var a = BatchSource(images: Self.set, batchSize: 8, seed: 4)
        _ = Self.take(&a, batches: 7)
        let saved = a.state.integers
        #expect(saved.count == 7)
        let continued = Self.take(&a, batches: 9)
        let state = try #require(BatchSource.State(integers: saved))
        var b = BatchSource(images: Self.set, batchSize: 8, state: state)
        let resumed = Self.take(&b, batches: 9)
        #expect(continued.labels == resumed.labels)
        #expect(continued.floats == resumed.floats)
        #expect(a.state == b.state)
        var c = BatchSource(images: Self.set, batchSize: 8, seed: 5)
        #expect(Self.take(&c, batches: 9).floats != continued.floats)
    }

    @Test func augmentationChangesImagesButSameSeedRepeats() {
        var plain = BatchSource(images: Self.set, batchSize: 10, seed: 6, augmentation: nil)
        var augmented = BatchSource(images: Self.set, batchSize: 10, seed: 6)
        var again = BatchSource(images: Self.set, batchSize: 10, seed: 6)
        let p = Self.take(&plain, batches: 3), a = Self.take(&augmented, batches: 3), g = Self.take(&again, batches: 3)
        #expect(p.labels == a.labels)
        #expect(p.floats != a.floats)
        #expect(a.floats == g.floats)
    }
}
