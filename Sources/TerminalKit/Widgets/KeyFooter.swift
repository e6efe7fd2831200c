/// The always-visible line of keys, "space pause  n step  ? help  q quit", because users
/// of every neighbouring tool reported not finding the keys. Entries that do not fit are
/// dropped whole (never cut mid-word); put the most important first.
public struct KeyFooter: Widget {
    public var bindings: [KeyBinding]
    public var keyStyle: Style
    public var actionStyle: Style
    public var separator: String

    public init(_ bindings: [KeyBinding], keyStyle: Style = .bold, actionStyle: Style = .plain, separator: String = "  ") {
        self.bindings = bindings
        self.keyStyle = keyStyle
        self.actionStyle = actionStyle
        self.separator = separator
    }

    /// The footer as plain text (what fits in `width`).
    public func text(width: Int) -> String {
        fitting(width).map { "\($0.key) \($0.action)" }.joined(separator: separator)
    }

    func fitting(_ width: Int) -> [KeyBinding] {
        var used = 0
        var out: [KeyBinding] = []
        for b in bindings {
            let w = b.key.count + 1 + b.action.count + (out.isEmpty ? 0 : separator.count)
            if used + w > width { break }
            used += w
            out.append(b)
        }
        return out
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0 else { return }
        grid.fill(area.row(0), with: Cell(" ", style: actionStyle))
        var x = area.x
        for (i, b) in fitting(area.width).enumerated() {
            if i > 0 { x += grid.write(separator, x: x, y: area.y, style: actionStyle, clip: area) }
            x += grid.write(b.key, x: x, y: area.y, style: keyStyle, clip: area)
            x += grid.write(" " + b.action, x: x, y: area.y, style: actionStyle, clip: area)
        }
    }
}
