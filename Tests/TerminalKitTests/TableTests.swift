import Testing
import TerminalKit

@Suite struct TableTests {
    func table(selected: Int? = nil, offset: Int = 0) -> Table {
        Table(
            columns: [Table.Column("layer", width: .fixed(6)), Table.Column("out", width: .fixed(3), alignment: .right)],
            rows: [
                Table.Row(["conv1", "32"]),
                Table.Row(["pool1", "16"]),
                Table.Row(["conv2", "7.5"], style: Table.errorStyle),
                Table.Row(["fc", "10"]),
            ],
            selected: selected, scrollOffset: offset
        )
    }

    @Test func headerAndAlignedColumns() {
        var g = CellGrid(width: 10, height: 5)
        table().render(into: &g, area: g.bounds)
        #expect(g.lines == [
            "layer  out",
            "conv1   32",
            "pool1   16",
            "conv2  7.5",
            "fc      10",
        ])
        #expect(g[0, 0].attributes == [.bold, .underline])
        #expect(g[0, 1].attributes == [])
    }

    @Test func selectedRowIsReversedAcrossTheFullWidth() {
        var g = CellGrid(width: 10, height: 5)
        table(selected: 1).render(into: &g, area: g.bounds)
        for x in 0..<10 { #expect(g[x, 2].attributes == .reverse) }
        #expect(g[0, 1].attributes == [])
    }

    @Test func errorRowIsRedAndStaysRedWhenSelected() {
        var g = CellGrid(width: 10, height: 5)
        table().render(into: &g, area: g.bounds)
        #expect(g[0, 3] == Cell("c", foreground: .red, attributes: .bold))
        table(selected: 2).render(into: &g, area: g.bounds)
        #expect(g[0, 3] == Cell("c", foreground: .red, attributes: [.bold, .reverse]))
    }

    @Test func scrollOffsetAndMoreIndicators() {
        var g = CellGrid(width: 10, height: 3)
        table(offset: 1).render(into: &g, area: g.bounds)
        #expect(g.lines == [
            "layer  o↑↓",
            "pool1   16",
            "conv2  7.5",
        ])
    }

    @Test func scrollOffsetKeepingSelectionVisible() {
        #expect(Table.scrollOffset(keeping: 5, visibleRows: 3, current: 0) == 3)
        #expect(Table.scrollOffset(keeping: 1, visibleRows: 3, current: 2) == 1)
        #expect(Table.scrollOffset(keeping: 3, visibleRows: 3, current: 2) == 2)
    }

    @Test func longCellsAreClippedWithEllipsis() {
        var g = CellGrid(width: 10, height: 2)
        var t = table()
        t.rows = [Table.Row(["inception", "1"])]
        t.render(into: &g, area: g.bounds)
        #expect(g.text(row: 1) == "incep…   1")
    }

    /// Issue 14 item 7: the scroll arrows no longer cover the last header ("params" read "param↓").
    @Test func scrollArrowsLeaveTheHeadersWhole() {
        let table = Table(columns: [.init("layer", width: .fill), .init("params", width: .fixed(8), alignment: .right)],
                          rows: (0..<5).map { Table.Row(["conv\($0)", "1,216"]) })
        var g = CellGrid(width: 24, height: 3)
        table.render(into: &g, area: g.bounds)
        #expect(g.trimmedLines[0].contains("params"))
        #expect(g.trimmedLines[0].hasSuffix("↓"))
    }
}
