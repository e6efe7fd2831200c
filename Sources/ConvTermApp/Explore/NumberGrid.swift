import TerminalKit

/// A block of numbers on screen, one fixed-width cell each, with a style per cell (the filter's
/// window, padding zeros, cells not computed yet). Shows the `rows` x `columns` part starting at
/// (`firstRow`, `firstColumn`) of a larger grid, so a 36x36 padded image fits in a small terminal.
struct NumberGrid: Widget {
    var rows: Int
    var columns: Int
    var firstRow = 0
    var firstColumn = 0
    var cellWidth: Int
    /// (row, column) in the full grid -> text and style.
    var cell: (Int, Int) -> (String, Style)

    var size: Size { Size(width: columns * cellWidth, height: rows) }

    func render(into grid: inout CellGrid, area: Rect) {
        for r in 0..<min(rows, area.height) {
            for c in 0..<columns {
                let x = area.x + c * cellWidth
                guard x + cellWidth <= area.maxX else { break }
                let (text, style) = cell(firstRow + r, firstColumn + c)
                // Right-aligned in the cell; the leading space keeps neighbours apart even when highlighted.
                grid.write(TextLayout.align(text, width: cellWidth, .right), x: x, y: area.y + r, style: style, clip: area)
            }
        }
    }

    /// The first index of a `visible`-long view of `total` items that keeps `focus..<focus+span` in
    /// view, centred when it can be.
    static func viewportStart(focus: Int, span: Int, visible: Int, total: Int) -> Int {
        guard total > visible else { return 0 }
        let centred = focus - (visible - span) / 2
        return max(0, min(total - visible, centred))
    }
}

/// How the explorer writes a number: integers without decimals (the demo's values and the
/// byte-valued image), anything else with two.
enum ExploreFormat {
    static func number(_ v: Float) -> String {
        guard v.isFinite else { return v.isNaN ? "nan" : (v < 0 ? "-inf" : "inf") }
        if v == v.rounded(), abs(v) < 1e9 { return String(Int(v)) }
        let scaled = (Double(v) * 100).rounded() / 100
        var s = String(scaled)
        if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) == 2 { s += "0" }
        return s
    }

    /// "(-1)" for negatives inside a product, so "2·(-1)" reads unambiguously.
    static func factor(_ v: Float) -> String {
        let s = number(v)
        return v < 0 ? "(\(s))" : s
    }

    static func width(_ values: [Float]) -> Int {
        values.reduce(1) { max($0, number($1).count) }
    }
}
