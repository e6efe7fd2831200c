import Testing
@testable import TerminalKit

@Suite struct BrailleCanvasTests {
    @Test func dotBitsFollowTheBrailleNumbering() {
        #expect(BrailleCanvas.bit(column: 0, row: 0) == 0x01)
        #expect(BrailleCanvas.bit(column: 0, row: 2) == 0x04)
        #expect(BrailleCanvas.bit(column: 1, row: 0) == 0x08)
        #expect(BrailleCanvas.bit(column: 1, row: 2) == 0x20)
        #expect(BrailleCanvas.bit(column: 0, row: 3) == 0x40)
        #expect(BrailleCanvas.bit(column: 1, row: 3) == 0x80)
    }

    @Test func linesBecomeBrailleCells() {
        var c = BrailleCanvas(cellWidth: 2, cellHeight: 1)
        c.line(x0: 0, y0: 0, x1: 3, y1: 0, color: .red)   // top row of both cells: dots 1 and 4
        #expect(c.character(cellX: 0, cellY: 0) == "⠉")
        #expect(c.character(cellX: 1, cellY: 0) == "⠉")
        var v = BrailleCanvas(cellWidth: 1, cellHeight: 1)
        v.line(x0: 0, y0: 0, x1: 0, y1: 3)               // left column: dots 1, 2, 3, 7
        #expect(v.character(cellX: 0, cellY: 0) == "⡇")
        var g = CellGrid(width: 3, height: 1)
        c.render(into: &g, at: (1, 0))
        #expect(g.text(row: 0) == " ⠉⠉")
        #expect(g[1, 0].foreground == .red)
    }

    @Test func asciiCanvasUsesOneDotPerCell() {
        var c = BrailleCanvas(cellWidth: 3, cellHeight: 2, glyphMode: .ascii)
        c.line(x0: 0, y0: 0, x1: 2, y1: 1)
        var g = CellGrid(width: 3, height: 2)
        c.render(into: &g, at: (0, 0))
        #expect(g.lines == ["*  ", " **"])  // Bresenham steps diagonally first
    }
}

@Suite struct LinePlotTests {
    @Test func axesLabelsLegendAndDots() {
        var g = CellGrid(width: 12, height: 6)
        LinePlot(series: [LinePlot.Series(name: "a", values: [0, 1], color: .green)]).render(into: &g, area: g.bounds)
        let lines = g.lines
        #expect(lines[0] == "● a         ")
        #expect(g[0, 0].foreground == .green)
        #expect(lines[1].hasPrefix("  1│"))
        #expect(lines[3].hasPrefix("  0│"))
        #expect(lines[4] == "   └────────")
        #expect(lines[5] == "    0      1")
        // Plot is 8x3 cells = 16x12 dots; (0,0) maps to dot (0,11), (1,1) to dot (15,0).
        let first = g[4, 3].character.unicodeScalars.first!.value
        let last = g[11, 1].character.unicodeScalars.first!.value
        #expect(first & 0xFF00 == 0x2800 && (first - 0x2800) & 0x40 != 0)
        #expect(last & 0xFF00 == 0x2800 && (last - 0x2800) & 0x08 != 0)
        #expect(g[11, 1].foreground == .green)
        #expect(g[11, 3].character == " ")  // bottom right stays empty for a rising line
    }

    @Test func flatSeriesGetsAWidenedRange() {
        let plot = LinePlot(series: [LinePlot.Series(name: "c", values: [2, 2, 2])])
        let r = plot.resolvedRanges()
        #expect(r.y == 1...3)
        #expect(r.x == 0...2)
    }

    @Test func asciiPlotUsesStars() {
        var g = CellGrid(width: 12, height: 5, capabilities: .monochromeASCII)
        LinePlot(series: [LinePlot.Series(name: "a", values: [1, 1])], yRange: 0...2, showLegend: false)
            .render(into: &g, area: g.bounds)
        // Labels "2" and "0" are one column wide, so the plot is 10x3; y = 1 is its middle row.
        #expect(g.lines == [
            "2|         ",
            " |**********",
            "0|         ",
            " +----------",
            "  0        1",
        ].map { $0.padding(12) })
    }
}

extension String {
    func padding(_ n: Int) -> String { self + String(repeating: " ", count: max(0, n - count)) }
}
