import ConvEngine
import TerminalKit

/// Draws the pooling explorer: each window on the input, its winner, and the pooled map.
extension ExploreState {
    static let winnerStyle = Style(foreground: .yellow, attributes: .bold)

    func renderPool(into grid: inout CellGrid, area: Rect) {
        let s = poolSettings
        var left = "max pool \(s.window)x\(s.window) stride \(s.stride) over \(s.input)"
        if let pool { left += "  -> output \(pool.outputVolume)" }
        StatusLine(left: left, right: statusRight).render(into: &grid, area: area.row(0))
        var y = area.y + 1
        y += renderFormula(s.formula, into: &grid, area: Rect(x: area.x, y: y, width: area.width, height: 3))
        let footerY = area.maxY - 1
        renderFooter(into: &grid, area: Rect(x: area.x, y: footerY, width: area.width, height: 1))
        guard let pool else { return }

        let hl = ExploreState.highlight(grid.capabilities)
        let stepIndex = currentStep
        let out = pool.outputPosition(ofStep: stepIndex)
        let (wy, wx) = pool.windowOrigin(ofStep: stepIndex)
        let channel = out.channel
        let cw = max(3, ExploreFormat.width(pool.input) + 1 + cellGap)
        let height = footerY - 2 - y - 1
        let visRows = min(pool.inputVolume.height, height - 1)
        let visCols = min(pool.inputVolume.width, (area.width / 2 - 2) / cw)
        let firstRow = NumberGrid.viewportStart(focus: wy, span: pool.window, visible: visRows, total: pool.inputVolume.height)
        let firstCol = NumberGrid.viewportStart(focus: wx, span: pool.window, visible: visCols, total: pool.inputVolume.width)
        let per = pool.outputVolume.width * pool.outputVolume.height
        // Winners of the windows already done (this channel), so the whole answer builds up on the input.
        var won: [Int: Int] = [:]
        for i in 0..<filled where i / per == channel {
            let w = pool.winners[i]
            won[w.row * pool.inputVolume.width + w.column] = i
        }
        grid.write("input channel \(channel) (winners in yellow)", x: area.x, y: y, style: .bold, clip: area)
        let input = NumberGrid(rows: visRows, columns: visCols, firstRow: firstRow, firstColumn: firstCol, cellWidth: cw) { r, c in
            let text = ExploreFormat.number(pool.value(channel: channel, row: r, column: c))
            let inWindow = r >= wy && r < wy + pool.window && c >= wx && c < wx + pool.window
            if let i = won[r * pool.inputVolume.width + c], i == stepIndex { return (text, hl.with(foreground: .brightYellow)) }
            if inWindow { return (text, hl) }
            if won[r * pool.inputVolume.width + c] != nil { return (text, ExploreState.winnerStyle) }
            return (text, .plain)
        }
        input.render(into: &grid, area: Rect(x: area.x, y: y + 1, width: visCols * cw, height: visRows))

        let inputCaption = "input channel \(channel) (winners in yellow)"
        let ox = area.x + max(visCols * cw, inputCaption.count) + 4
        let ocw = max(3, ExploreFormat.width(pool.output) + 1 + cellGap)
        grid.write("output o[:,:,\(channel)] of \(pool.outputVolume)", x: ox, y: y, style: .bold, clip: area)
        let outRows = min(pool.outputVolume.height, height - 1)
        let outCols = min(pool.outputVolume.width, max(1, (area.maxX - ox) / ocw))
        let outFirstRow = NumberGrid.viewportStart(focus: out.row, span: 1, visible: outRows, total: pool.outputVolume.height)
        let outFirstCol = NumberGrid.viewportStart(focus: out.column, span: 1, visible: outCols, total: pool.outputVolume.width)
        let output = NumberGrid(rows: outRows, columns: outCols, firstRow: outFirstRow, firstColumn: outFirstCol, cellWidth: ocw) { r, c in
            let i = (channel * pool.outputVolume.height + r) * pool.outputVolume.width + c
            guard i < filled else { return ("·", ExploreState.pendingStyle) }
            return (ExploreFormat.number(pool.output[i]), i == stepIndex ? hl : .plain)
        }
        output.render(into: &grid, area: Rect(x: ox, y: y + 1, width: outCols * ocw, height: outRows))

        var values: [String] = []
        for r in wy..<(wy + pool.window) {
            for c in wx..<(wx + pool.window) { values.append(ExploreFormat.number(pool.value(channel: channel, row: r, column: c))) }
        }
        let w = pool.winners[stepIndex]
        let line = filled == 0
            ? "press n: the first window, rows \(wy)-\(wy + pool.window - 1), cols \(wx)-\(wx + pool.window - 1); its largest element wins"
            : "o[\(out.row),\(out.column),\(channel)] = max(\(values.joined(separator: ", "))) = \(ExploreFormat.number(pool.output[stepIndex]))  (the winner is at row \(w.row), col \(w.column))"
        // The arithmetic goes right under the grids, where the eye already is.
        let textY = min(footerY - 2, y + 2 + max(visRows, outRows))
        grid.write(TextLayout.clip(line, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: textY, style: .bold, clip: area)
        grid.write(TextLayout.clip("max pooling keeps each window's largest value: no parameters, depth unchanged", width: area.width),
                   x: area.x, y: textY + 1, style: .dim, clip: area)
    }
}
