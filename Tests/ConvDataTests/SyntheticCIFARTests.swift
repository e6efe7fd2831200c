@testable import ConvData
import Foundation
import Testing

@Suite struct SyntheticCIFARTests {
    static func bytes(_ set: ImageSet) -> [UInt8] {
        (0..<set.count).flatMap { set.pixels(at: $0) }
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let a = SyntheticCIFAR.make(count: 300, seed: 7)
        let b = SyntheticCIFAR.make(count: 300, seed: 7)
        let c = SyntheticCIFAR.make(count: 300, seed: 8)
        #expect(a.labels == b.labels)
        #expect(Self.bytes(a) == Self.bytes(b))
        #expect(a.labels != c.labels)
        let differing = zip(Self.bytes(a), Self.bytes(c)).filter { $0 != $1 }.count
        #expect(differing > 300 * 3072 / 2)
        #expect(a.classNames == SyntheticCIFAR.classNames)
        #expect(a.count == 300 && a.channels == 3 && a.height == 32 && a.width == 32)
    }

    @Test func splitGivesIndependentTestImages() {
        let (train, test) = SyntheticCIFAR.makeSplit(seed: 3, trainCount: 50, testCount: 20)
        #expect(train.count == 50 && test.count == 20)
        let trainImages = Set((0..<train.count).map { train.pixels(at: $0) })
        #expect((0..<test.count).allSatisfy { !trainImages.contains(test.pixels(at: $0)) })
    }

    @Test func classesAreBalanced() {
        #expect(SyntheticCIFAR.make(count: 1_000, seed: 1).classCounts == [Int](repeating: 100, count: 10))
        let counts = SyntheticCIFAR.make(count: 1_003, seed: 2).classCounts
        #expect(counts.reduce(0, +) == 1_003)
        #expect(counts.max()! - counts.min()! <= 1)
    }

    /// Classifies each test image by the class whose mean training colour is nearest to the
    /// image's mean colour: colour must carry no class information, so this is near chance (10%).
    @Test func meanColourAloneIsNearChance() {
        let train = SyntheticCIFAR.make(count: 2_000, seed: 11)
        let test = SyntheticCIFAR.make(count: 2_000, seed: 12)
        func meanColour(_ set: ImageSet, _ i: Int) -> [Double] {
            set.withPixels(at: i) { px -> [Double] in
                var sums: [Double] = [0, 0, 0]
                for c in 0..<3 {
                    for k in 0..<1024 { sums[c] += Double(px[c * 1024 + k]) }
                }
                return sums.map { $0 / 1024 }
            }
        }
        var sums = [[Double]](repeating: [0, 0, 0], count: 10)
        for i in 0..<train.count {
            let m = meanColour(train, i)
            for c in 0..<3 { sums[train.label(at: i)][c] += m[c] }
        }
        let counts = train.classCounts
        let centroids = (0..<10).map { k in sums[k].map { $0 / Double(counts[k]) } }
        var correct = 0
        for i in 0..<test.count {
            let m = meanColour(test, i)
            func distance(_ k: Int) -> Double {
                var d = 0.0
                for c in 0..<3 { d += (m[c] - centroids[k][c]) * (m[c] - centroids[k][c]) }
                return d
            }
            let guess = (0..<10).min { distance($0) < distance($1) }!
            if guess == test.label(at: i) { correct += 1 }
        }
        let accuracy = Double(correct) / Double(test.count)
        #expect(accuracy < 0.25, "nearest-mean-colour accuracy \(accuracy)")
    }

    /// Stripe classes must really differ in orientation: neighbours along the stripes are alike.
    @Test func stripesRunTheWayTheirNamesSay() {
        let set = SyntheticCIFAR.make(count: 400, seed: 5)
        // (dx, dy) steps along the stripes for labels 0...3; image y grows downwards.
        let along = [(1, 0), (0, 1), (1, -1), (1, 1)]
        for label in 0..<4 {
            var diffs = [Double](repeating: 0, count: 4)
            for i in 0..<set.count where set.label(at: i) == label {
                set.withPixels(at: i) { px in
                    for (k, (dx, dy)) in along.enumerated() {
                        for y in 1..<31 {
                            for x in 1..<31 {
                                for c in 0..<3 {
                                    let a = Int(px[c * 1024 + y * 32 + x]), b = Int(px[c * 1024 + (y + dy) * 32 + x + dx])
                                    diffs[k] += Double(abs(a - b))
                                }
                            }
                        }
                    }
                }
            }
            let best = diffs.indices.min { diffs[$0] < diffs[$1] }!
            #expect(best == label, "\(SyntheticCIFAR.classNames[label]): neighbour differences \(diffs)")
        }
    }

    @Test func tenThousandImagesAreQuick() {
        let clock = ContinuousClock()
        let start = clock.now
        let set = SyntheticCIFAR.make(count: 10_000, seed: 1)
        let elapsed = clock.now - start
        #expect(set.count == 10_000)
        // About 0.25 s on 2 idle cores, about 1 s with the machine loaded 4x over: a loose
        // guard against an accidental slowdown (a per-pixel allocation, a lost -O), not a benchmark.
        #expect(elapsed < .seconds(3), "took \(elapsed)")
    }

    // MARK: Drawn again, with the object's mask

    /// Redrawing an image to learn its mask must give the set's exact bytes and label, for a
    /// plain set and for the test half of a split.
    @Test func drawnImagesAreTheSetsImages() {
        let set = SyntheticCIFAR.make(count: 120, seed: 9)
        for i in stride(from: 0, to: 120, by: 7) {
            let d = SyntheticCIFAR.drawn(index: i, count: 120, seed: 9)
            #expect(d.pixels == set.pixels(at: i))
            #expect(d.label == set.label(at: i))
        }
        let (_, test) = SyntheticCIFAR.makeSplit(seed: 4, trainCount: 10, testCount: 40)
        for i in [0, 13, 39] {
            let d = SyntheticCIFAR.drawn(index: i, count: 40, seed: SyntheticCIFAR.testSeed(splitSeed: 4))
            #expect(d.pixels == test.pixels(at: i) && d.label == test.label(at: i))
        }
    }

    /// The mask covers the shape: a disc's inside is one colour plus noise (σ ≈ 10 levels), so its
    /// pixels vary far less than the whole image does, and its area fits radius 5-11 px.
    @Test func aDiscsMaskIsTheDisc() throws {
        var checked = 0
        for i in 0..<200 {
            let d = SyntheticCIFAR.drawn(index: i, count: 200, seed: 21)
            guard d.label == 5 else { continue }
            let area = d.objectMask().filter { $0 }.count
            #expect((Int(Float.pi * 4.5 * 4.5)...Int(Float.pi * 11.5 * 11.5)).contains(area), "disc area \(area)")
            let solid = d.coverage.indices.filter { d.coverage[$0] == 1 }
            func spread(_ pixels: [Int]) -> Double {
                (0..<3).map { c -> Double in
                    let v = pixels.map { Double(d.pixels[c * 1024 + $0]) }
                    let mean = v.reduce(0, +) / Double(v.count)
                    return (v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(v.count)).squareRoot()
                }.max()!
            }
            #expect(spread(solid) < 16, "inside the disc: \(spread(solid))")
            #expect(spread(Array(0..<1024)) > spread(solid) * 2)
            checked += 1
        }
        #expect(checked == 20)
    }

    @Test func everyObjectHasAMaskAndDilationGrowsIt() {
        for i in 0..<100 {
            let d = SyntheticCIFAR.drawn(index: i, count: 100, seed: 2)
            let mask = d.objectMask(), grown = d.objectMask(dilation: 1)
            #expect(mask.contains(true), "image \(i) (class \(d.label)) has no object pixels")
            #expect(zip(mask, grown).allSatisfy { !$0 || $1 })
            #expect(grown.filter { $0 }.count > mask.filter { $0 }.count)
        }
        // One lone pixel grows into its 3x3 neighbourhood; at a corner, into 2x2.
        var lone = DrawnImage(label: 0, pixels: [], coverage: [Float](repeating: 0, count: 1024))
        lone.coverage[5 * 32 + 5] = 1
        #expect(lone.objectMask(dilation: 1).filter { $0 }.count == 9)
        lone.coverage = [Float](repeating: 0, count: 1024)
        lone.coverage[0] = 0.5
        #expect(lone.objectMask(dilation: 1).filter { $0 }.count == 4)
        lone.coverage[0] = 0.49
        #expect(!lone.objectMask(dilation: 1).contains(true))
    }
}
