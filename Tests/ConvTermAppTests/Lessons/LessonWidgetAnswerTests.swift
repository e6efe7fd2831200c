import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Issue 14 deliver 1, for widgets: a `network` table beside a quiz must not show the quiz's
/// answer until it is answered or revealed. The lesson marks the cells with `--hide layer.column`.
@Suite struct LessonWidgetAnswerTests: LessonPlayerFixture {
    /// How an answer reads in a table cell: `55x55x96`, `3,210`.
    func spelling(_ v: Value) -> String? {
        switch v {
        case .volume(let volume): return volume.description
        case .number(let n): return abs(n) >= 10 ? ValueFormat.grouped.format(v) : nil
        }
    }

    @Test func noNetworkTableShowsTheAnswerOfItsStepsQuiz() throws {
        let library = try LessonLibrary(directory: LessonPlayerTests.directory)
        var checked = 0
        for entry in library.entries {
            let lesson = entry.lesson
            for step in lesson.steps {
                // Every widget drawn as a table beside the text (network, compare, and the training
                // widgets, which show their network's table until tab opens them).
                guard let q = step.quiz, let w = step.widget, LessonWidgetPanel.liveWidget(w, library: lesson.library) == nil,
                      let answer = try QuizJudge.answer(q, lesson.evaluator), let text = spelling(answer) else { continue }
                let table = LessonWidgetPanel.table(w, library: lesson.library, selected: nil, scroll: 0, hiding: LessonWidgetPanel.hidden(w))
                let cells = table.rows.flatMap(\.cells)
                #expect(!cells.contains(text), "\(entry.id) step `\(step.heading ?? "?")`: the \(w.name) table shows the answer \(text)")
                // The memory column rounds ("5.12K"), and the judge takes 5.12K for 5,120.
                if case .number(let n) = answer, n >= 1000 {
                    let rounded = LessonWidgetPanel.approx(Int(n))
                    #expect(!cells.contains(rounded), "\(entry.id) step `\(step.heading ?? "?")`: the \(w.name) table shows the answer as \(rounded)")
                }
                checked += 1
            }
        }
        #expect(checked >= 5)
    }

    /// Lesson 6, step 1: AlexNet's table beside "what is CONV1's output volume?".
    @Test func theHiddenCellAppearsOnceTheQuizIsRevealed() throws {
        var s = try player()
        _ = s.open(lesson: 5, step: 0)
        let before = screen(s, width: 140, height: 40)
        #expect(before.contains("227x227x3"))
        #expect(!before.contains("55x55x96"))
        _ = s.update(.char("r"))
        let after = screen(s, width: 140, height: 40)
        let row = try #require(after.split(separator: "\n").first { $0.contains("conv1") && $0.contains("55x55x96") })
        #expect(row.contains("34,944"))
    }

    /// The live widgets too (explorers, the inspector): the whole screen of every quiz step,
    /// at the three sizes the lessons are played at, pane and full screen, shows no spelling of
    /// the answer before the quiz is answered. The lesson marks the values with `--hide`.
    @Test func noLiveWidgetShowsTheAnswerOfItsStepsQuiz() throws {
        var checked = 0
        let base = try player()
        for (n, entry) in base.library.entries.enumerated() {
            for (i, step) in entry.lesson.steps.enumerated() {
                guard let q = step.quiz, let w = step.widget, ["conv-explorer", "pool-explorer", "inspector"].contains(w.name),
                      let answer = try QuizJudge.answer(q, entry.lesson.evaluator), let text = spelling(answer) else { continue }
                // A volume's width x height (`28x28` next to a question about `28x28x1`) and the
                // explorer's formula result (`= 28`) give it away too.
                var texts = [text]
                if case .volume(let v) = answer { texts += ["\(v.width)x\(v.height)", "= \(v.width)"] }
                for (width, height) in [(80, 24), (120, 40), (200, 60)] {
                    var s = base
                    _ = s.open(lesson: n, step: i)
                    func shows(_ screen: String) -> String? { texts.first { screen.contains($0) } }
                    #expect(shows(screen(s, width: width, height: height)) == nil, "\(entry.id) step \(i + 1) at \(width)x\(height): the \(w.name) shows the answer \(text)")
                    _ = s.update(.tab)
                    _ = s.update(.char("e"))  // the explorer's end: every output cell filled
                    #expect(shows(screen(s, width: width, height: height)) == nil, "\(entry.id) step \(i + 1) at \(width)x\(height), widget focused")
                    _ = s.update(.char("o"))
                    #expect(shows(screen(s, width: width, height: height)) == nil, "\(entry.id) step \(i + 1) at \(width)x\(height), full screen")
                    checked += 1
                }
            }
        }
        #expect(checked >= 3)
    }

    /// Lesson 2, "Sliding gives an activation map": the explorer's output size is `?` until the
    /// quiz is answered, then it is there again.
    @Test func theExplorersOutputComesBackOnceAnswered() throws {
        var s = try player()
        let index = try #require(s.library.entries[1].lesson.steps.firstIndex { $0.widget?.option("hide") == "output" })
        _ = s.open(lesson: 1, step: index)
        let before = screen(s, width: 160, height: 48)
        #expect(!before.contains("28x28x1") && before.contains("32x32x3"))
        _ = s.update(.enter)
        for c in "28x28x1" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(screen(s, width: 160, height: 48).contains("28x28x1"))
    }

    @Test func redactionHidesWholeValuesOnly() {
        var g = CellGrid(width: 40, height: 2)
        g.write("out 28x28x1, 228x28, = 28, 1,280", x: 0, y: 0)
        LessonPaneRedaction.redact(["28x28x1", "28x28", "= 28"], in: &g, area: g.bounds)
        #expect(g.trimmedLines[0] == "out ?      , 228x28, = ? , 1,280")
    }
}
