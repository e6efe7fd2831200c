import ConvData
import Foundation
import Testing

@Suite struct ImageSetTests {
    static let set = SyntheticCIFAR.make(count: 30, seed: 3)

    @Test func rangeSubsetsShareImagesAndLabels() {
        let part = Self.set.subset(5..<12)
        #expect(part.count == 7)
        for k in 0..<7 {
            #expect(part.label(at: k) == Self.set.label(at: 5 + k))
            #expect(part.pixels(at: k) == Self.set.pixels(at: 5 + k))
        }
        #expect(Self.set.prefix(4).labels == Array(Self.set.labels[0..<4]))
        #expect(Self.set.prefix(100).count == 30)
    }

    @Test func concatenationAndSlicesAcrossBlocks() {
        let a = Self.set.subset(0..<10), b = Self.set.subset(20..<30)
        let joined = ImageSet.concatenating([a, b])
        #expect(joined.count == 20)
        #expect(joined.pixels(at: 9) == Self.set.pixels(at: 9))
        #expect(joined.pixels(at: 10) == Self.set.pixels(at: 20))
        let middle = joined.subset(8..<13)
        #expect(middle.labels == [8, 9, 20, 21, 22].map { Self.set.label(at: $0) })
        #expect(middle.pixels(at: 3) == Self.set.pixels(at: 21))
    }

    @Test func indexSubsetCopiesInOrder() {
        let picked = Self.set.subset(indices: [29, 0, 7])
        #expect(picked.labels == [29, 0, 7].map { Self.set.label(at: $0) })
        #expect(picked.pixels(at: 0) == Self.set.pixels(at: 29))
        #expect(picked.classCounts.reduce(0, +) == 3)
    }

    @Test func evaluationBatchIsInOrderAndUnaugmented() {
        var floats = [Float](repeating: 0, count: 3 * 3072)
        var labels: [Int] = []
        floats.withUnsafeMutableBufferPointer {
            Self.set.writeBatch(indices: 4..<7, into: $0.baseAddress!, labels: &labels)
        }
        #expect(labels == [4, 5, 6].map { Self.set.label(at: $0) })
        #expect(floats[3072] == Float(Self.set.pixels(at: 5)[0]) * (1 / 255.0 as Float) - 0.5)
    }
}
