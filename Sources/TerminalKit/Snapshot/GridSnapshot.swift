/// Renders a grid to an image, to look at what a view draws without a terminal (and to attach
/// to bug reports). Colours go through the grid's `ColorMode`, so a monochrome grid looks
/// monochrome. Block, shade, Braille and box-drawing characters are drawn as shapes; ASCII
/// uses a 3x5 pixel font; anything else is a small block of ink.
public enum GridSnapshot {
    public static let cellWidth = 8
    public static let cellHeight = 16
    /// What `.default` shows as: xterm-like light grey on black.
    public static let defaultForeground = RGB(208, 208, 208)
    public static let defaultBackground = RGB(0, 0, 0)

    /// A PNG of the whole grid, `cellWidth` x `cellHeight` pixels per cell.
    public static func png(_ grid: CellGrid) -> [UInt8] {
        let (w, h, rgb) = pixels(grid)
        return PNGEncoder.encode(width: w, height: h, rgb: rgb)
    }

    /// The raw RGB pixels (3 bytes each, row-major) and their size.
    public static func pixels(_ grid: CellGrid) -> (width: Int, height: Int, rgb: [UInt8]) {
        let w = grid.width * cellWidth, h = grid.height * cellHeight
        var canvas = Canvas(width: w, height: h)
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                drawCell(grid[x, y], mode: grid.capabilities.colorMode, glyphs: grid.capabilities.glyphMode, at: (x * cellWidth, y * cellHeight), on: &canvas)
            }
        }
        return (w, h, canvas.rgb)
    }

    struct Canvas {
        let width: Int
        let height: Int
        var rgb: [UInt8]
        init(width: Int, height: Int) {
            self.width = width
            self.height = height
            rgb = Array(repeating: 0, count: 3 * width * height)
        }
        mutating func fill(_ x: Int, _ y: Int, _ w: Int, _ h: Int, _ c: RGB) {
            for yy in max(0, y)..<min(height, y + h) {
                for xx in max(0, x)..<min(width, x + w) {
                    let i = 3 * (yy * width + xx)
                    rgb[i] = c.r
                    rgb[i + 1] = c.g
                    rgb[i + 2] = c.b
                }
            }
        }
    }

    static func drawCell(_ cell: Cell, mode: ColorMode, glyphs: GlyphMode = .unicode, at origin: (x: Int, y: Int), on canvas: inout Canvas) {
        var fg = mode.downgrade(cell.foreground).rgbValue(fallback: defaultForeground)
        var bg = mode.downgrade(cell.background).rgbValue(fallback: defaultBackground)
        if cell.attributes.contains(.reverse) { swap(&fg, &bg) }
        if cell.attributes.contains(.dim) { fg = fg.mixed(with: bg, 0.5) }
        let cw = cellWidth, ch = cellHeight
        let (ox, oy) = origin
        canvas.fill(ox, oy, cw, ch, bg)
        // What an ASCII terminal would be sent (CursesBackend applies the same fallback).
        let c = glyphs == .ascii ? GlyphFallback.ascii(cell.character) : cell.character
        let scalar = c.unicodeScalars.first!.value

        switch c {
        case " ": break
        case "▀": canvas.fill(ox, oy, cw, ch / 2, fg)
        case "▄": canvas.fill(ox, oy + ch / 2, cw, ch / 2, fg)
        case "█": canvas.fill(ox, oy, cw, ch, fg)
        case "▐": canvas.fill(ox + cw / 2, oy, cw / 2, ch, fg)
        case "░": canvas.fill(ox, oy, cw, ch, bg.mixed(with: fg, 0.25))
        case "▒": canvas.fill(ox, oy, cw, ch, bg.mixed(with: fg, 0.5))
        case "▓": canvas.fill(ox, oy, cw, ch, bg.mixed(with: fg, 0.75))
        default:
            if (0x2589...0x258F).contains(scalar) {
                // Left blocks ▉ (7/8) down to ▏ (1/8).
                let eighths = Int(0x2590 - scalar)
                canvas.fill(ox, oy, cw * eighths / 8, ch, fg)
            } else if (0x2800...0x28FF).contains(scalar) {
                drawBraille(UInt8(scalar - 0x2800), fg: fg, at: origin, on: &canvas)
            } else if let lines = boxLines(c) {
                let mx = ox + cw / 2 - 1, my = oy + ch / 2 - 1
                if lines.left { canvas.fill(ox, my, cw / 2 + 1, 2, fg) }
                if lines.right { canvas.fill(mx, my, cw - cw / 2 + 1, 2, fg) }
                if lines.up { canvas.fill(mx, oy, 2, ch / 2 + 1, fg) }
                if lines.down { canvas.fill(mx, my, 2, ch - ch / 2 + 1, fg) }
            } else if let ink = PixelFont.ink(c) {
                // 3x5 font at 2x: 6x10 pixels, one pixel in from the left, baseline near the bottom.
                for r in 0..<5 {
                    for col in 0..<3 where ink[r * 3 + col] {
                        canvas.fill(ox + 1 + 2 * col, oy + 3 + 2 * r, 2, 2, fg)
                    }
                }
            } else if c == "…" {
                for i in 0..<3 { canvas.fill(ox + 1 + 2 * i, oy + 11, 1, 2, fg) }
            } else {
                canvas.fill(ox + 2, oy + 5, cw - 4, ch - 9, fg)
            }
        }
        if cell.attributes.contains(.underline) { canvas.fill(ox, oy + ch - 1, cw, 1, fg) }
    }

    static func drawBraille(_ bits: UInt8, fg: RGB, at origin: (x: Int, y: Int), on canvas: inout Canvas) {
        for r in 0..<4 {
            for c in 0..<2 where bits & BrailleCanvas.bit(column: c, row: r) != 0 {
                canvas.fill(origin.x + 1 + 4 * c, origin.y + 1 + 4 * r, 2, 2, fg)
            }
        }
    }

    struct Lines {
        var left = false, right = false, up = false, down = false
    }

    static func boxLines(_ c: Character) -> Lines? {
        switch c {
        case "─": return Lines(left: true, right: true)
        case "│": return Lines(up: true, down: true)
        case "┌": return Lines(right: true, down: true)
        case "┐": return Lines(left: true, down: true)
        case "└": return Lines(right: true, up: true)
        case "┘": return Lines(left: true, up: true)
        case "├": return Lines(right: true, up: true, down: true)
        case "┤": return Lines(left: true, up: true, down: true)
        case "┬": return Lines(left: true, right: true, down: true)
        case "┴": return Lines(left: true, right: true, up: true)
        case "┼": return Lines(left: true, right: true, up: true, down: true)
        default: return nil
        }
    }
}
