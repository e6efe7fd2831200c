/// A centred box listing every key and its action, drawn over whatever is on screen.
public struct HelpOverlay: Widget {
    public var title: String
    public var bindings: [KeyBinding]
    public var footer: String?
    public var keyStyle: Style
    public var boxStyle: Style

    public init(title: String = "Keys", bindings: [KeyBinding], footer: String? = "press any key to close",
                keyStyle: Style = .bold, boxStyle: Style = .plain) {
        self.title = title
        self.bindings = bindings
        self.footer = footer
        self.keyStyle = keyStyle
        self.boxStyle = boxStyle
    }

    /// The box this overlay occupies inside `area`.
    public func frame(in area: Rect) -> Rect {
        let size = size(fitting: area.width)
        return area.centered(width: size.width, height: size.height)
    }

    /// The box's size when it may be at most `width` wide: as wide as its longest line, or, in a
    /// narrower space, `width` with long actions wrapped onto more rows (so nothing is cut off).
    public func size(fitting width: Int) -> Size {
        let keyWidth = bindings.map(\.key.count).max() ?? 0
        let lineWidth = bindings.map { keyWidth + 2 + $0.action.count }.max() ?? 0
        let content = max(lineWidth, footer?.count ?? 0, title.count + 2)
        let boxWidth = min(content + 4, max(0, width))
        let height = rows(textWidth: boxWidth - 4).count + (footer == nil ? 0 : 2) + 2
        return Size(width: boxWidth, height: height)
    }

    /// One row per binding, and more where an action is wider than `textWidth` leaves it:
    /// continued rows have no key, so they line up under the action.
    func rows(textWidth: Int) -> [(key: String, action: String)] {
        let keyWidth = bindings.map(\.key.count).max() ?? 0
        let actionWidth = max(1, textWidth - keyWidth - 2)
        return bindings.flatMap { b -> [(key: String, action: String)] in
            let parts = b.action.count <= actionWidth ? [b.action] : TextLayout.wrap(b.action, width: actionWidth)
            return parts.enumerated().map { (i, part) in (i == 0 ? b.key : "", part) }
        }
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let box = frame(in: area)
        Box(title: title, borderStyle: boxStyle, titleStyle: boxStyle.adding(.bold), clearsInside: true)
            .render(into: &grid, area: box)
        let inner = Box.inner(box).inset(left: 1, right: 1)
        let keyWidth = bindings.map(\.key.count).max() ?? 0
        let rows = rows(textWidth: inner.width)
        for (i, row) in rows.enumerated() where i < inner.height {
            let y = inner.y + i
            grid.write(TextLayout.align(row.key, width: keyWidth, .right), x: inner.x, y: y, style: keyStyle, clip: inner)
            grid.write(row.action, x: inner.x + keyWidth + 2, y: y, style: boxStyle, clip: inner)
        }
        if let footer, inner.height >= rows.count + 2 {
            grid.write(TextLayout.align(footer, width: inner.width, .center), x: inner.x, y: inner.maxY - 1,
                       style: boxStyle.adding(.dim), clip: inner)
        }
    }
}
