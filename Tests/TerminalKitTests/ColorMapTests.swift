import Testing
import TerminalKit

@Suite struct ColorMapTests {
    @Test func divergingEndpointsAndMiddle() {
        let m = ColorMap.blueWhiteOrange
        #expect(m.rgb(-1) == RGB(33, 102, 172))
        #expect(m.rgb(0) == RGB(247, 247, 247))
        #expect(m.rgb(1) == RGB(230, 97, 1))
        // (33,102,172) -> cube (0,1,3) = 25; (230,97,1) -> (4,1,0) = 166; near-white -> 231.
        #expect(m.color(-1) == .palette(25))
        #expect(m.color(0) == .palette(231))
        #expect(m.color(1) == .palette(166))
        #expect(m.color(-5) == .palette(25))
    }

    @Test func greyRampUses26Levels() {
        #expect(ColorMap.greyRampIndices.count == 26)
        #expect(ColorMap.grey.color(0) == .palette(16))
        #expect(ColorMap.grey.color(1) == .palette(231))
        #expect(ColorMap.grey.color(0.5) == .palette(244))  // bin 13 of 26
        #expect(ColorMap.greyRamp(.nan) == .palette(16))
    }

    @Test func greyRampIsMonotonicInBrightness() {
        let lum = (0...25).map { ColorMap.greyRamp(Float($0) / 25).rgbValue(fallback: RGB(0, 0, 0)).luminance }
        #expect(zip(lum, lum.dropFirst()).allSatisfy { $0 < $1 })
    }
}
