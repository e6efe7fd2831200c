import ConvEngine
import TerminalKit

extension EdgeExploreState {
    /// The smallest screen it lays out in: two 32x32 pictures side by side, the filter beside them.
    public static let minimumSize = Size(width: 80, height: 24)
    /// A lesson pane can be narrower: the filter's numbers then go on one line under the pictures.
    public static let paneMinimum = Size(width: 66, height: 22)

    public var keyBindings: [KeyBinding] {
        [KeyBinding("v/h", "filter"), KeyBinding("n/p", "picture"), KeyBinding("space", playing ? "pause" : "sweep"),
         KeyBinding("?", "help"), KeyBinding("q", quitAction), KeyBinding("e", "whole output")]
    }

    var helpOverlay: HelpOverlay {
        HelpOverlay(title: "explore conv --image: keys", bindings: [
            KeyBinding("v h", "the vertical-edge / horizontal-edge filter"), KeyBinding("f", "the other filter"),
            KeyBinding("n → p ←", "next / previous picture"), KeyBinding("space", "play / pause the sweep"),
            KeyBinding(". ,", "one output cell forward / back"), KeyBinding("↓ ↑ j k", "a whole output row forward / back"),
            KeyBinding("home r", "sweep again"), KeyBinding("end e", "the whole output at once"),
            KeyBinding("q esc", quitAction),
        ])
    }

    public func render(into grid: inout CellGrid) {
        render(into: &grid, minimum: EdgeExploreState.minimumSize)
    }

    /// Draws at the grid's size, or says it is too small below `minimum`.
    public func render(into grid: inout CellGrid, minimum: Size) {
        grid.fill(grid.bounds)
        if TooSmallScreen.isTooSmall(grid, required: minimum) {
            TooSmallScreen(required: minimum, actual: Size(width: grid.width, height: grid.height)).render(into: &grid, area: grid.bounds)
            return
        }
        let bounds = grid.bounds
        StatusLine(left: " explore conv --image: a \(edge.rawValue)-edge filter over a real picture", right: "\(picturesName) ")
            .render(into: &grid, area: Rect(x: 0, y: 0, width: bounds.width, height: 1))
        renderBody(into: &grid, area: Rect(x: 1, y: 2, width: bounds.width - 2, height: bounds.height - 3))
        KeyFooter(keyBindings, keyStyle: Style(attributes: [.bold, .reverse]))
            .render(into: &grid, area: Rect(x: 0, y: bounds.height - 1, width: bounds.width, height: 1))
        if showHelp { helpOverlay.render(into: &grid, area: bounds) }
    }

    func renderBody(into grid: inout CellGrid, area: Rect) {
        let v = conv.inputVolume, o = conv.outputVolume
        // The largest integer zoom (the real pixels, never smoothed) at which the picture, the
        // output and the filter's panel fit side by side above two lines of text.
        let fits = { (s: Int) in (v.width + o.width) * s + 2 + 2 + 11 <= area.width && (v.height * s + 1) / 2 + 1 + 2 <= area.height }
        let scale = (1...4).reversed().first(where: fits) ?? 1
        // Half blocks: a cell is one pixel wide and two tall.
        let imageSize = Size(width: v.width * scale, height: (v.height * scale + 1) / 2)

        // Where the filter is: the window of the last swept cell (the first one before the sweep).
        let cell = max(0, filled - 1)
        let (row, column) = (cell / o.width, cell % o.width)
        let picture = ImageView(highlighted(window: (row * conv.stride - conv.pad, column * conv.stride - conv.pad)), scale: scale)
        let heat = HeatMap(values: sweptMagnitudes, width: o.width, height: o.height, minimum: 0,
                           maximum: max(largestMagnitude, 1e-6), colorMap: DemoText.heat, scale: scale)
        var y = area.y
        let x2 = area.x + imageSize.width + 2
        grid.write(TextLayout.clip("picture \(index + 1)/\(pictures.count): `\(className)`", width: imageSize.width),
                   x: area.x, y: y, style: .bold, clip: area)
        grid.write(TextLayout.clip("|output|: bright = a \(edge.rawValue) edge", width: area.maxX - x2),
                   x: x2, y: y, style: .bold, clip: area)
        y += 1
        picture.render(into: &grid, area: Rect(x: area.x, y: y, width: imageSize.width, height: imageSize.height))
        heat.render(into: &grid, area: Rect(x: x2, y: y, width: heat.size.width, height: heat.size.height))
        let px = x2 + heat.size.width + 2
        let value = conv.output[row * o.width + column]
        if area.maxX - px >= 11 {
            let wide = area.maxX - px >= 22
            var lines: [(String, Style)] = [(wide ? "\(edge.rawValue) filter" : "filter", .bold)]
            for r in 0..<3 { lines.append((kernelRow(r), .plain)) }
            lines.append(("", .plain))
            lines.append((wide ? "at row \(row), col \(column):" : "at \(row),\(column):", .dim))
            lines.append(((wide ? "output " : "") + String(format: "%+.3f", value), filled > 0 ? .bold : .dim))
            for (i, (text, style)) in lines.enumerated() where y + i < area.maxY {
                grid.write(TextLayout.clip(text, width: area.maxX - px), x: px, y: y + i, style: style, clip: area)
            }
        } else {
            // A narrow lesson pane: the filter on one line under the pictures.
            let rows = (0..<3).map { "[\(kernelRow($0).trimmingCharacters(in: .whitespaces))]" }.joined(separator: " ")
            y = DemoText.line("filter \(rows); at \(row),\(column): \(String(format: "%+.3f", value))", into: &grid, area: area,
                              y: y + imageSize.height, style: .bold) - imageSize.height
        }
        y += imageSize.height + 1
        let notes = ["\(o.width)x\(o.height) outputs = \(v.width) - 3 + 1 (a 3x3 filter, stride 1, no padding).",
                     "The same 3x3 in R, G and B, each / 3: it sees brightness, and lights up where that changes."]
        for text in notes where y < area.maxY {
            y = DemoText.line(text, into: &grid, area: area, y: y, style: .dim)
        }
    }

    /// Row `r` of the kernel, each number 3 wide.
    func kernelRow(_ r: Int) -> String {
        edge.kernel[(r * 3)..<(r * 3 + 3)].map { String(format: "%3.0f", $0) }.joined(separator: " ")
    }

    /// The picture with the filter's 3x3 window tinted yellow, so the eye follows the sweep.
    func highlighted(window origin: (row: Int, column: Int)) -> RGBImage {
        let base = RGBImage(width: pictures.width, height: pictures.height, planar: pictures.pixels(at: index))
        guard filled > 0 && filled < stepCount else { return base }
        var pixels = base.pixels
        for dy in 0..<3 {
            for dx in 0..<3 {
                let (y, x) = (origin.row + dy, origin.column + dx)
                guard y >= 0, y < base.height, x >= 0, x < base.width else { continue }
                pixels[y * base.width + x] = pixels[y * base.width + x].mixed(with: RGB(255, 230, 0), 0.6)
            }
        }
        return RGBImage(width: base.width, height: base.height, pixels: pixels)
    }
}
