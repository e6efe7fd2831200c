import Testing
import TerminalKit

@Suite struct TileGridTests {
    func tile(_ label: String, _ v: Float) -> TileGrid.Tile {
        TileGrid.Tile(label: label, content: HeatMap(values: [v, v, v, v], width: 2, height: 2, minimum: 0, maximum: 1))
    }

    @Test func tilesSitSideBySideWithLabelsBelow() {
        var g = CellGrid(width: 5, height: 2)
        TileGrid(tiles: [tile("a", 0), tile("bcd", 1)]).render(into: &g, area: g.bounds)
        #expect(g.lines == ["▀▀ ▀▀", "a  b…"])
        #expect(g[3, 0].foreground == .palette(231))
        #expect(g[0, 0].foreground == .palette(16))
        #expect(g[0, 1].attributes == .dim)
    }

    @Test func tilesWrapIntoRows() {
        let grid = TileGrid(tiles: [tile("a", 0), tile("b", 1), tile("c", 0)])
        #expect(grid.layout(in: Rect(x: 0, y: 0, width: 6, height: 4)) == [
            Rect(x: 0, y: 0, width: 2, height: 2),
            Rect(x: 3, y: 0, width: 2, height: 2),
            Rect(x: 0, y: 2, width: 2, height: 2),
        ])
    }

    @Test func hiddenTilesAreCounted() {
        var g = CellGrid(width: 8, height: 3)
        TileGrid(tiles: [tile("a", 0), tile("b", 1), tile("c", 0), tile("d", 0)]).render(into: &g, area: g.bounds)
        #expect(g.lines == ["▀▀ ▀▀ ▀▀", "a  b  c ", " +1 more"])
    }
}
