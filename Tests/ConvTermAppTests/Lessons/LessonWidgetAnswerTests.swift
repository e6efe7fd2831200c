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
                guard let q = step.quiz, let w = step.widget, ["network", "compare"].contains(w.name),
                      let answer = try QuizJudge.answer(q, lesson.evaluator), let text = spelling(answer) else { continue }
                let table = LessonWidgetPanel.table(w, library: lesson.library, selected: nil, scroll: 0, hiding: LessonWidgetPanel.hidden(w))
                let cells = table.rows.flatMap(\.cells)
                #expect(!cells.contains(text), "\(entry.id) step `\(step.heading ?? "?")`: the \(w.name) table shows the answer \(text)")
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
}
