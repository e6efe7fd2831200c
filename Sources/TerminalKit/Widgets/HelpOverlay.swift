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
        let keyWidth = bindings.map(\.key.count).max() ?? 0
        let lineWidth = bindings.map { keyWidth + 2 + $0.action.count }.max() ?? 0
        let content = max(lineWidth, footer?.count ?? 0, title.count + 2)
        let height = bindings.count + (footer == nil ? 0 : 2) + 2
        return area.centered(width: content + 4, height: height)
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        let box = frame(in: area)
        Box(title: title, borderStyle: boxStyle, titleStyle: boxStyle.adding(.bold), clearsInside: true)
            .render(into: &grid, area: box)
        let inner = Box.inner(box).inset(left: 1, right: 1)
        let keyWidth = bindings.map(\.key.count).max() ?? 0
        for (i, b) in bindings.enumerated() where i < inner.height {
            let y = inner.y + i
            grid.write(TextLayout.align(b.key, width: keyWidth, .right), x: inner.x, y: y, style: keyStyle, clip: inner)
            grid.write(b.action, x: inner.x + keyWidth + 2, y: y, style: boxStyle, clip: inner)
        }
        if let footer, inner.height >= bindings.count + 2 {
            grid.write(TextLayout.align(footer, width: inner.width, .center), x: inner.x, y: inner.maxY - 1,
                       style: boxStyle.adding(.dim), clip: inner)
        }
    }
}
