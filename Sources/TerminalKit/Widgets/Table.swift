/// Rows and columns of text with a header, a highlighted selection, per-row styles
/// (an error row in red) and vertical scrolling.
public struct Table: Widget {
    public struct Column: Sendable {
        public var title: String
        public var width: Constraint
        public var alignment: Alignment
        public init(_ title: String, width: Constraint = .fill, alignment: Alignment = .left) {
            self.title = title
            self.width = width
            self.alignment = alignment
        }
    }

    public struct Row: Sendable {
        public var cells: [String]
        /// Overrides the table's row style (e.g. red for a layer whose stride does not fit).
        public var style: Style?
        public init(_ cells: [String], style: Style? = nil) {
            self.cells = cells
            self.style = style
        }
    }

    public var columns: [Column]
    public var rows: [Row]
    public var selected: Int?
    /// Index of the first row shown.
    public var scrollOffset: Int
    public var headerStyle: Style
    public var rowStyle: Style
    public var selectedStyle: Style
    public var columnSpacing: Int

    /// A conventional style for rows that report an error.
    public static let errorStyle = Style(foreground: .red, attributes: .bold)

    public init(
        columns: [Column], rows: [Row], selected: Int? = nil, scrollOffset: Int = 0,
        headerStyle: Style = Style(attributes: [.bold, .underline]), rowStyle: Style = .plain,
        selectedStyle: Style = Style(attributes: .reverse), columnSpacing: Int = 1
    ) {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.scrollOffset = max(0, scrollOffset)
        self.headerStyle = headerStyle
        self.rowStyle = rowStyle
        self.selectedStyle = selectedStyle
        self.columnSpacing = columnSpacing
    }

    /// The scroll offset that keeps `selected` visible with the fewest rows of movement,
    /// for apps that keep the offset in their state between frames.
    public static func scrollOffset(keeping selected: Int, visibleRows: Int, current: Int) -> Int {
        guard visibleRows > 0 else { return 0 }
        if selected < current { return max(0, selected) }
        if selected >= current + visibleRows { return selected - visibleRows + 1 }
        return current
    }

    /// Column rectangles (x and width) inside `area`, as `render` draws them.
    public func columnRects(in area: Rect) -> [Rect] {
        // Rows hidden above or below get arrows at the header's right end: the columns give them
        // room, so the last header ("params") is never cut to make space for them.
        let scrolls = scrollOffset > 0 || rows.count > area.height - 1
        let body = scrolls && area.width > 12 ? area.inset(right: 2) : area
        return body.split(.horizontal, columns.map(\.width), spacing: columnSpacing)
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard !area.isEmpty else { return }
        let cols = columnRects(in: area)
        let ellipsis = grid.glyphs.ellipsis
        func drawRow(_ texts: [String], y: Int, style: Style) {
            grid.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: style))
            for (i, col) in cols.enumerated() where col.width > 0 {
                let text = i < texts.count ? texts[i] : ""
                grid.write(TextLayout.align(text, width: col.width, columns[i].alignment, ellipsis: ellipsis),
                           x: col.x, y: y, style: style, clip: area)
            }
        }
        drawRow(columns.map(\.title), y: area.y, style: headerStyle)
        let visible = area.height - 1
        guard visible > 0 else { return }
        for i in 0..<visible {
            let r = scrollOffset + i
            guard r < rows.count else { break }
            var style = rows[r].style ?? rowStyle
            if r == selected {
                // Keep the row's own colour (an error stays red) but invert it to show selection.
                style = Style(foreground: style.foreground == .default ? selectedStyle.foreground : style.foreground,
                              background: selectedStyle.background,
                              attributes: style.attributes.union(selectedStyle.attributes))
            }
            drawRow(rows[r].cells, y: area.y + 1 + i, style: style)
        }
        // Arrows in the header's last cell hint at rows hidden above or below.
        let g = grid.glyphs
        let more = (scrollOffset > 0 ? String(g.arrowUp) : "") + (scrollOffset + visible < rows.count ? String(g.arrowDown) : "")
        if !more.isEmpty {
            grid.write(more, x: area.maxX - more.count, y: area.y, style: headerStyle, clip: area)
        }
    }
}
