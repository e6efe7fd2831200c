import ConvEngine
import Lessons
import TerminalKit

/// Keeps a live widget from answering the step's quiz. `@widget conv-explorer ... --hide output`
/// (or `@widget inspector NET --hide conv1.output`) names task subjects (`TaskFields`) whose
/// current values the explorer or inspector would print; while the quiz is open, every place the
/// pane shows them reads `?`. The values come from the widget's state, so a student who changes
/// the settings sees the new output hidden too, and sees everything once the quiz is answered.
///
/// It works on the drawn cells rather than inside the widgets: the explorer and the inspector
/// know nothing of lessons, and whatever they print (a title, a formula, a table cell), the
/// redaction finds it.
enum LessonPaneRedaction {
    /// `--hide a,b` of a live widget's directive.
    static func subjects(_ w: WidgetDirective) -> [String] {
        (w.option("hide") ?? "").split(separator: ",").map(String.init)
    }

    /// How a value reads on screen: `28x28x1`, `28x28` and the output-size formula's `= 28` for
    /// a volume, `= 28` and `28` in a table cell for a number.
    static func spellings(_ value: TaskValue) -> [String] {
        switch value {
        case .volume(let v): return [v.description, "\(v.width)x\(v.height)", "= \(v.width)"]
        case .number(let n):
            let text = ValueFormat.grouped.format(.number(n))
            return ["= " + text, text]
        case .word: return []
        }
    }

    /// The texts to hide for `live`'s current state.
    static func needles(_ live: LessonLiveWidget, directive w: WidgetDirective) -> [String] {
        let facts: (String) -> TaskValue?
        switch live.content {
        case .explorer(let app): facts = LessonTaskProbe.facts(app.state)
        case .inspector(let s): facts = LessonTaskProbe.facts(s, name: w.arguments.first ?? s.name)
        case .edges: facts = { _ in nil }
        }
        // Longest first, so `28x28x1` goes before the `28x28` inside it.
        return subjects(w).compactMap(facts).flatMap(spellings).sorted { $0.count > $1.count }
    }

    /// Replaces every whole occurrence of each needle inside `area` with `?` and blanks.
    static func redact(_ needles: [String], in grid: inout CellGrid, area: Rect) {
        guard !needles.isEmpty else { return }
        for y in area.y..<area.maxY {
            var row = (area.x..<area.maxX).map { grid[$0, y].character }
            for needle in needles.map(Array.init) where needle.count <= row.count {
                var x = 0
                while x + needle.count <= row.count {
                    guard Array(row[x..<(x + needle.count)]) == needle, whole(row, x, needle.count) else { x += 1; continue }
                    let keep = needle.first == "=" ? 2 : 0
                    for i in keep..<needle.count {
                        let cellX = area.x + x + i
                        var cell = grid[cellX, y]
                        cell.character = i == keep ? "?" : " "
                        grid[cellX, y] = cell
                        row[x + i] = cell.character
                    }
                    x += needle.count
                }
            }
        }
    }

    /// Not part of a longer number or volume: 28x28 is not inside 228x28, nor 28 inside 1,280.
    static func whole(_ row: [Character], _ start: Int, _ count: Int) -> Bool {
        func joins(_ c: Character?) -> Bool { c.map { $0.isNumber || $0 == "x" || $0 == "," || $0 == "." } ?? false }
        let before = start > 0 ? row[start - 1] : nil
        let after = start + count < row.count ? row[start + count] : nil
        return !joins(before) && !(joins(after) && (after == "x" || after?.isNumber == true || (start + count + 1 < row.count && row[start + count + 1].isNumber)))
    }
}
