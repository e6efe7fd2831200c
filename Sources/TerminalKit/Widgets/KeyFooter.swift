/// The always-visible line of keys, "space pause  n step  ? help  q quit", because users
/// of every neighbouring tool reported not finding the keys. Entries that do not fit are
/// dropped whole (never cut mid-word); put the most important first, or keep the last few
/// (`? help  q quit` at the end, where people look for them) with `keepingLast`.
public struct KeyFooter: Widget {
    public var bindings: [KeyBinding]
    public var keyStyle: Style
    public var actionStyle: Style
    public var separator: String
    /// How many of the last bindings stay when the line is short: the ones before them are
    /// dropped first.
    public var keepingLast: Int

    public init(_ bindings: [KeyBinding], keyStyle: Style = .bold, actionStyle: Style = .plain, separator: String = "  ",
                keepingLast: Int = 0) {
        self.bindings = bindings
        self.keyStyle = keyStyle
        self.actionStyle = actionStyle
        self.separator = separator
        self.keepingLast = keepingLast
    }

    /// The footer as plain text (what fits in `width`).
    public func text(width: Int) -> String {
        fitting(width).map { "\($0.key) \($0.action)" }.joined(separator: separator)
    }

    func fitting(_ width: Int) -> [KeyBinding] {
        func cost(_ b: KeyBinding) -> Int { b.key.count + 1 + b.action.count + separator.count }
        let kept = Array(bindings.suffix(min(keepingLast, bindings.count)))
        var used = kept.reduce(0) { $0 + cost($1) } - separator.count
        guard used <= width else { return Self(bindings, separator: separator).fitting(width) }
        var out: [KeyBinding] = []
        for b in bindings.dropLast(kept.count) {
            if used + cost(b) > width { break }
            used += cost(b)
            out.append(b)
        }
        return out + kept
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
