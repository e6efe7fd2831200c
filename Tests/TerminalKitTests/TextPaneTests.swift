import Testing
import TerminalKit

@Suite struct TextPaneTests {
    @Test func emphasisMarkersAreRemovedAndStyled() {
        var g = CellGrid(width: 20, height: 1)
        TextPane("a **bold** and `x`").render(into: &g, area: g.bounds)
        #expect(g.text(row: 0) == "a bold and x        ")
        #expect(g[2, 0].attributes == .bold)
        #expect(g[5, 0].attributes == .bold)
        #expect(g[6, 0].attributes == [])
        #expect(g[11, 0].foreground == .cyan)
        #expect(g[0, 0].foreground == .default)
    }

    @Test func wrapsAndScrolls() {
        let pane = TextPane("one two three four five")
        #expect(pane.lineCount(width: 9) == 3)
        var g = CellGrid(width: 9, height: 2)
        pane.render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["one two", "three"])
        var s = CellGrid(width: 9, height: 2)
        TextPane("one two three four five", scroll: 1).render(into: &s, area: s.bounds)
        #expect(s.trimmedLines == ["three", "four five"])
    }

    @Test func unmatchedMarkersStayLiteral() {
        var g = CellGrid(width: 12, height: 1)
        TextPane("2 * 3 `x").render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["2 * 3 `x"])
    }

    @Test func boldSpanWrapsKeepingStyle() {
        var g = CellGrid(width: 6, height: 2)
        TextPane("**aaa bbb**").render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["aaa", "bbb"])
        #expect(g[0, 1].attributes == .bold)
    }

    /// Issue 14 item 7: a list item's continuation lines sit under its text, not at the margin.
    @Test func listItemsHangTheirContinuationLines() {
        var g = CellGrid(width: 16, height: 6)
        TextPane("  - one two three four five\n  a) six seven eight nine").render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["  - one two", "    three four", "    five", "  a) six seven", "     eight nine", ""])
    }

    /// Code keeps its spaces (a .net block's nesting) and is clipped, never re-wrapped.
    @Test func verbatimLinesKeepTheirIndentation() {
        var g = CellGrid(width: 14, height: 2)
        let v = String(TextPane.verbatim)
        TextPane(v + "  {\n" + v + "      conv 64 3x3 pad 1").render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["  {", "      conv 64"])
        #expect(g[6, 1].foreground == .cyan)
    }

    @Test func okTextIsDrawnInItsOwnStyle() {
        var g = CellGrid(width: 20, height: 1)
        let ok = String(TextPane.ok)
        TextPane("a " + ok + "[x] **Task:** b" + ok).render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["a [x] Task: b"])
        #expect(g[0, 0].foreground != .green)
        #expect(g[2, 0].foreground == .green && g[8, 0].foreground == .green)
    }
}
