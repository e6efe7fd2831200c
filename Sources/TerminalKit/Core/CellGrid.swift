/// The screen as a value: views draw into it, backends flush it, tests read it back.
///
/// Every write clips silently: layouts in small terminals routinely compute rectangles that
/// run off the edge, and a view should never have to guard each cell itself.
public struct CellGrid: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public var capabilities: Capabilities
    public private(set) var cells: [Cell]

    public init(width: Int, height: Int, capabilities: Capabilities = .full, fill: Cell = .blank) {
        self.width = max(0, width)
        self.height = max(0, height)
        self.capabilities = capabilities
        self.cells = Array(repeating: fill, count: self.width * self.height)
    }

    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`. Reading outside gives a blank; writing outside is ignored.
    public subscript(x: Int, y: Int) -> Cell {
        get {
            guard x >= 0, x < width, y >= 0, y < height else { return .blank }
            return cells[y * width + x]
        }
        set {
            guard x >= 0, x < width, y >= 0, y < height else { return }
            cells[y * width + x] = newValue
        }
    }

    /// Writes `text` left to right from (x, y), clipped to the grid and to `clip` if given.
    /// Returns the number of columns the text occupies (clipped or not), so spans can be chained.
    @discardableResult
    public mutating func write(_ text: String, x: Int, y: Int, style: Style = .plain, clip: Rect? = nil) -> Int {
        let limit = (clip ?? bounds).intersection(bounds)
        var cx = x
        for ch in text {
            if limit.contains(x: cx, y: y) {
                cells[y * width + cx] = Cell(CellGrid.printable(ch), style: style)
            }
            cx += 1
        }
        return cx - x
    }

    /// Fills a rectangle (clipped to the grid) with one cell.
    public mutating func fill(_ rect: Rect, with cell: Cell = .blank) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { cells[y * width + x] = cell }
        }
    }

    /// Changes the style of every cell in `rect` but keeps the characters (selection bars, dimming).
    public mutating func setStyle(_ style: Style, in rect: Rect) {
        let r = rect.intersection(bounds)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX {
                let i = y * width + x
                cells[i] = Cell(cells[i].character, style: style)
            }
        }
    }

    /// Copies another grid into this one with its top-left corner at (x, y).
    public mutating func blit(_ other: CellGrid, x: Int, y: Int) {
        for oy in 0..<other.height {
            for ox in 0..<other.width { self[x + ox, y + oy] = other[ox, oy] }
        }
    }

    /// The characters of one row, full width (trailing spaces kept so column positions are testable).
    public func text(row y: Int) -> String {
        guard y >= 0, y < height else { return "" }
        return String(cells[(y * width)..<(y * width + width)].map(\.character))
    }

    /// All rows as text, full width.
    public var lines: [String] { (0..<height).map { text(row: $0) } }

    /// All rows with trailing spaces removed: convenient for multi-line expectations.
    public var trimmedLines: [String] {
        lines.map { line in
            var s = Substring(line)
            while s.last == " " { s = s.dropLast() }
            return String(s)
        }
    }

    // Control characters would move the real cursor and corrupt the screen.
    static func printable(_ ch: Character) -> Character {
        if let a = ch.asciiValue, a < 0x20 || a == 0x7f { return " " }
        return ch
    }
}
