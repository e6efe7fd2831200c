/// A horizontal bar for a value in 0...1 (a class probability): "cat   ███████▍    0.72".
/// Unicode gets eighth-cell precision from the partial block characters.
public struct Bar: Widget {
    public var label: String
    public var value: Double
    public var valueText: String?
    public var labelWidth: Int?
    public var barStyle: Style
    public var labelStyle: Style

    /// `valueText` defaults to the value with two decimals; `labelWidth` defaults to the label's length.
    public init(label: String, value: Double, valueText: String? = nil, labelWidth: Int? = nil,
                barStyle: Style = .plain, labelStyle: Style = .plain) {
        self.label = label
        self.value = value
        self.valueText = valueText
        self.labelWidth = labelWidth
        self.barStyle = barStyle
        self.labelStyle = labelStyle
    }

    public var shownValue: String { valueText ?? NumberFormat.fixed(value.isFinite ? value : 0, decimals: 2) }

    /// The bar characters for `value` over `width` cells (no padding).
    public static func barText(value: Double, width: Int, glyphs: Glyphs) -> String {
        guard width > 0 else { return "" }
        let v = value.isFinite ? min(1, max(0, value)) : 0
        if glyphs.eighths.isEmpty {
            return String(repeating: glyphs.fullBlock, count: Int((v * Double(width)).rounded()))
        }
        let eighths = Int((v * Double(width) * 8).rounded())
        var s = String(repeating: glyphs.fullBlock, count: eighths / 8)
        if eighths % 8 > 0 { s.append(glyphs.eighths[eighths % 8 - 1]) }
        return s
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard area.height > 0 else { return }
        let row = area.row(0)
        let lw = min(labelWidth ?? label.count, row.width)
        let vt = shownValue
        grid.write(TextLayout.align(label, width: lw, .left, ellipsis: grid.glyphs.ellipsis), x: row.x, y: row.y,
                   style: labelStyle, clip: row)
        let barWidth = row.width - lw - vt.count - 2
        if barWidth > 0 {
            grid.write(Bar.barText(value: value, width: barWidth, glyphs: grid.glyphs), x: row.x + lw + 1, y: row.y,
                       style: barStyle, clip: row)
        }
        if row.width - lw > vt.count {
            grid.write(vt, x: row.maxX - vt.count, y: row.y, style: labelStyle, clip: row)
        }
    }
}
