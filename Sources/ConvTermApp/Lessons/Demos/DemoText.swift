import TerminalKit

/// Small drawing helpers shared by the demos.
enum DemoText {
    /// "[#####-----]" for a fraction 0...1.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((f * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }

    /// Writes a line clipped to the area; returns the next row.
    @discardableResult
    static func line(_ text: String, into grid: inout CellGrid, area: Rect, y: Int, style: Style = .plain) -> Int {
        guard y >= area.y, y < area.maxY else { return y + 1 }
        grid.write(TextLayout.clip(text, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: y, style: style, clip: area)
        return y + 1
    }

    /// Scientific notation short enough for a table: 1.9e-09.
    static func sci(_ v: Double) -> String { v == 0 ? "0" : String(format: "%.1e", v) }

    /// Heat colours for magnitudes (saliency): black, red, yellow, white.
    static let heat = ColorMap(anchors: [RGB(0, 0, 0), RGB(170, 20, 10), RGB(250, 200, 30), RGB(255, 255, 255)], diverging: false)
}
