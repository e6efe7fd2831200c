/// What one source pixel looks like: its colour for colour terminals, an intensity 0...1
/// for shade characters, and the foreground tint shades are drawn in.
struct PixelSample {
    var color: Color
    var intensity: Float
    var tint: Color = .default
}

/// Draws a pixel grid at two pixels per cell, shared by images and heat maps so both keep
/// the same footprint in every terminal mode (layouts do not jump when colours are off).
enum PixelRenderer {
    enum Mode {
        /// `▀`: foreground = top pixel, background = bottom pixel.
        case halfBlock
        /// A space whose background mixes both pixels (colour but no Unicode).
        case colorBlock
        /// One shade character for the mean intensity of both pixels (no colour).
        case shade
    }

    /// Cells needed for a `width` x `height` pixel picture at an integer scale.
    static func size(width: Int, height: Int, scale: Int) -> Size {
        let s = max(1, scale)
        return Size(width: width * s, height: (height * s + 1) / 2)
    }

    static func draw(
        into grid: inout CellGrid, area: Rect, width: Int, height: Int, scale: Int, mode: Mode,
        sample: (Int, Int) -> PixelSample
    ) {
        let s = max(1, scale)
        let cells = size(width: width, height: height, scale: s)
        let drawn = Rect(x: area.x, y: area.y, width: cells.width, height: cells.height).intersection(area)
        guard !drawn.isEmpty else { return }
        let ramp = ShadeRamp.forGlyphs(grid.capabilities.glyphMode)
        for cy in 0..<drawn.height {
            let topY = (2 * cy) / s
            let bottomRow = 2 * cy + 1
            let bottomY: Int? = bottomRow < height * s ? bottomRow / s : nil
            for cx in 0..<drawn.width {
                let px = cx / s
                let top = sample(px, topY)
                let bottom = bottomY.map { sample(px, $0) }
                let cell: Cell
                switch mode {
                case .halfBlock:
                    cell = Cell("▀", foreground: top.color, background: bottom?.color ?? .default)
                case .colorBlock:
                    var c = top.color
                    if let b = bottom?.color {
                        let m = c.rgbValue(fallback: RGB(0, 0, 0)).mixed(with: b.rgbValue(fallback: RGB(0, 0, 0)), 0.5)
                        c = .rgb(m.r, m.g, m.b)
                    }
                    cell = Cell(" ", background: c)
                case .shade:
                    let t = bottom.map { (top.intensity + $0.intensity) / 2 } ?? top.intensity
                    cell = Cell(ramp.character(for: t), foreground: top.tint)
                }
                grid[drawn.x + cx, drawn.y + cy] = cell
            }
        }
    }
}
