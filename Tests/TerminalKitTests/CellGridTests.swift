import Testing
@testable import TerminalKit

@Suite struct CellGridTests {
    @Test func writeClipsAtTheRightEdgeAndReportsFullWidth() {
        var g = CellGrid(width: 5, height: 2)
        let n = g.write("hello world", x: 2, y: 1, style: .bold)
        #expect(n == 11)
        #expect(g.lines == ["     ", "  hel"])
        #expect(g[2, 1].attributes == .bold)
        #expect(g[1, 1].attributes == [])
    }

    @Test func writeRespectsClipRectAndNegativeStart() {
        var g = CellGrid(width: 6, height: 1)
        g.write("abcdef", x: -2, y: 0, clip: Rect(x: 0, y: 0, width: 3, height: 1))
        #expect(g.text(row: 0) == "cde   ")
    }

    @Test func controlCharactersBecomeSpaces() {
        var g = CellGrid(width: 3, height: 1)
        g.write("a\tb", x: 0, y: 0)
        #expect(g.text(row: 0) == "a b")
    }

    @Test func outOfBoundsSubscriptIsIgnored() {
        var g = CellGrid(width: 2, height: 2)
        g[5, 5] = Cell("x")
        g[-1, 0] = Cell("x")
        #expect(g[5, 5] == .blank)
        #expect(g.lines == ["  ", "  "])
    }

    @Test func fillAndSetStyle() {
        var g = CellGrid(width: 4, height: 3)
        g.fill(Rect(x: 1, y: 1, width: 10, height: 1), with: Cell("#", foreground: .red))
        #expect(g.trimmedLines == ["", " ###", ""])
        #expect(g[3, 1].foreground == .red)
        g.setStyle(.reverse, in: Rect(x: 0, y: 1, width: 2, height: 1))
        #expect(g[1, 1].character == "#")
        #expect(g[1, 1].attributes == .reverse)
        #expect(g[1, 1].foreground == .default)
    }

    @Test func blitCopiesAtOffset() {
        var small = CellGrid(width: 2, height: 1)
        small.write("ab", x: 0, y: 0)
        var g = CellGrid(width: 4, height: 2)
        g.blit(small, x: 3, y: 1)
        #expect(g.lines == ["    ", "   a"])
    }
}
