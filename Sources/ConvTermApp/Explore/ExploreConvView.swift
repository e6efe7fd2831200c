import ConvEngine
import TerminalKit

/// Draws the convolution explorer: the padded input with the filter's window, the filter, the
/// activation maps filling in, and the dot product written out. Every number is read from the
/// engine's `ConvolutionWalkthrough`.
extension ExploreState {
    static let windowStyle = Style(foreground: .brightWhite, background: .palette(25), attributes: .bold)

    /// The window and current-cell highlight: a blue background, or reverse video where there
    /// is no colour (NO_COLOR, vt100) so the sliding window stays visible.
    static func highlight(_ caps: Capabilities) -> Style {
        caps.colorMode == .monochrome ? Style(attributes: [.reverse, .bold]) : windowStyle
    }
    static let paddingStyle = Style(attributes: .dim)
    static let filterStyle = Style(foreground: .yellow)
    static let pendingStyle = Style(attributes: .dim)
    static let problemStyle = Style(foreground: .red, attributes: .bold)

    func renderConv(into grid: inout CellGrid, area: Rect) {
        let s = settings
        let inputVolume = s.effectiveInput
        // Short enough that the cell counter on the right survives an 80-column terminal.
        var left = "conv \(inputVolume)"
        if case .image(let i) = s.source { left += " (image \(i + 1): \(ExploreSettings.imageClass(i)))" }
        left += ", \(s.filterCount) filter\(s.filterCount == 1 ? "" : "s") \(s.filterSize)x\(s.filterSize)x\(inputVolume.depth), stride \(s.stride), pad \(s.pad)"
        if let conv { left += " -> output \(conv.outputVolume)" }
        if left.count + statusRight.count + 2 > area.width {
            // A lesson's widget pane: the same facts in fewer words, so the cell counter stays.
            left = "\(inputVolume), \(s.filterCount) of \(s.filterSize)x\(s.filterSize)x\(inputVolume.depth), stride \(s.stride), pad \(s.pad)"
            if let conv { left += " -> \(conv.outputVolume)" }
        }
        StatusLine(left: left, right: statusRight).render(into: &grid, area: area.row(0))

        var y = area.y + 1
        y += renderFormula(s.formula, into: &grid, area: Rect(x: area.x, y: y, width: area.width, height: 3))
        let footerY = area.maxY - 1
        renderFooter(into: &grid, area: Rect(x: area.x, y: footerY, width: area.width, height: 1))
        guard let conv else { return }

        let dotTop = footerY - 3
        let avail = dotTop - y - 1
        let filterRows = conv.filterHeight, outRows = conv.outputVolume.height
        let firstWanted = 1 + conv.paddedHeight
        let secondWanted: Int
        var second: Int
        if showMaps {
            // Caption, one row of maps, their labels and the "+N more" note; the input gives way.
            let ov = conv.outputVolume
            secondWanted = max(1 + filterRows, 3 + (ov.height * mapScale(ov) + 1) / 2 + 1)
            second = min(secondWanted, max(3, avail - 5))
        } else {
            secondWanted = 1 + max(filterRows, outRows)
            second = min(secondWanted, max(3, avail / 2))
        }
        let first = min(firstWanted, avail - second)
        second = min(secondWanted, avail - first)

        let step = conv.step(index: currentStep)
        renderInput(conv, step, into: &grid, area: Rect(x: area.x, y: y, width: area.width, height: first))
        let lower = Rect(x: area.x, y: y + first + 1, width: area.width, height: second)
        let filterWidth = renderFilter(conv, step, into: &grid, area: lower)
        if showMaps {
            // The maps view may use the rows the dot product would take: the picture is the point.
            renderMaps(conv, into: &grid, area: Rect(x: lower.x + filterWidth + 3, y: lower.y, width: lower.width - filterWidth - 3,
                                                     height: second))
        } else {
            renderOutput(conv, step, into: &grid, area: lower.inset(left: filterWidth + 3))
        }
        // The dot product goes right under the filter and maps, where the eye already is.
        let dotY = min(dotTop, lower.maxY + 1)
        renderDotProduct(conv, step, into: &grid, area: Rect(x: area.x, y: dotY, width: area.width, height: min(7, footerY - dotY)))
    }

    var statusRight: String {
        "cell \(filled)/\(stepCount)" + (playing ? " playing " : " ")
    }

    /// Steps per second at the current speed, for the footer ("+/- speed 4/s").
    var speedText: String {
        let (seconds, atto) = stepInterval.components
        return ExploreFormat.number(Float(1 / (Double(seconds) + Double(atto) / 1e18))) + "/s"
    }

    /// The output-size formula with today's numbers; when it does not fit, the engine's reason in red.
    /// Returns the rows used.
    func renderFormula(_ f: OutputSizeFormula, into grid: inout CellGrid, area: Rect) -> Int {
        let label = "output size (N - F + 2P)/S + 1 = "
        grid.write(label, x: area.x, y: area.y, style: .plain, clip: area)
        grid.write(f.text, x: area.x + label.count, y: area.y, style: f.result == nil ? ExploreState.problemStyle : .bold, clip: area)
        guard let problem else { return 2 }
        let lines = TextLayout.wrap("! " + problem, width: area.width).prefix(area.height - 1)
        for (i, line) in lines.enumerated() {
            grid.write(line, x: area.x, y: area.y + 1 + i, style: ExploreState.problemStyle, clip: area)
        }
        return 1 + lines.count + 1
    }

    /// Input channels side by side, padded with a visible border of zeros, the window highlighted.
    func renderInput(_ conv: ConvolutionWalkthrough, _ step: ConvolutionWalkthrough.Step, into grid: inout CellGrid, area: Rect) {
        guard area.height >= 2 else { return }
        let hl = ExploreState.highlight(grid.capabilities)
        let depth = conv.inputVolume.depth
        let cw = ExploreFormat.width(conv.input) + cellGap
        let gap = 3
        let shown = max(1, min(depth, (area.width + gap) / (min(conv.paddedWidth, 5) * cw + gap)))
        let perChannel = (area.width - gap * (shown - 1)) / shown
        let visCols = max(1, min(conv.paddedWidth, perChannel / cw))
        let visRows = min(conv.paddedHeight, area.height - 1)
        let firstRow = NumberGrid.viewportStart(focus: step.windowRow, span: conv.filterHeight, visible: visRows, total: conv.paddedHeight)
        let firstCol = NumberGrid.viewportStart(focus: step.windowColumn, span: conv.filterWidth, visible: visCols, total: conv.paddedWidth)
        let view = visRows < conv.paddedHeight || visCols < conv.paddedWidth
            ? "  rows \(firstRow)-\(firstRow + visRows - 1), cols \(firstCol)-\(firstCol + visCols - 1) of \(conv.paddedHeight)x\(conv.paddedWidth)" : ""
        // Channels are drawn around the one the filter is on: the window spans them all anyway.
        for i in 0..<shown {
            let c = i
            let x = area.x + i * (visCols * cw + gap)
            let caption = "x[:,:,\(c)]" + (i == 0 ? (conv.pad > 0 ? " pad \(conv.pad)" : "") : "")
            grid.write(caption, x: x, y: area.y, style: .bold, clip: area)
            let g = NumberGrid(rows: visRows, columns: visCols, firstRow: firstRow, firstColumn: firstCol, cellWidth: cw) { r, col in
                let v = conv.paddedValue(channel: c, row: r, column: col)
                let inWindow = r >= step.windowRow && r < step.windowRow + conv.filterHeight
                    && col >= step.windowColumn && col < step.windowColumn + conv.filterWidth
                if inWindow { return (ExploreFormat.number(v), hl) }
                return (ExploreFormat.number(v), conv.isPadding(row: r, column: col) ? ExploreState.paddingStyle : .plain)
            }
            g.render(into: &grid, area: Rect(x: x, y: area.y + 1, width: visCols * cw, height: visRows))
        }
        let note = (shown < depth ? "  +\(depth - shown) more channel\(depth - shown == 1 ? "" : "s")" : "") + view
        if !note.isEmpty {
            let x = area.x + shown * (visCols * cw + gap) - gap + 1
            grid.write(note, x: min(x, area.maxX - note.count), y: area.y, style: .dim, clip: area)
        }
    }

    /// The current filter's channels and its bias. Returns the width used.
    func renderFilter(_ conv: ConvolutionWalkthrough, _ step: ConvolutionWalkthrough.Step, into grid: inout CellGrid, area: Rect) -> Int {
        guard area.height >= 2 else { return 0 }
        let k = step.position.filter
        let depth = conv.inputVolume.depth
        let cw = ExploreFormat.width(conv.filters) + cellGap
        let gap = 2
        let single = conv.filterWidth * cw
        let shown = max(1, min(depth, (area.width / 2 + gap) / (single + gap)))
        let rows = min(conv.filterHeight, area.height - 1)
        let caption = "w\(k)[:,:,0..\(depth - 1)] bias b\(k) = \(ExploreFormat.number(conv.bias[k]))"
        grid.write(caption, x: area.x, y: area.y, style: .bold, clip: area)
        for c in 0..<shown {
            let x = area.x + c * (single + gap)
            let g = NumberGrid(rows: rows, columns: conv.filterWidth, cellWidth: cw) { r, col in
                (ExploreFormat.number(conv.weight(filter: k, channel: c, row: r, column: col)), ExploreState.filterStyle)
            }
            g.render(into: &grid, area: Rect(x: x, y: area.y + 1, width: single, height: rows))
        }
        var width = shown * (single + gap) - gap
        if shown < depth {
            let more = "+\(depth - shown)"
            grid.write(more, x: area.x + width + 1, y: area.y + 1, style: .dim, clip: area)
            width += more.count + 1
        }
        return max(width, min(caption.count, area.width / 2))
    }

    /// The activation maps, one per filter, filled up to the current step; the current cell highlighted.
    func renderOutput(_ conv: ConvolutionWalkthrough, _ step: ConvolutionWalkthrough.Step, into grid: inout CellGrid, area: Rect) {
        guard area.height >= 2, area.width > 4 else { return }
        let hl = ExploreState.highlight(grid.capabilities)
        let ov = conv.outputVolume
        let cw = max(ExploreFormat.width(conv.output), 1) + cellGap
        let gap = 3
        let visCols = max(1, min(ov.width, area.width / cw))
        let single = visCols * cw
        let shownMaps = max(1, min(ov.depth, (area.width + gap) / (single + gap)))
        let firstMap = NumberGrid.viewportStart(focus: step.position.filter, span: 1, visible: shownMaps, total: ov.depth)
        let visRows = min(ov.height, area.height - 1)
        let firstRow = NumberGrid.viewportStart(focus: step.position.row, span: 1, visible: visRows, total: ov.height)
        let firstCol = NumberGrid.viewportStart(focus: step.position.column, span: 1, visible: visCols, total: ov.width)
        for i in 0..<shownMaps {
            let k = firstMap + i
            let x = area.x + i * (single + gap)
            let caption = i == 0 ? "o[:,:,\(k)] of \(ov)" : "o[:,:,\(k)]"
            grid.write(caption, x: x, y: area.y, style: .bold, clip: Rect(x: x, y: area.y, width: i == shownMaps - 1 ? area.maxX - x : single + gap - 1, height: 1))
            let g = NumberGrid(rows: visRows, columns: visCols, firstRow: firstRow, firstColumn: firstCol, cellWidth: cw) { r, c in
                let p = ConvolutionWalkthrough.Position(filter: k, row: r, column: c)
                let index = conv.stepIndex(of: p)
                guard index < filled else { return ("·", ExploreState.pendingStyle) }
                return (ExploreFormat.number(conv.output[index]), index == currentStep ? hl : .plain)
            }
            g.render(into: &grid, area: Rect(x: x, y: area.y + 1, width: single, height: visRows))
        }
    }

    /// Larger pixels for small maps, so a 4x4 map is not a dot.
    /// Projector mode doubles it: the maps are what the room should see.
    func mapScale(_ ov: Volume) -> Int { ExploreState.baseMapScale(ov) * (present ? 2 : 1) }

    static func baseMapScale(_ ov: Volume) -> Int { max(1, min(4, 16 / max(1, max(ov.width, ov.height)))) }

    /// Spaces before each number: two on a projector, so digits do not run together from the back of a room.
    var cellGap: Int { present ? 2 : 1 }

    /// Every activation map as a heat map on one shared scale (the engine's output range), the
    /// lecture's "activation maps" stack; cells not computed yet are drawn at the bottom of the scale.
    func renderMaps(_ conv: ConvolutionWalkthrough, into grid: inout CellGrid, area: Rect) {
        guard area.height >= 3, area.width >= 4 else { return }
        let ov = conv.outputVolume
        let low = conv.output.min() ?? 0, high = conv.output.max() ?? 0
        let perMap = ov.width * ov.height
        grid.write("activation maps: \(ov.depth) of \(ov.width)x\(ov.height) -> \(ov)  (dark = low or not computed yet)",
                   x: area.x, y: area.y, style: .bold, clip: area)
        var scale = mapScale(ov)
        // Doubled on a projector only where one map still fits (with its label and a "+N more"
        // line): a map hidden behind "+1 more" helps no one.
        if scale > ExploreState.baseMapScale(ov), ov.width * scale > area.width || (ov.height * scale + 1) / 2 + 2 > area.height - 1 {
            scale = ExploreState.baseMapScale(ov)
        }
        let tiles = (0..<ov.depth).map { k -> TileGrid.Tile in
            let values = (0..<perMap).map { i in k * perMap + i < filled ? conv.output[k * perMap + i] : low }
            let map = HeatMap(values: values, width: ov.width, height: ov.height, minimum: low, maximum: high, scale: scale)
            return TileGrid.Tile(label: "o[:,:,\(k)]", content: map)
        }
        TileGrid(tiles: tiles, spacing: 2).render(into: &grid, area: area.inset(top: 1))
    }

    /// "sum of 27 products + bias = 3 + 1 = 4" and the products themselves, as many as fit.
    func renderDotProduct(_ conv: ConvolutionWalkthrough, _ step: ConvolutionWalkthrough.Step, into grid: inout CellGrid, area: Rect) {
        let p = step.position
        let n = step.products.count
        let head: String
        if filled == 0 {
            head = "press n: filter w\(p.filter) at the top-left, o[\(p.row),\(p.column),\(p.filter)] = sum of \(n) products + bias"
        } else {
            head = "o[\(p.row),\(p.column),\(p.filter)] = sum of \(n) products + bias = \(ExploreFormat.number(step.sum)) + \(ExploreFormat.factor(step.bias)) = \(ExploreFormat.number(step.value))"
        }
        grid.write(TextLayout.clip(head, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: area.y, style: .bold, clip: area)
        // Padding terms are 0·w: written dim so the zeros' contribution is visible but quiet.
        var x = area.x, y = area.y + 1
        for (i, term) in step.products.enumerated() {
            let text = (i == 0 ? "" : " + ") + "\(ExploreFormat.factor(term.input))·\(ExploreFormat.factor(term.weight))"
            if x + text.count > area.maxX - 2 {
                y += 1
                x = area.x
                if y >= area.maxY {
                    grid.write(String(grid.glyphs.ellipsis), x: area.maxX - 1, y: area.maxY - 1, style: .dim, clip: area)
                    break
                }
            }
            x += grid.write(text, x: x, y: y, style: term.isPadding ? ExploreState.paddingStyle : .plain, clip: area)
        }
    }
}
