/// A dot canvas over a cell rectangle: 2x4 dots per cell as Braille (U+2800 + bits) when
/// Unicode is available, else one dot per cell drawn as `*`. Lines are plotted in dot space,
/// so curves get four times the vertical resolution of the cells.
public struct BrailleCanvas: Sendable {
    public let cellWidth: Int
    public let cellHeight: Int
    public let glyphMode: GlyphMode
    private var bits: [UInt8]
    private var colors: [Color]

    public init(cellWidth: Int, cellHeight: Int, glyphMode: GlyphMode = .unicode) {
        self.cellWidth = max(0, cellWidth)
        self.cellHeight = max(0, cellHeight)
        self.glyphMode = glyphMode
        bits = Array(repeating: 0, count: self.cellWidth * self.cellHeight)
        colors = Array(repeating: .default, count: self.cellWidth * self.cellHeight)
    }

    var dotsPerCellX: Int { glyphMode == .unicode ? 2 : 1 }
    var dotsPerCellY: Int { glyphMode == .unicode ? 4 : 1 }
    public var dotWidth: Int { cellWidth * dotsPerCellX }
    public var dotHeight: Int { cellHeight * dotsPerCellY }

    /// Braille bit for the dot at column c (0...1), row r (0...3) of a cell: dots 1-2-3 run down
    /// the left column, 4-5-6 down the right, and 7, 8 are the bottom row (added later to Braille).
    public static func bit(column c: Int, row r: Int) -> UInt8 {
        if r == 3 { return c == 0 ? 0x40 : 0x80 }
        return UInt8(1 << (c == 0 ? r : r + 3))
    }

    /// Sets the dot at (x, y) in dot coordinates (origin top-left); outside is ignored.
    /// The cell takes the colour of the last dot set in it.
    public mutating func set(x: Int, y: Int, color: Color = .default) {
        guard x >= 0, y >= 0, x < dotWidth, y < dotHeight else { return }
        let cx = x / dotsPerCellX, cy = y / dotsPerCellY
        let i = cy * cellWidth + cx
        bits[i] |= glyphMode == .unicode ? BrailleCanvas.bit(column: x % 2, row: y % 4) : 1
        colors[i] = color
    }

    /// A straight line between two dots (Bresenham), both ends included.
    public mutating func line(x0: Int, y0: Int, x1: Int, y1: Int, color: Color = .default) {
        var x = x0, y = y0
        let dx = abs(x1 - x0), dy = -abs(y1 - y0)
        let sx = x0 < x1 ? 1 : -1, sy = y0 < y1 ? 1 : -1
        var err = dx + dy
        while true {
            set(x: x, y: y, color: color)
            if x == x1 && y == y1 { break }
            let e2 = 2 * err
            if e2 >= dy { err += dy; x += sx }
            if e2 <= dx { err += dx; y += sy }
        }
    }

    /// The character for a cell, or nil when no dot is set there (so the background shows).
    public func character(cellX: Int, cellY: Int) -> Character? {
        let b = bits[cellY * cellWidth + cellX]
        guard b != 0 else { return nil }
        if glyphMode == .ascii { return "*" }
        return Character(Unicode.Scalar(0x2800 + UInt32(b))!)
    }

    public func render(into grid: inout CellGrid, at origin: (x: Int, y: Int), clip: Rect? = nil) {
        for cy in 0..<cellHeight {
            for cx in 0..<cellWidth {
                guard let ch = character(cellX: cx, cellY: cy) else { continue }
                let x = origin.x + cx, y = origin.y + cy
                if let clip, !clip.contains(x: x, y: y) { continue }
                grid[x, y] = Cell(ch, foreground: colors[cy * cellWidth + cx])
            }
        }
    }
}
