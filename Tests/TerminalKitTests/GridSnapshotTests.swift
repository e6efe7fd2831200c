import Testing
import TerminalKit

@Suite struct PNGEncoderTests {
    @Test func checksumsMatchKnownValues() {
        // Published values: CRC-32 of "IEND" is the constant ending every PNG; Adler-32 of
        // "Wikipedia" is the worked example in RFC-style write-ups.
        #expect(PNGEncoder.crc32(Array("IEND".utf8)) == 0xAE42_6082)
        #expect(PNGEncoder.adler32(Array("Wikipedia".utf8)) == 0x11E6_0398)
    }

    @Test func storedZlibFramesBlocks() {
        let z = PNGEncoder.zlibStored([1, 2, 3])
        #expect(z == [0x78, 0x01, 0x01, 0x03, 0x00, 0xFC, 0xFF, 1, 2, 3, 0x00, 0x0D, 0x00, 0x07])
        let big = PNGEncoder.zlibStored(Array(repeating: 0, count: 70000))
        #expect(big[2] == 0)                 // first block is not final
        #expect(big[2 + 5 + 65535] == 1)     // second is
    }

    @Test func pngHasSignatureHeaderAndEnd() {
        let png = PNGEncoder.encode(width: 2, height: 1, rgb: [255, 0, 0, 0, 0, 255])
        #expect(Array(png.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        #expect(Array(png[12..<16]) == Array("IHDR".utf8))
        #expect(Array(png[16..<24]) == [0, 0, 0, 2, 0, 0, 0, 1])
        #expect(Array(png.suffix(8)) == [0x49, 0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82])
    }
}

@Suite struct GridSnapshotTests {
    func pixel(_ p: (width: Int, height: Int, rgb: [UInt8]), _ x: Int, _ y: Int) -> RGB {
        let i = 3 * (y * p.width + x)
        return RGB(p.rgb[i], p.rgb[i + 1], p.rgb[i + 2])
    }

    @Test func halfBlockSplitsTheCell() {
        var g = CellGrid(width: 1, height: 1)
        g[0, 0] = Cell("▀", foreground: .palette(196), background: .palette(21))
        let p = GridSnapshot.pixels(g)
        #expect(p.width == 8 && p.height == 16)
        #expect(pixel(p, 3, 2) == RGB(255, 0, 0))
        #expect(pixel(p, 3, 13) == RGB(0, 0, 255))
    }

    @Test func monochromeGridSnapshotsWithoutColour() {
        var g = CellGrid(width: 1, height: 1, capabilities: Capabilities(colorMode: .monochrome))
        g[0, 0] = Cell("█", foreground: .palette(196))
        #expect(pixel(GridSnapshot.pixels(g), 4, 8) == GridSnapshot.defaultForeground)
    }

    @Test func reverseSwapsColours() {
        var g = CellGrid(width: 1, height: 1)
        g[0, 0] = Cell(" ", foreground: .palette(46), attributes: .reverse)
        #expect(pixel(GridSnapshot.pixels(g), 0, 0) == RGB(0, 255, 0))
    }
}
