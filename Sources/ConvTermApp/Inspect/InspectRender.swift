import Foundation
import ConvEngine
import TerminalKit

extension InspectState {
    /// The smallest screen the inspector lays out in; below it, `TooSmallScreen` says so.
    public static let minimumSize = Size(width: 80, height: 20)

    static let memoryBarStyle = Style(foreground: .palette(39))
    static let paramsBarStyle = Style(foreground: .palette(170))
    static let errorStyle = Table.errorStyle
    static let infoStyle = Style(foreground: .green)

    public var keyBindings: [KeyBinding] {
        [
            // Help and quit early: the footer drops what does not fit from the end.
            KeyBinding("↑↓", "select"), KeyBinding("e", "edit"), KeyBinding("?", "help"), KeyBinding("q", quitAction),
            KeyBinding("a", "add"), KeyBinding("d", "delete"), KeyBinding("i", "input"), KeyBinding("w", "write"),
            KeyBinding("u", "undo"), KeyBinding("c", "mult-adds"), KeyBinding("/", "search"), KeyBinding("g", "go to"),
            KeyBinding("m", "compare"),
        ]
    }

    var helpBindings: [KeyBinding] {
        [
            KeyBinding("↑ ↓ j k", "select a layer (pgup/pgdn, home/end)"),
            KeyBinding("e enter", "edit the selected line"),
            KeyBinding("a", "add a layer after the selected one"),
            KeyBinding("d", "delete the selected layer (a block with its contents)"),
            KeyBinding("u", "undo the last edit"),
            KeyBinding("i", "change the input size; everything recomputes"),
            KeyBinding("c", "multiply-adds: lecture / torchinfo convention"),
            KeyBinding("/ n", "search layer names and lines; next match"),
            KeyBinding("g", "go to a layer by name or row number"),
            KeyBinding("x", "jump to the next layer that does not fit"),
            KeyBinding("m", "mark a layer; select another to compare them"),
            KeyBinding("w", "write the spec to a .net file (asks before overwriting)"),
            KeyBinding("q", quitAction == "back" ? "back to the lesson's text (edits are kept)" : "quit (asks if there are unsaved edits)"),
            KeyBinding("in the editor", "←→ home end backspace del, ctrl-u undo, enter apply, esc cancel"),
        ]
    }

    var helpOverlay: HelpOverlay { HelpOverlay(title: "inspect: keys", bindings: helpBindings) }

    /// The size below which a lesson's widget pane shows a note instead of the inspector: the
    /// table drops its bar columns' width first, so it stays readable under the full-screen minimum.
    public static let paneMinimum = Size(width: 56, height: 16)

    public func render(into grid: inout CellGrid) {
        render(into: &grid, minimum: InspectState.minimumSize)
    }

    /// Draws at the grid's size, or says it is too small below `minimum`.
    public func render(into grid: inout CellGrid, minimum: Size) {
        let size = Size(width: grid.width, height: grid.height)
        if TooSmallScreen.isTooSmall(grid, required: minimum) {
            TooSmallScreen(required: minimum, actual: size).render(into: &grid, area: grid.bounds)
            return
        }
        let parts = grid.bounds.split(.vertical, [.fixed(1), .fill, .fixed(1), .fixed(4), .fixed(3), .fixed(1), .fixed(1)])
        renderTitle(into: &grid, area: parts[0])
        renderTable(into: &grid, area: parts[1])
        renderRule(into: &grid, area: parts[2])
        renderDetail(into: &grid, area: parts[3])
        renderTotals(into: &grid, area: parts[4])
        renderMessage(into: &grid, area: parts[5])
        renderFooter(into: &grid, area: parts[6])
        if showHelp {
            helpOverlay.render(into: &grid, area: grid.bounds)
        }
    }

    private func renderTitle(into grid: inout CellGrid, area: Rect) {
        let bad = problemRows.count
        let left = "convterm inspect  \(name)  (\(origin))  input \(shapes.spec.input)  \(shapes.totalParams.grouped) params"
        let right = (bad > 0 ? "\(bad) not fitting  " : "") + (isModified ? "modified " : "")
        StatusLine(left: left, right: right).render(into: &grid, area: area)
    }

    /// Table columns, wide terminals first: the spec and mult-adds columns go before the bars do.
    private func columns(width: Int) -> [Table.Column] {
        // Layer names whole when there is room (resnet18's `layer1.0.conv1` sits at depth 2);
        // beyond 24 columns the bars need the space more.
        let longest = shapes.rows.map { $0.depth + $0.name.count }.max() ?? 0
        let nameWidth = width >= 100 ? min(24, max(14, longest)) : 14
        var cols: [Table.Column] = [
            .init("#", width: .fixed(3), alignment: .right),
            .init("Layer", width: .fixed(nameWidth)),
        ]
        if width >= 128 { cols.append(.init("Spec", width: .fixed(22))) }
        cols += [
            .init("Output", width: .fixed(13), alignment: .right),
            // The bars have no header of their own: they draw the number to their left, and a
            // title squeezed into a narrow bar column would read "m…".
            .init("Memory", width: .fixed(9), alignment: .right),
            .init("", width: .fill),
            .init("Params", width: .fixed(12), alignment: .right),
            .init("", width: .fill),
        ]
        if width >= 100 { cols.append(.init(convention == .lecture ? "Mult-adds" : "Mult-adds(ti)", width: .fixed(15), alignment: .right)) }
        cols.append(.init("RF", width: .fixed(7), alignment: .right))
        return cols
    }

    /// Table rows: one per shape row, plus a red explanation row under each layer that does not fit.
    private func tableRows(columns: [Table.Column]) -> (rows: [Table.Row], shapeIndex: [Int?]) {
        var rows: [Table.Row] = []
        var index: [Int?] = []
        for (i, row) in shapes.rows.enumerated() {
            var cells: [String] = [String(i), String(repeating: " ", count: row.depth) + row.name]
            if columns.contains(where: { $0.title == "Spec" }) { cells.append(InspectFormat.spec(row)) }
            let hasParams = row.kind?.hasParameters == true
            cells += [
                InspectFormat.output(row),
                row.activations > 0 ? InspectFormat.bytes(row.activationBytes) : "--",
                "",
                hasParams ? row.params.grouped : (row.isBlock ? "" : "--"),
                "",
            ]
            if columns.contains(where: { $0.title.hasPrefix("Mult-adds") }) {
                let macs = convention == .lecture ? row.multiplyAdds : row.torchinfoMultiplyAdds
                cells.append(macs > 0 ? macs.grouped : "--")
            }
            cells.append(InspectFormat.receptiveField(row))
            rows.append(Table.Row(cells, style: row.problem != nil ? InspectState.errorStyle : (row.unknown ? .dim : nil)))
            index.append(i)
            if let problem = row.problem {
                var explanation = Array(repeating: "", count: cells.count)
                explanation[1] = "  ! " + problem
                rows.append(Table.Row(explanation, style: InspectState.errorStyle))
                index.append(nil)
            }
        }
        // The `loss` line closes the table, its targets in the output column; not selectable
        // (it has no shape row), and red with the reason when the net's output does not fit it.
        if let loss = shapes.spec.loss {
            let spec = columns.contains(where: { $0.title == "Spec" })
            var cells = ["", spec ? "loss" : "loss \(loss.text)"] + (spec ? [loss.text] : [])
            cells += [loss.targetShape(output: shapes.output), "--", "", "--", ""]
            if columns.contains(where: { $0.title.hasPrefix("Mult-adds") }) { cells.append("--") }
            cells.append("")
            let problem = loss.problem(output: shapes.output)
            rows.append(Table.Row(cells, style: problem != nil ? InspectState.errorStyle : nil))
            index.append(nil)
            if let problem {
                var explanation = Array(repeating: "", count: cells.count)
                explanation[1] = "  ! " + problem
                rows.append(Table.Row(explanation, style: InspectState.errorStyle))
                index.append(nil)
            }
        }
        return (rows, index)
    }

    private func renderTable(into grid: inout CellGrid, area: Rect) {
        let cols = columns(width: area.width)
        let (rows, shapeIndex) = tableRows(columns: cols)
        let selectedTableRow = shapeIndex.firstIndex(of: selected) ?? 0
        let visible = max(1, area.height - 1)
        // Keep the selection (and the explanation row under it) in view, centred when possible.
        let offset = max(0, min(rows.count - visible, selectedTableRow - visible / 2))
        let table = Table(columns: cols, rows: rows, selected: selectedTableRow, scrollOffset: offset)
        table.render(into: &grid, area: area)
        let rects = table.columnRects(in: area)
        // The bars sit in the untitled columns right after the numbers they draw.
        guard let memoryColumn = cols.firstIndex(where: { $0.title == "Memory" }).map({ $0 + 1 }),
              let paramsColumn = cols.firstIndex(where: { $0.title == "Params" }).map({ $0 + 1 }) else { return }
        for line in 0..<visible {
            let t = offset + line
            guard t < rows.count else { break }
            let y = area.y + 1 + line
            guard let i = shapeIndex[t] else {
                // Explanation rows: rewrite the message across the whole row so it is not clipped at 14 columns.
                // (The loss row, the other row without a shape, is drawn as a table row.)
                let msg = rows[t].cells[1]
                guard msg.hasPrefix("  ! ") else { continue }
                let x = rects[1].x
                grid.fill(Rect(x: area.x, y: y, width: area.width, height: 1), with: Cell(" ", style: InspectState.errorStyle))
                grid.write(TextLayout.clip(msg, width: area.maxX - x, ellipsis: grid.glyphs.ellipsis), x: x, y: y,
                           style: InspectState.errorStyle, clip: area)
                continue
            }
            let share = breakdown.shares[i]
            let reverse: Attributes = i == selected ? .reverse : []
            for (column, value, style) in [(memoryColumn, share.memoryOfLargest, InspectState.memoryBarStyle),
                                           (paramsColumn, share.paramsOfLargest, InspectState.paramsBarStyle)] {
                let r = rects[column]
                let bar = Bar.barText(value: value, width: r.width, glyphs: grid.glyphs)
                grid.write(bar, x: r.x, y: y, style: style.adding(reverse), clip: area)
            }
        }
    }

    private func renderRule(into grid: inout CellGrid, area: Rect) {
        let g = grid.glyphs
        grid.fill(area, with: Cell(g.horizontal, style: .dim))
        let row = selectedRow
        var title = " \(row.name) "
        if let m = mark, m != selected, shapes.rows.indices.contains(m) { title += "vs \(shapes.rows[m].name) " }
        grid.write(title, x: area.x + 2, y: area.y, style: .bold, clip: area)
    }

    /// The selected layer in words: its line, formula, shares; the fully connected alternative of a
    /// conv; a comparison with the marked layer; or, while editing, the editor and its error.
    private func renderDetail(into grid: inout CellGrid, area: Rect) {
        switch mode {
        case .edit(let editor, let target, let error):
            let label: String
            switch target {
            case .replace(let line): label = "edit line \(line + 1): "
            case .insert(let before, _): label = "new line \(before + 1): "
            }
            grid.write(label, x: area.x, y: area.y, style: .bold, clip: area)
            editor.render(into: &grid, area: Rect(x: area.x + label.count, y: area.y, width: area.width - label.count, height: 1),
                          style: Style(background: .palette(236)))
            var hint = "enter applies and recomputes every shape; esc cancels; ctrl-u undoes a keystroke"
            if case .replace(let line) = target, lines.indices.contains(line) {
                let comment = InspectState.splitComment(lines[line]).comment.trimmingCharacters(in: .whitespaces)
                if !comment.isEmpty { hint += "; the comment `\(comment)` is kept" }
            }
            writeWrapped(error.map { "! " + $0 } ?? hint,
                         into: &grid, area: area.inset(top: 1), style: error == nil ? .dim : InspectState.errorStyle)
            return
        case .prompt(let prompt, let editor, let error):
            let label = prompt.rawValue + ": "
            grid.write(label, x: area.x, y: area.y, style: .bold, clip: area)
            editor.render(into: &grid, area: Rect(x: area.x + label.count, y: area.y, width: area.width - label.count, height: 1),
                          style: Style(background: .palette(236)))
            writeWrapped(error.map { "! " + $0 } ?? "enter to confirm, esc to cancel", into: &grid, area: area.inset(top: 1),
                         style: error == nil ? .dim : InspectState.errorStyle)
            return
        case .confirm(let what):
            let question: String
            switch what {
            case .overwrite(let path): question = "\(path) already exists. Overwrite it? y = overwrite, any other key = keep it"
            case .quitUnsaved: question = "The spec has unsaved edits. y or q = quit without saving, w = write it first, any other key = stay"
            }
            writeWrapped(question, into: &grid, area: area, style: Style(foreground: .yellow, attributes: .bold))
            return
        case .browse:
            break
        }
        var lines: [(String, Style)] = []
        let row = selectedRow
        let lineNumber = lineIndex(ofRow: selected).map { "line \($0 + 1)" } ?? ""
        let spec = row.kind == nil ? "" : InspectFormat.spec(row) + "  "
        lines.append(("\(row.name)  \(spec)\(lineNumber)  \(row.input) -> \(InspectFormat.output(row))  receptive field \(InspectFormat.receptiveField(row))", .bold))
        if let problem = row.problem {
            lines.append(("! " + problem, InspectState.errorStyle))
        }
        let share = breakdown.shares[selected]
        var facts = "params " + (row.paramsFormula ?? "0") + " (\(InspectFormat.percent(share.paramsOfTotal)) of all)"
        facts += "  memory " + InspectFormat.bytes(row.activationBytes) + " (\(InspectFormat.percent(share.memoryOfTotal)) of forward)"
        lines.append((facts, .plain))
        if let m = mark, m != selected, shapes.rows.indices.contains(m) {
            let c = LayerComparison(shapes.rows[m], row)
            func r(_ x: Double?) -> String { x.map(InspectFormat.factor) ?? "n/a" }
            lines.append(("vs \(c.first.name): params \(c.first.params.grouped) -> \(c.second.params.grouped) (\(r(c.paramsRatio)))  memory \(InspectFormat.bytes(c.first.activationBytes)) -> \(InspectFormat.bytes(c.second.activationBytes)) (\(r(c.memoryRatio)))  mult-adds \(r(c.multiplyAddsRatio))", Style(foreground: .cyan)))
        }
        if case .conv = row.kind, !row.unknown {
            let factor = LayerComparison.fullyConnectedFactor(row).map { ", \(InspectFormat.factor($0)) the conv's \(row.weights.grouped)" } ?? ""
            lines.append(("as a fully connected layer instead: \(row.input.count.grouped) x \(row.output.count.grouped) = \(row.fullyConnectedAlternative.grouped) weights\(factor)", .dim))
        }
        var y = area.y
        for (text, style) in lines {
            for part in TextLayout.wrap(text, width: area.width) where y < area.maxY {
                grid.write(part, x: area.x, y: y, style: style, clip: area)
                y += 1
            }
        }
    }

    private func writeWrapped(_ text: String, into grid: inout CellGrid, area: Rect, style: Style) {
        for (i, part) in TextLayout.wrap(text, width: area.width).prefix(area.height).enumerated() {
            grid.write(part, x: area.x, y: area.y + i, style: style, clip: area)
        }
    }

    private func renderTotals(into grid: inout CellGrid, area: Rect) {
        let s = shapes
        let macs = s.multiplyAdds(convention)
        // Three short lines rather than two long ones: at 80 columns the lecture's point (memory
        // sits in conv, parameters in fc) must not be the part that gets cut off.
        let kinds = breakdown.kindTotals(s)
        let lines = [
            ("Params \(s.totalParams.grouped) (weights \(s.totalWeights.grouped) + biases \(s.totalBiases.grouped))", Style.bold),
            // fwd+bwd is fwd plus the gradients, so never below fwd (torchinfo's figure, in
            // `summary`, leaves the input out and can be, for a tiny net on a big image).
            ("Memory fwd \(InspectFormat.bytes(s.forwardActivationBytes)), fwd+bwd \(InspectFormat.bytes(s.trainingActivationBytes))  "
                + "Mult-adds \(macs.grouped) (\(convention.rawValue))", Style.plain),
            ("conv: \(InspectFormat.percent(kinds.convMemory)) of memory, \(InspectFormat.percent(kinds.convParams)) of params   "
                + "fc: \(InspectFormat.percent(kinds.fullyConnectedMemory)) of memory, \(InspectFormat.percent(kinds.fullyConnectedParams)) of params",
             Style.plain),
        ]
        let ellipsis = grid.glyphs.ellipsis
        for (i, (text, style)) in lines.enumerated() {
            grid.write(TextLayout.clip(text, width: area.width, ellipsis: ellipsis), x: area.x, y: area.y + i, style: style, clip: area)
        }
    }

    private func renderMessage(into grid: inout CellGrid, area: Rect) {
        guard let message else { return }
        grid.write(TextLayout.clip(message.text, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: area.y,
                   style: message.isError ? InspectState.errorStyle : InspectState.infoStyle, clip: area)
    }

    private func renderFooter(into grid: inout CellGrid, area: Rect) {
        let bindings: [KeyBinding]
        switch mode {
        case .browse: bindings = keyBindings
        case .edit, .prompt:
            bindings = [KeyBinding("enter", "apply"), KeyBinding("esc", "cancel"), KeyBinding("←→", "move"),
                        KeyBinding("home/end", "jump"), KeyBinding("ctrl-u", "undo"), KeyBinding("backspace", "delete")]
        case .confirm(.overwrite):
            bindings = [KeyBinding("y", "overwrite"), KeyBinding("any other key", "keep the file")]
        case .confirm(.quitUnsaved):
            bindings = [KeyBinding("y", "quit without saving"), KeyBinding("w", "write first"), KeyBinding("any other key", "stay")]
        }
        KeyFooter(bindings, keyStyle: Style(attributes: [.bold, .reverse])).render(into: &grid, area: area)
    }
}
