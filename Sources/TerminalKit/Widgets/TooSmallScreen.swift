/// Shown instead of the app while the terminal is smaller than the app needs: it says the
/// exact size needed and the size there is, and the app recovers on the next resize.
public struct TooSmallScreen: Widget {
    public var required: Size
    public var actual: Size
    public var hint: String

    public init(required: Size, actual: Size, hint: String = "enlarge the window, or press q to quit") {
        self.required = required
        self.actual = actual
        self.hint = hint
    }

    /// Whether a grid is too small for `required`.
    public static func isTooSmall(_ grid: CellGrid, required: Size) -> Bool {
        grid.width < required.width || grid.height < required.height
    }

    public var message: String { "need \(required.width)x\(required.height), have \(actual.width)x\(actual.height)" }

    public func render(into grid: inout CellGrid, area: Rect) {
        grid.fill(area)
        let lines = [("Terminal too small", Style.bold), (message, Style.plain), (hint, Style.dim)]
        // Wrap rather than clip: a tiny terminal still gets the whole message.
        var wrapped: [(String, Style)] = []
        for (text, style) in lines {
            for part in TextLayout.wrap(text, width: area.width) { wrapped.append((part, style)) }
        }
        let top = area.y + max(0, (area.height - wrapped.count) / 2)
        for (i, (text, style)) in wrapped.enumerated() {
            grid.write(text, x: area.x + max(0, (area.width - text.count) / 2), y: top + i, style: style, clip: area)
        }
    }
}
