import ConvData
import ConvEngine
import Testing

@Suite struct AugmentationTests {
    /// A 3x4x5 image whose byte at (c, y, x) is 10 + 60c + 10y + x, so every byte tells its place.
    static let set: ImageSet = {
        var pixels: [UInt8] = []
        for c in 0..<3 { for y in 0..<4 { for x in 0..<5 { pixels.append(UInt8(10 + c * 60 + y * 10 + x)) } } }
        return ImageSet(pixels: pixels, labels: [0], classNames: ["only"], channels: 3, height: 4, width: 5)
    }()

    static func floats(_ transform: ImageTransform, _ p: Preprocessing = .convNetJS) -> [Float] {
        var out = [Float](repeating: .nan, count: 60)
        out.withUnsafeMutableBufferPointer { set.writeFloats(at: 0, into: $0.baseAddress!, preprocessing: p, transform: transform) }
        return out
    }

    static func value(_ c: Int, _ y: Int, _ x: Int) -> Float {
        Float(10 + c * 60 + y * 10 + x) / 255 - 0.5
    }

    @Test func identityIsScaledBytes() {
        let out = Self.floats(.identity)
        for c in 0..<3 { for y in 0..<4 { for x in 0..<5 {
            #expect(out[c * 20 + y * 5 + x] == Float(10 + c * 60 + y * 10 + x) * (1 / 255.0 as Float) - 0.5)
        } } }
    }

    @Test func shiftsMoveContentAndFillWithZero() {
        let out = Self.floats(ImageTransform(dx: 2, dy: -1))
        for c in 0..<3 { for y in 0..<4 { for x in 0..<5 {
            let v = out[c * 20 + y * 5 + x]
            let sx = x - 2, sy = y + 1
            if sx < 0 || sy > 3 {
                #expect(v == 0, "vacated pixel (\(c),\(y),\(x)) must be zero")
            } else {
                #expect(abs(v - Self.value(c, sy, sx)) < 1e-6)
            }
        } } }
    }

    @Test func flipMirrorsEachRow() {
        let out = Self.floats(ImageTransform(flip: true))
        for c in 0..<3 { for y in 0..<4 { for x in 0..<5 {
            #expect(abs(out[c * 20 + y * 5 + x] - Self.value(c, y, 4 - x)) < 1e-6)
        } } }
        // Shift, then mirror: the shifted image's vacated column x = 0 ends up at x = 4.
        let both = Self.floats(ImageTransform(dx: 1, flip: true))
        for c in 0..<3 { for y in 0..<4 {
            #expect(both[c * 20 + y * 5 + 4] == 0)
            #expect(abs(both[c * 20 + y * 5 + 0] - Self.value(c, y, 3)) < 1e-6)
        } }
    }

    @Test func drawsStayInRangeCoverEveryShiftAndReplayUnderASeed() {
        var rng = SeededRandom(seed: 42)
        let draws = (0..<2_000).map { _ in Augmentation.convNetJS.draw(using: &rng) }
        #expect(Set(draws.map(\.dx)) == Set(-2...2))
        #expect(Set(draws.map(\.dy)) == Set(-2...2))
        let flips = draws.filter(\.flip).count
        #expect(flips > 850 && flips < 1_150)
        var again = SeededRandom(seed: 42)
        #expect((0..<2_000).map { _ in Augmentation.convNetJS.draw(using: &again) } == draws)
        var other = SeededRandom(seed: 43)
        #expect((0..<2_000).map { _ in Augmentation.convNetJS.draw(using: &other) } != draws)
        var none = SeededRandom(seed: 1)
        #expect(Augmentation(maxShift: 0, flips: false).draw(using: &none) == .identity)
    }

    @Test func channelMeansAreMeasuredAndSubtracted() {
        let p = Preprocessing.convNetJS.subtractingChannelMeans(of: Self.set)
        let means = p.channelMeans!
        // Channel c's bytes average 10 + 60c + 15 + 2 = 27 + 60c.
        for c in 0..<3 { #expect(abs(means[c] - (Float(27 + 60 * c) / 255 - 0.5)) < 1e-5) }
        let out = Self.floats(.identity, p)
        for c in 0..<3 {
            let mean = out[(c * 20)..<((c + 1) * 20)].reduce(0, +) / 20
            #expect(abs(mean) < 1e-5)
        }
        #expect(Preprocessing.unitRange.value(ofByte: 255, channel: 0) == 1)
        #expect(Preprocessing.convNetJS.value(ofByte: 0, channel: 2) == -0.5)
    }
}
