import ConvData
import Foundation
import Testing

@Suite struct ContactSheetTests {
    @Test func tenRowsOfTenImagesScaledWithGaps() throws {
        let set = SyntheticCIFAR.make(count: 200, seed: 1)
        let sheet = ContactSheet.render(set, perClass: 10, scale: 3, gap: 2)
        #expect(sheet.width == 10 * (96 + 2) + 2)
        #expect(sheet.height == 10 * (96 + 2) + 2)
        #expect(sheet.rgb.count == sheet.width * sheet.height * 3)
        #expect(Array(sheet.rgb.prefix(3)) == [40, 40, 40], "the gap is dark grey")
        // Row 0 holds class 0: its first image's top-left pixel, three times wide, after the gap.
        let first = try #require((0..<set.count).first { set.label(at: $0) == 0 })
        let pixels = set.pixels(at: first)
        let o = (2 * sheet.width + 2) * 3
        for c in 0..<3 {
            #expect(sheet.rgb[o + c] == pixels[c * 1024], "channel \(c) of the first pixel")
            #expect(sheet.rgb[o + 6 + c] == pixels[c * 1024], "scaled: the third column repeats it")
        }
    }
}
