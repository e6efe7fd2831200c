/// A bordered frame with an optional title in the top edge: "┌─ Filters ───┐".
public struct Box: Widget {
    public var title: String?
    public var borderStyle: Style
    public var titleStyle: Style
    /// Whether to blank the inside (needed when a box is drawn over other content, e.g. overlays).
    public var clearsInside: Bool

    public init(title: String? = nil, borderStyle: Style = .plain, titleStyle: Style = .bold, clearsInside: Bool = false) {
        self.title = title
        self.borderStyle = borderStyle
        self.titleStyle = titleStyle
        self.clearsInside = clearsInside
    }

    /// The area inside the border.
    public static func inner(_ area: Rect) -> Rect { area.inset(by: 1) }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard area.width >= 2, area.height >= 2 else { return }
        let g = grid.glyphs
        if clearsInside { grid.fill(Box.inner(area), with: Cell(" ", style: Style(background: borderStyle.background))) }
        let top = area.y, bottom = area.maxY - 1, left = area.x, right = area.maxX - 1
        for x in (left + 1)..<right {
            grid[x, top] = Cell(g.horizontal, style: borderStyle)
            grid[x, bottom] = Cell(g.horizontal, style: borderStyle)
        }
        for y in (top + 1)..<bottom {
            grid[left, y] = Cell(g.vertical, style: borderStyle)
            grid[right, y] = Cell(g.vertical, style: borderStyle)
        }
        grid[left, top] = Cell(g.topLeft, style: borderStyle)
        grid[right, top] = Cell(g.topRight, style: borderStyle)
        grid[left, bottom] = Cell(g.bottomLeft, style: borderStyle)
        grid[right, bottom] = Cell(g.bottomRight, style: borderStyle)
        if let title, !title.isEmpty, area.width >= 6 {
            // "┌─ title ─┐": a stroke of border before the title reads as a frame, not a heading.
            let text = TextLayout.clip(title, width: area.width - 5, ellipsis: g.ellipsis)
            grid.write(" " + text + " ", x: left + 2, y: top, style: titleStyle, clip: Rect(x: left, y: top, width: area.width - 1, height: 1))
        }
    }
}
