import Testing
import TerminalKit

@Suite struct ImageViewTests {
    let redOverBlue = RGBImage(width: 1, height: 2, pixels: [RGB(255, 0, 0), RGB(0, 0, 255)])

    @Test func halfBlockTopIsForegroundBottomIsBackground() {
        var g = CellGrid(width: 3, height: 2)
        ImageView(redOverBlue).render(into: &g, area: Rect(x: 1, y: 0, width: 3, height: 2))
        #expect(g[1, 0] == Cell("▀", foreground: .palette(196), background: .palette(21)))
        #expect(g.trimmedLines == [" ▀", ""])
    }

    @Test func integerScaleIsNearestNeighbour() {
        let img = ImageView(redOverBlue, scale: 2)
        #expect(img.size == Size(width: 2, height: 2))
        var g = CellGrid(width: 2, height: 2)
        img.render(into: &g, area: g.bounds)
        for x in 0..<2 {
            #expect(g[x, 0] == Cell("▀", foreground: .palette(196), background: .palette(196)))
            #expect(g[x, 1] == Cell("▀", foreground: .palette(21), background: .palette(21)))
        }
    }

    @Test func oddHeightLeavesLastBottomHalfDefault() {
        var g = CellGrid(width: 1, height: 1)
        ImageView(RGBImage(width: 1, height: 1, pixels: [RGB(0, 255, 0)])).render(into: &g, area: g.bounds)
        #expect(g[0, 0] == Cell("▀", foreground: .palette(46), background: .default))
    }

    @Test func clipsToArea() {
        var g = CellGrid(width: 4, height: 2)
        let img = RGBImage(width: 4, height: 4, pixels: Array(repeating: RGB(255, 255, 255), count: 16))
        ImageView(img).render(into: &g, area: Rect(x: 0, y: 0, width: 2, height: 1))
        #expect(g.trimmedLines == ["▀▀", ""])
    }

    @Test func planarBytesAndFloatPlanes() {
        // [3,1,2]: R plane (10, 20), G plane (30, 40), B plane (50, 60).
        let p = RGBImage(width: 2, height: 1, planar: [10, 20, 30, 40, 50, 60])
        #expect(p.pixels == [RGB(10, 30, 50), RGB(20, 40, 60)])
        let i = RGBImage(width: 2, height: 1, interleaved: [10, 30, 50, 20, 40, 60])
        #expect(i == p)
        let f = RGBImage(width: 1, height: 1, planes: [1, 0, 0.5])
        #expect(f.pixels == [RGB(255, 0, 128)])
        // Own range: min -1 -> 0, max 1 -> 255.
        let own = RGBImage(width: 1, height: 1, planes: [-1, 1, 0], range: nil)
        #expect(own.pixels == [RGB(0, 255, 128)])
    }

    @Test func monochromeUsesShadesOfMeanLuminance() {
        // Luminance red 0.299, blue 0.114: mean 0.2065.
        var g = CellGrid(width: 1, height: 1, capabilities: Capabilities(colorMode: .monochrome, glyphMode: .unicode))
        ImageView(redOverBlue).render(into: &g, area: g.bounds)
        #expect(g[0, 0] == Cell("░"))
        var a = CellGrid(width: 1, height: 1, capabilities: .monochromeASCII)
        ImageView(redOverBlue).render(into: &a, area: a.bounds)
        #expect(a[0, 0] == Cell(":"))
    }

    @Test func asciiWithColourMixesBothPixelsIntoTheBackground() {
        var g = CellGrid(width: 1, height: 1, capabilities: Capabilities(colorMode: .colors256, glyphMode: .ascii))
        ImageView(redOverBlue).render(into: &g, area: g.bounds)
        // Mix of (255,0,0) and (0,0,255) is (128,0,128) -> cube (2,0,2) = 16 + 72 + 2.
        #expect(g[0, 0] == Cell(" ", background: .palette(90)))
    }
}
