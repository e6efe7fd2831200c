import Testing
import TerminalKit

@Suite struct HeatMapTests {
    @Test func greyMapUsesCallerRange() {
        // 2x2 values 0 1 / 2 3 with range 0...3: t = 0, 1/3, 2/3, 1 -> grey-ramp bins 0, 8, 17, 25.
        let map = HeatMap(values: [0, 1, 2, 3], width: 2, height: 2, minimum: 0, maximum: 3)
        var g = CellGrid(width: 2, height: 1)
        map.render(into: &g, area: g.bounds)
        #expect(g[0, 0] == Cell("▀", foreground: .palette(16), background: .palette(248)))
        #expect(g[1, 0] == Cell("▀", foreground: .palette(239), background: .palette(231)))
    }

    @Test func sharedScaleMakesEqualValuesEqualColours() {
        let a = HeatMap(values: [1, 1], width: 1, height: 2, minimum: 0, maximum: 2)
        let b = HeatMap(values: [1, 1], width: 1, height: 2, minimum: 0, maximum: 4)
        var ga = CellGrid(width: 1, height: 1), gb = CellGrid(width: 1, height: 1)
        a.render(into: &ga, area: ga.bounds)
        b.render(into: &gb, area: gb.bounds)
        #expect(ga[0, 0].foreground == .palette(244))   // t = 0.5
        #expect(gb[0, 0].foreground == .palette(237))   // t = 0.25 -> bin 6 = grey 5
    }

    @Test func divergingEndpoints() {
        let map = HeatMap(values: [-2, 2], width: 1, height: 2, minimum: -2, maximum: 2, colorMap: .blueWhiteOrange)
        var g = CellGrid(width: 1, height: 1)
        map.render(into: &g, area: g.bounds)
        #expect(g[0, 0] == Cell("▀", foreground: .palette(25), background: .palette(166)))
        #expect(map.normalized(0) == 0)
        #expect(map.normalized(-1) == -0.5)
    }

    @Test func divergingScaleIsSymmetric() {
        let map = HeatMap(values: [1], width: 1, height: 1, minimum: -4, maximum: 1, colorMap: .blueWhiteOrange)
        #expect(map.normalized(1) == 0.25)
    }

    @Test func eightColoursUseTintedShades() {
        let map = HeatMap(values: [-2, -2], width: 1, height: 2, minimum: -2, maximum: 2, colorMap: .blueWhiteOrange)
        var g = CellGrid(width: 1, height: 1, capabilities: Capabilities(colorMode: .colors8))
        map.render(into: &g, area: g.bounds)
        #expect(g[0, 0] == Cell("█", foreground: .blue))
    }

    @Test func monochromeDivergingPutsZeroAtMidShade() {
        let map = HeatMap(values: [-1, 1, 0, 0], width: 2, height: 2, minimum: -1, maximum: 1, colorMap: .blueWhiteOrange)
        var g = CellGrid(width: 2, height: 1, capabilities: .monochromeASCII)
        map.render(into: &g, area: g.bounds)
        // Cell 0: (0 + 0.5)/2 = 0.25 -> ".:" bin 2 ":"; cell 1: (1 + 0.5)/2 = 0.75 -> bin 7 "#".
        #expect(g.text(row: 0) == ":#")
    }

    @Test func nonFiniteStandsOut() {
        let map = HeatMap(values: [.nan, 0], width: 1, height: 2, minimum: 0, maximum: 1)
        var g = CellGrid(width: 1, height: 1)
        map.render(into: &g, area: g.bounds)
        #expect(g[0, 0].foreground == HeatMap.nonFiniteColor)
    }
}
