import Testing
import TerminalKit

// Expected indices are worked out by hand from xterm's cube levels 0,95,135,175,215,255
// (index 16 + 36r + 6g + b) and greys 8 + 10k (index 232 + k).
@Suite struct XtermPaletteTests {
    @Test(arguments: [
        (RGB(255, 0, 0), UInt8(196)),      // r=5: 16 + 180
        (RGB(0, 0, 0), UInt8(16)),
        (RGB(255, 255, 255), UInt8(231)),
        (RGB(128, 128, 128), UInt8(244)),  // grey 128 = 8 + 10*12 beats cube 135 grey (102)
        (RGB(95, 135, 175), UInt8(67)),    // 16 + 36 + 12 + 3
        (RGB(12, 12, 12), UInt8(232)),     // grey 8 (distance 48) beats black (432)
        (RGB(250, 250, 250), UInt8(231)),  // white (75) beats grey 238 (432)
        (RGB(230, 97, 1), UInt8(166)),     // 16 + 36*4 + 6*1 + 0
    ])
    func nearestIndex(rgb: RGB, expected: UInt8) {
        #expect(XtermPalette.nearestIndex(r: rgb.r, g: rgb.g, b: rgb.b) == expected)
        #expect(Color.rgb(rgb.r, rgb.g, rgb.b) == .palette(expected))
    }

    @Test func paletteValuesRoundTrip() {
        #expect(XtermPalette.rgb(of: 67) == RGB(95, 135, 175))
        #expect(XtermPalette.rgb(of: 244) == RGB(128, 128, 128))
        #expect(XtermPalette.rgb(of: 1) == RGB(205, 0, 0))
        for i in 16...255 {
            let c = XtermPalette.rgb(of: UInt8(i))
            #expect(XtermPalette.nearestIndex(r: c.r, g: c.g, b: c.b) == UInt8(i))
        }
    }

    @Test func cubeAndGreyHelpersClamp() {
        #expect(Color.cube(5, 0, 0) == .palette(196))
        #expect(Color.cube(9, -1, 0) == .palette(196))
        #expect(Color.grey(0) == .palette(232))
        #expect(Color.grey(99) == .palette(255))
    }
}
