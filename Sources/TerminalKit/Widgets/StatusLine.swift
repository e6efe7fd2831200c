/// One full-width line with text on the left and right ("epoch 3 step 120" ... "loss 1.23"),
/// in reverse video by default so it reads as a bar even without colour.
public struct StatusLine: Widget {
    public var left: String
    public var right: String
    public var style: Style

    public init(left: String, right: String = "", style: Style = .reverse) {
        self.left = left
        self.right = right
        self.style = style
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0, area.width > 0 else { return }
        let row = area.row(0)
        grid.fill(row, with: Cell(" ", style: style))
        // The left text wins when both do not fit: it usually says what is happening.
        let ellipsis = grid.glyphs.ellipsis
        let leftText = TextLayout.clip(left, width: row.width, ellipsis: ellipsis)
        grid.write(leftText, x: row.x, y: row.y, style: style, clip: row)
        let room = row.width - leftText.count - 1
        if !right.isEmpty && room >= right.count {
            grid.write(right, x: row.maxX - right.count, y: row.y, style: style, clip: row)
        }
    }
}
