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
}
