import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Issue 14 item 7: text that reads well at every size. Every step of every lesson, at the
/// sizes lessons are played at.
@Suite struct LessonReflowTests: LessonPlayerFixture {
    static let sizes = [(80, 24), (120, 40), (200, 60)]

    /// Every step, every size: the footer ends with `? help  q quit`, and "more below" has a row
    /// of its own (nothing of the text is under it).
    @Test func footerAndMoreBelowAtEverySize() throws {
        let base = try player()
        var overflowing = 0
        for (n, entry) in base.library.entries.enumerated() {
            for i in entry.lesson.steps.indices {
                var s = base
                _ = s.open(lesson: n, step: i)
                for (w, h) in Self.sizes {
                    let lines = grid(s, width: w, height: h).trimmedLines
                    #expect(lines[h - 1].hasSuffix("? help  q quit"), "\(entry.id) step \(i + 1) at \(w)x\(h): \(lines[h - 1])")
                    if let row = lines.firstIndex(where: { $0.contains("more below: j") }) {
                        overflowing += 1
                        let before = lines[row].components(separatedBy: "more below: j")[0]
                        // Only the text pane's left border (or the widget pane to the right) may share the row.
                        #expect(before.trimmingCharacters(in: .whitespaces).isEmpty, "\(entry.id) step \(i + 1) at \(w)x\(h): `\(lines[row])`")
                    }
                }
            }
        }
        #expect(overflowing > 0)
        // The home screen too.
        #expect(grid(base, width: 80, height: 24).trimmedLines[23].hasSuffix("q quit"))
    }

    /// A paragraph written over several source lines is one paragraph on screen, a list item's
    /// continuation lines hang under its text, and a .net block keeps its indentation.
    @Test func paragraphsReflowAndListsHang() {
        let text = """
        # T

        This paragraph is written
        over three source lines
        in the file.

        - an item that is long enough to wrap at forty columns,
          continued on a second source line
        - a short one

        ```net blocky
        input 8x8x1
        res: {
          conv 1 3x3 pad 1
        }
        ```
        """
        let lesson = LessonParser.parse(text, file: "t").lesson
        let stepText = LessonStepText.text(lesson.steps[0], evaluator: lesson.evaluator, quiz: .init())
        let lines = TextPane(stepText).lines(width: 40).map { $0.map(\.text).joined() }
        #expect(lines[0] == "This paragraph is written over three")
        #expect(lines[1] == "source lines in the file.")
        #expect(lines[3] == "  - an item that is long enough to wrap")
        #expect(lines[4] == "    at forty columns, continued on a")
        #expect(lines[5] == "    second source line")
        #expect(lines[6] == "  - a short one")
        #expect(lines.contains("    conv 1 3x3 pad 1"))
    }

    @Test func aNarrowFooterDropsTheMiddleNotHelpAndQuit() {
        let keys = [KeyBinding("n", "next"), KeyBinding("p", "prev"), KeyBinding("tab", "into the conv explorer"),
                    KeyBinding("?", "help"), KeyBinding("q", "quit")]
        #expect(KeyFooter(keys, keepingLast: 2).text(width: 30) == "n next  p prev  ? help  q quit")
        #expect(KeyFooter(keys).text(width: 30) == "n next  p prev")
    }

    /// Widgets use the room they have: a table's names whole and its hint line whole beside
    /// every step at 120x40 and 200x60 (compare tables read "alex…", ResNet's "layer3.0.short…").
    @Test func tableNamesAndHintsAreWholeWhenThereIsRoom() throws {
        let base = try player()
        var tables = 0
        for (n, entry) in base.library.entries.enumerated() {
            for (i, step) in entry.lesson.steps.enumerated() {
                guard let w = step.widget, LessonWidgetPanel.liveWidget(w, library: entry.lesson.library) == nil else { continue }
                var s = base
                _ = s.open(lesson: n, step: i)
                let hint = LessonWidgetPanel.hint(w)
                let names = LessonWidgetPanel.table(w, library: entry.lesson.library, selected: nil, scroll: 0).rows.compactMap {
                    $0.cells.first?.trimmingCharacters(in: .whitespaces)
                }
                for (width, height) in [(120, 40), (200, 60)] {
                    let text = screen(s, width: width, height: height)
                    #expect(text.contains(hint), "\(entry.id) step \(i + 1) at \(width)x\(height): the hint is cut")
                    let visible = names.filter { text.contains(" " + $0 + " ") }
                    // The rows on screen (a long table scrolls) show their names whole.
                    #expect(!visible.isEmpty, "\(entry.id) step \(i + 1) at \(width)x\(height): no whole name in the table")
                    // A word cut with "…" that begins a layer or net name: a name was cut.
                    let cut = text.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "│" }).filter { $0.hasSuffix("…") && $0.count > 3 }
                        .map { String($0.dropLast()) }
                    let cutNames = cut.filter { c in names.contains { $0.hasPrefix(c) && $0 != c } }
                    #expect(cutNames.isEmpty, "\(entry.id) step \(i + 1) at \(width)x\(height): cut names \(cutNames)")
                    tables += 1
                }
            }
        }
        #expect(tables > 10)
    }
}
