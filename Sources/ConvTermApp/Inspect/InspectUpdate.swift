import Foundation
import ConvEngine
import TerminalKit

/// Side effects `update` asks for; `InspectApp` performs them and reports back, so the state
/// itself never touches the file system (and tests can check what would be written).
public enum InspectEffect: Hashable, Sendable {
    case quit
    /// Write `text` to `path`; with `overwrite` false an existing file must not be replaced.
    case write(path: String, text: String, overwrite: Bool)
}

extension InspectState {
    /// One key in, the new state (in place) and the effects to run out.
    public mutating func update(_ key: Key) -> [InspectEffect] {
        if key == .resize { return [] }
        if showHelp {
            // Any key closes help; it is never also taken as a command.
            showHelp = false
            return []
        }
        switch mode {
        case .browse: return browse(key)
        case .edit(var editor, let target, _): return edit(key, &editor, target)
        case .prompt(let prompt, var editor, _): return answer(key, prompt, &editor)
        case .confirm(let what): return confirm(key, what)
        }
    }

    /// Results of effects, fed back by the app.
    public enum EffectResult: Hashable, Sendable {
        case fileExists(path: String)
        case written(path: String)
        case writeFailed(String)
    }

    public mutating func receive(_ result: EffectResult) {
        switch result {
        case .fileExists(let path):
            mode = .confirm(.overwrite(path: path))
        case .written(let path):
            markWritten(to: path)
            mode = .browse
            message = StatusMessage("wrote \(path)")
        case .writeFailed(let why):
            mode = .browse
            message = StatusMessage("could not write: \(why)", isError: true)
        }
    }

    // MARK: Browsing

    private mutating func browse(_ key: Key) -> [InspectEffect] {
        message = nil
        let last = shapes.rows.count - 1
        switch key {
        case .char("?"): showHelp = true
        case .char("q"), .char("Q"):
            if isModified { mode = .confirm(.quitUnsaved) } else { return [.quit] }
        case .up, .char("k"): selected = max(0, selected - 1)
        case .down, .char("j"): selected = min(last, selected + 1)
        case .pageUp: selected = max(0, selected - 10)
        case .pageDown: selected = min(last, selected + 10)
        case .home: selected = 0
        case .end, .char("G"): selected = last
        case .char("c"):
            convention = convention == .lecture ? .torchinfo : .lecture
            message = StatusMessage("multiply-adds: \(convention == .lecture ? "the lecture's (dot-product multiplies, no bias)" : "torchinfo's (conv: params x output positions)")")
        case .char("e"), .enter: startEdit()
        case .char("a"): startAdd()
        case .char("d"): deleteSelected()
        case .char("u"):
            message = undo() ? StatusMessage("undid the last edit") : StatusMessage("nothing to undo")
        case .char("/"): mode = .prompt(.search, LineEditor(lastSearch), error: nil)
        case .char("n"): search(lastSearch)
        case .char("g"): mode = .prompt(.goTo, LineEditor(), error: nil)
        case .char("i"): mode = .prompt(.input, LineEditor(shapes.spec.input.description), error: nil)
        case .char("w"): mode = .prompt(.writePath, LineEditor(sourcePath ?? "\(name).net"), error: nil)
        case .char("m"):
            if mark == selected {
                mark = nil
                message = StatusMessage("comparison cleared")
            } else {
                mark = selected
                message = StatusMessage("marked \(selectedRow.name): select another layer to compare")
            }
        case .char("x"):
            // Jump to the next layer that does not fit, the quickest way to the red rows.
            if let next = problemRows.first(where: { $0 > selected }) ?? problemRows.first {
                selected = next
            } else {
                message = StatusMessage("every layer fits")
            }
        default: break
        }
        return []
    }

    private mutating func startEdit() {
        guard let line = lineIndex(ofRow: selected) else {
            message = StatusMessage("this row has no line of its own to edit", isError: true)
            return
        }
        // Only the layer's words are edited: typing at the end must not land inside a comment,
        // where it would silently do nothing. The comment is put back on submit.
        let indent = InspectState.indentation(of: lines[line])
        let (code, _) = InspectState.splitComment(String(lines[line].dropFirst(indent.count)))
        mode = .edit(LineEditor(code), .replace(line: line), error: nil)
    }

    private mutating func startAdd() {
        guard let line = lineIndex(ofRow: selected) else { return }
        // After a block, the new layer goes after its closing brace, not inside it.
        let end = selectedRow.isBlock ? (blockEnd(fromLine: line) ?? line) : line
        let indent = InspectState.indentation(of: lines[line])
        // The selected layer's own line (without its name, which must stay unique) is the template.
        let template = selected == 0 ? "conv 16 3x3 pad 1" : LayerSpec(selectedRow.kind!).lineText.replacingOccurrences(of: " {", with: "")
        mode = .edit(LineEditor(template), .insert(before: end + 1, indent: indent), error: nil)
    }

    private mutating func deleteSelected() {
        guard selected > 0 else {
            message = StatusMessage("the input line cannot be deleted; press i to change the input size", isError: true)
            return
        }
        guard let line = lineIndex(ofRow: selected) else { return }
        let end = selectedRow.isBlock ? (blockEnd(fromLine: line) ?? line) : line
        let gone = selectedRow.name
        var newLines = lines
        newLines.removeSubrange(line...end)
        if let error = apply(newLines) {
            message = StatusMessage("cannot delete \(gone): \(error.message)", isError: true)
        } else {
            message = StatusMessage("deleted \(gone) (u undoes)")
        }
    }

    // MARK: Line editor

    private mutating func edit(_ key: Key, _ editor: inout LineEditor, _ target: EditTarget) -> [InspectEffect] {
        switch editor.handle(key) {
        case .cancelled:
            mode = .browse
        case .submitted:
            let typed = editor.text
            var newLines = lines
            let lineIndex: Int
            switch target {
            case .replace(let line):
                let indent = InspectState.indentation(of: lines[line])
                let (_, comment) = InspectState.splitComment(String(lines[line].dropFirst(indent.count)))
                newLines[line] = indent + typed + comment
                lineIndex = line
            case .insert(let before, let indent):
                guard !typed.trimmingCharacters(in: .whitespaces).isEmpty else {
                    mode = .browse
                    return []
                }
                newLines.insert(indent + typed, at: min(before, newLines.count))
                lineIndex = min(before, newLines.count - 1)
            }
            if let error = apply(newLines, select: lineIndex) {
                // Keep the editor open: the message says what is wrong and where on the line.
                let column = error.location.line == lineIndex + 1
                    ? " (column \(max(1, error.location.column - InspectState.indentation(of: newLines[lineIndex]).count)))" : " (line \(error.location.line))"
                mode = .edit(editor, target, error: error.message + column)
            } else {
                mode = .browse
                if let p = shapes.rows[selected].problem {
                    message = StatusMessage("\(selectedRow.name) does not fit: \(p)", isError: true)
                } else {
                    message = StatusMessage("applied; every shape recomputed (u undoes)")
                }
            }
        default:
            if case .edit(_, _, let error) = mode { mode = .edit(editor, target, error: error) }
        }
        return []
    }

    // MARK: Prompts

    private mutating func answer(_ key: Key, _ prompt: Prompt, _ editor: inout LineEditor) -> [InspectEffect] {
        switch editor.handle(key) {
        case .cancelled:
            mode = .browse
            return []
        case .submitted:
            let typed = editor.text.trimmingCharacters(in: .whitespaces)
            switch prompt {
            case .search:
                mode = .browse
                lastSearch = typed
                search(typed)
            case .goTo:
                if let row = find(layer: typed) {
                    selected = row
                    mode = .browse
                } else {
                    mode = .prompt(prompt, editor, error: "no layer `\(typed)`: type a name such as \(shapes.rows.last?.name ?? "conv1") or a row number 0-\(shapes.rows.count - 1)")
                }
            case .input:
                guard let volume = Volume.parse(typed, defaultDepth: shapes.spec.input.depth) else {
                    mode = .prompt(prompt, editor, error: "want WxHxD (or WxH keeping the depth) with positive whole numbers, e.g. 64x64x3")
                    return []
                }
                if let error = changeInput(to: volume) {
                    mode = .prompt(prompt, editor, error: error)
                } else {
                    mode = .browse
                }
            case .writePath:
                guard !typed.isEmpty else {
                    mode = .prompt(prompt, editor, error: "type a file name, e.g. \(name).net")
                    return []
                }
                mode = .browse
                return [.write(path: typed, text: text, overwrite: false)]
            }
        default:
            if case .prompt(_, _, let error) = mode { mode = .prompt(prompt, editor, error: error) }
        }
        return []
    }

    /// The `i` key's work: rewrites the input line and recomputes every shape. Returns an error
    /// message when the text no longer parses (it always should: only the size changes).
    public mutating func changeInput(to volume: Volume) -> String? {
        guard let line = lineIndex(ofRow: 0) else { return "the spec has no input line" }
        var newLines = lines
        newLines[line] = InspectState.indentation(of: lines[line]) + "input \(volume)"
        if let error = apply(newLines) { return error.message }
        let bad = problemRows.count
        message = StatusMessage("input \(volume): every shape recomputed"
            + (bad > 0 ? "; \(bad) layer\(bad == 1 ? " does" : "s do") not fit (x jumps to them)" : ""), isError: bad > 0)
        return nil
    }

    /// "conv 8 5x5   # note" -> ("conv 8 5x5", "   # note"): the comment keeps its spacing.
    static func splitComment(_ line: String) -> (code: String, comment: String) {
        guard let hash = line.firstIndex(of: "#") else { return (line, "") }
        var codeEnd = hash
        while codeEnd > line.startIndex, line[line.index(before: codeEnd)] == " " { codeEnd = line.index(before: codeEnd) }
        return (String(line[..<codeEnd]), String(line[codeEnd...]))
    }

    /// A row by number (as shown in the # column) or by name: exact first, then a prefix, then a substring.
    func find(layer query: String) -> Int? {
        if let n = Int(query) { return shapes.rows.indices.contains(n) ? n : nil }
        let q = query.lowercased()
        guard !q.isEmpty else { return nil }
        let names = shapes.rows.map { $0.name.lowercased() }
        return names.firstIndex(of: q) ?? names.firstIndex { $0.hasPrefix(q) } ?? names.firstIndex { $0.contains(q) }
    }

    /// Next row after the selection (wrapping) whose name or line contains `query`.
    mutating func search(_ query: String) {
        let q = query.lowercased()
        guard !q.isEmpty else {
            message = StatusMessage("type / and a word to search for")
            return
        }
        let n = shapes.rows.count
        for offset in 1...n {
            let i = (selected + offset) % n
            let row = shapes.rows[i]
            let line = lineIndex(ofRow: i).map { lines[$0].lowercased() } ?? ""
            if row.name.lowercased().contains(q) || line.contains(q) {
                selected = i
                message = StatusMessage("found `\(query)` at \(row.name) (n: next)")
                return
            }
        }
        message = StatusMessage("`\(query)` is not in any layer name or line", isError: true)
    }

    // MARK: Questions

    private mutating func confirm(_ key: Key, _ what: Confirmation) -> [InspectEffect] {
        switch (what, key) {
        case (.overwrite(let path), .char("y")), (.overwrite(let path), .char("Y")):
            mode = .browse
            return [.write(path: path, text: text, overwrite: true)]
        case (.overwrite, _):
            mode = .browse
            message = StatusMessage("not written: press w and give another name")
        case (.quitUnsaved, .char("y")), (.quitUnsaved, .char("Y")), (.quitUnsaved, .char("q")):
            return [.quit]
        case (.quitUnsaved, .char("w")):
            mode = .prompt(.writePath, LineEditor(sourcePath ?? "\(name).net"), error: nil)
        case (.quitUnsaved, _):
            mode = .browse
        }
        return []
    }
}
