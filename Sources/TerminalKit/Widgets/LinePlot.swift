/// Curves (loss, accuracy) in Braille dots with a labelled y axis, an x axis with its range,
/// and a legend naming each series in its colour.
public struct LinePlot: Widget {
    public struct Series: Sendable {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: Color

        public init(name: String, points: [(x: Double, y: Double)], color: Color = .default) {
            self.name = name
            self.points = points
            self.color = color
        }

        /// Values against their index 0, 1, 2...
        public init(name: String, values: [Double], color: Color = .default) {
            self.init(name: name, points: values.enumerated().map { (Double($0.offset), $0.element) }, color: color)
        }
    }

    public var series: [Series]
    /// Fixed axis ranges; nil fits the data.
    public var xRange: ClosedRange<Double>?
    public var yRange: ClosedRange<Double>?
    public var showLegend: Bool
    public var axisStyle: Style

    public init(series: [Series], xRange: ClosedRange<Double>? = nil, yRange: ClosedRange<Double>? = nil,
                showLegend: Bool = true, axisStyle: Style = .dim) {
        self.series = series
        self.xRange = xRange
        self.yRange = yRange
        self.showLegend = showLegend
        self.axisStyle = axisStyle
    }

    /// The ranges drawn: the given ones, else the finite data's extent (widened when flat,
    /// so a constant series sits mid-plot instead of dividing by zero).
    public func resolvedRanges() -> (x: ClosedRange<Double>, y: ClosedRange<Double>) {
        let pts = series.flatMap(\.points).filter { $0.x.isFinite && $0.y.isFinite }
        func fit(_ vs: [Double]) -> ClosedRange<Double> {
            guard let lo = vs.min(), let hi = vs.max() else { return 0...1 }
            if lo == hi {
                let pad = lo == 0 ? 1 : abs(lo) * 0.5
                return (lo - pad)...(hi + pad)
            }
            return lo...hi
        }
        return (xRange ?? fit(pts.map(\.x)), yRange ?? fit(pts.map(\.y)))
    }

    public func render(into grid: inout CellGrid, area: Rect) {
        guard area.width >= 6, area.height >= 3 else { return }
        let (xr, yr) = resolvedRanges()
        let g = grid.glyphs
        var body = area
        if showLegend && !series.isEmpty {
            var x = area.x
            for (i, s) in series.enumerated() {
                if i > 0 { x += 2 }
                x += grid.write(String(g.bullet), x: x, y: area.y, style: Style(foreground: s.color), clip: area)
                x += grid.write(" " + s.name, x: x, y: area.y, clip: area)
            }
            body = area.inset(top: 1)
        }
        let plotHeight = body.height - 2
        guard plotHeight >= 1 else { return }
        let yLabels = [NumberFormat.compact(yr.upperBound), NumberFormat.compact((yr.lowerBound + yr.upperBound) / 2),
                       NumberFormat.compact(yr.lowerBound)]
        let labelWidth = yLabels.map(\.count).max() ?? 0
        let axisX = body.x + labelWidth
        let plot = Rect(x: axisX + 1, y: body.y, width: body.maxX - axisX - 1, height: plotHeight)
        guard plot.width >= 1 else { return }

        // Axes.
        for y in plot.y..<plot.maxY { grid[axisX, y] = Cell(g.vertical, style: axisStyle) }
        grid[axisX, plot.maxY] = Cell(g.bottomLeft, style: axisStyle)
        for x in plot.x..<plot.maxX { grid[x, plot.maxY] = Cell(g.horizontal, style: axisStyle) }
        grid.write(TextLayout.align(yLabels[0], width: labelWidth, .right), x: body.x, y: plot.y, style: axisStyle)
        if plotHeight >= 2 {
            grid.write(TextLayout.align(yLabels[2], width: labelWidth, .right), x: body.x, y: plot.maxY - 1, style: axisStyle)
        }
        if plotHeight >= 5 {
            grid.write(TextLayout.align(yLabels[1], width: labelWidth, .right), x: body.x, y: plot.y + plotHeight / 2,
                       style: axisStyle)
        }
        let xLo = NumberFormat.compact(xr.lowerBound), xHi = NumberFormat.compact(xr.upperBound)
        grid.write(xLo, x: plot.x, y: plot.maxY + 1, style: axisStyle, clip: body)
        if plot.width >= xLo.count + xHi.count + 1 {
            grid.write(xHi, x: plot.maxX - xHi.count, y: plot.maxY + 1, style: axisStyle, clip: body)
        }

        // Curves.
        var canvas = BrailleCanvas(cellWidth: plot.width, cellHeight: plot.height, glyphMode: grid.capabilities.glyphMode)
        let xSpan = xr.upperBound - xr.lowerBound, ySpan = yr.upperBound - yr.lowerBound
        func dot(_ p: (x: Double, y: Double)) -> (Int, Int)? {
            guard p.x.isFinite, p.y.isFinite, xSpan > 0, ySpan > 0 else { return nil }
            let dx = ((p.x - xr.lowerBound) / xSpan * Double(canvas.dotWidth - 1)).rounded()
            let dy = ((yr.upperBound - p.y) / ySpan * Double(canvas.dotHeight - 1)).rounded()
            // Points outside a fixed range are clamped to the edge rather than dropped.
            return (Int(min(Double(canvas.dotWidth - 1), max(0, dx))), Int(min(Double(canvas.dotHeight - 1), max(0, dy))))
        }
        for s in series {
            var previous: (Int, Int)?
            for p in s.points {
                guard let d = dot(p) else { previous = nil; continue }
                if let q = previous {
                    canvas.line(x0: q.0, y0: q.1, x1: d.0, y1: d.1, color: s.color)
                } else {
                    canvas.set(x: d.0, y: d.1, color: s.color)
                }
                previous = d
            }
        }
        canvas.render(into: &grid, at: (plot.x, plot.y), clip: plot)
    }
}
