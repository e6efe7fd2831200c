import ConvEngine
import TerminalKit

/// The network column: one line per layer (type, window, output volume, parameters, min/max
/// of activations and gradients), the selected layer highlighted, and in the larger tiers a
/// few lines about the selected layer underneath, like ConvNetJS's per-layer text.
struct NetworkColumnView: Widget {
    var state: DashboardState
    var tier: DashboardLayout.Tier

    /// Which columns fit in `width`: wider terminals add params formula and min/max columns.
    static let formulaWidth = 23

    static func columns(width: Int, nameWidth: Int) -> [Table.Column] {
        var cols: [Table.Column] = [
            Table.Column("layer", width: .fixed(nameWidth)),
            Table.Column("type", width: .fixed(10)),
            Table.Column("output", width: .fixed(9), alignment: .right),
        ]
        let base = nameWidth + 10 + 9 + 2
        let act = 12, grad = 15, formula = formulaWidth, count = 7
        // The formula column only when the min/max columns still fit beside it.
        let paramsWidth = width >= base + 1 + formula + 1 + act + 1 + grad ? formula : count
        cols.append(Table.Column("params", width: .fixed(paramsWidth), alignment: .right))
        var used = base + 1 + paramsWidth
        if width >= used + 1 + act {
            cols.append(Table.Column("act min..max", width: .fixed(act), alignment: .right))
            used += 1 + act
        }
        if width >= used + 1 + grad { cols.append(Table.Column("grad min..max", width: .fixed(grad), alignment: .right)) }
        return cols
    }

    func render(into grid: inout CellGrid, area: Rect) {
        guard !area.isEmpty else { return }
        let nameWidth = min(10, max(5, state.layers.map { $0.name.count + 2 * $0.depth }.max() ?? 5))
        let cols = NetworkColumnView.columns(width: area.width, nameWidth: nameWidth)
        let wideParams = cols[3].width == .fixed(NetworkColumnView.formulaWidth)
        let rows = state.layers.map { layer -> Table.Row in
            let stats = state.statistics[layer.name]
            let type = layer.window.isEmpty ? layer.type : layer.type + " " + layer.window
            var cells = [String(repeating: " ", count: 2 * layer.depth) + layer.name, type, layer.output.description,
                         layer.params == 0 ? "" : (wideParams ? (layer.paramsFormula ?? layer.params.grouped) : layer.params.grouped)]
            cells.append(DashboardFormat.range(stats?.activations))
            cells.append(layer.isInput || layer.type == "softmax" ? "" : DashboardFormat.range(stats?.gradients))
            return Table.Row(cells)
        }
        let details = tier == .compact ? 0 : DashboardLayout.detailLines
        let tableHeight = min(area.height - (details > 0 ? details + 1 : 0), rows.count + 1)
        let visible = max(1, tableHeight - 1)
        let offset = max(0, min(state.selectedLayer - visible / 2, rows.count - visible))
        Table(columns: cols, rows: rows, selected: state.selectedLayer, scrollOffset: offset,
              headerStyle: DashboardStyle.heading.adding(.underline), selectedStyle: DashboardStyle.selected(grid.capabilities))
            .render(into: &grid, area: Rect(x: area.x, y: area.y, width: area.width, height: tableHeight))
        guard details > 0 else { return }
        let detailArea = Rect(x: area.x, y: area.y + tableHeight + 1, width: area.width, height: area.maxY - area.y - tableHeight - 1)
        for (i, line) in detailLines().enumerated() where i < detailArea.height {
            var x = detailArea.x
            for (text, style) in line {
                x += grid.write(text, x: x, y: detailArea.y + i, style: style, clip: detailArea)
            }
        }
    }

    /// The selected layer in words: what it is, its parameter arithmetic, its numbers now.
    func detailLines() -> [[(String, Style)]] {
        let layer = state.selectedRow
        let stats = state.statistics[layer.name]
        let l = DashboardStyle.label, v = DashboardStyle.value
        var lines: [[(String, Style)]] = []
        lines.append([(layer.name, DashboardStyle.heading), (": \(LayerView.describe(layer))", v)])
        if let formula = layer.paramsFormula {
            lines.append([("params ", l), (formula, v)])
        } else {
            lines.append([("params ", l), (layer.isInput ? "none (the image)" : "none", v)])
        }
        lines.append([("activations ", l), (DashboardFormat.range(stats?.activations), v),
                      ("   gradients ", l), (DashboardFormat.range(stats?.gradients), v)])
        if layer.hasWeights {
            lines.append([("weights ", l), (DashboardFormat.range(stats?.weights), v),
                          ("   weight gradients ", l), (DashboardFormat.range(stats?.weightGradients), v)])
        }
        return lines
    }
}
