import ConvEngine
import Lessons
import TerminalKit

/// A step as the player shows it: prose joined into paragraphs (TextPane wraps them to the pane,
/// so a source line break inside a paragraph never shows), list items on their own lines with
/// hanging continuation lines, code verbatim, the quiz with whatever the student has unlocked so
/// far, and the task with its mark (green once the engine saw it done).
struct LessonStepText {
    struct QuizView {
        var hintsShown = 0
        var revealed = false
        var answeredRight = false
        var feedback: String?
        var present = false
    }

    static func text(_ step: Step, evaluator: Evaluator, quiz view: QuizView, task run: LessonTaskRun? = nil, widgetName: String? = nil) -> String {
        var out: [String] = []
        var paragraph: [String] = []
        func flush() {
            if !paragraph.isEmpty { out.append(paragraph.joined(separator: " ")) }
            paragraph = []
        }
        func render(_ t: Template) -> String {
            do { return try t.render(evaluator) } catch { return "[\(error.message)]" }
        }
        for block in step.blocks {
            switch block {
            case .heading(let t):
                flush()
                out.append("**" + render(t) + "**")
                out.append("")
            case .text(let t):
                let line = render(t)
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty {
                    flush()
                    if let last = out.last, last != "" { out.append("") }
                } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                    flush()
                    // The item's source continuation lines join it (below), not a new paragraph.
                    paragraph.append("  " + trimmed)
                } else {
                    paragraph.append(trimmed)
                }
            case .code(_, let lines):
                flush()
                // Verbatim: a .net block's indentation is its nesting.
                out += lines.map { String(TextPane.verbatim) + "  " + $0 }
                out.append("")
            case .widget:
                break
            case .task(let t):
                flush()
                if out.last != "" { out.append("") }
                let goal = t.goal.map(render).joined(separator: " ")
                let met = run?.isMet == true
                let mark = met ? "[x]" : "[ ]"
                let stages = run.map { $0.task.stages.count > 1 && !met ? " (\($0.stagesMet) of \($0.task.stages.count) parts seen)" : "" } ?? ""
                let where_ = widgetName.map { $0 == "dashboard" ? " In the dashboard (tab):" : "" } ?? ""
                let line = "\(mark) **Task:**\(where_) \(goal)\(stages)"
                out.append(met ? String(TextPane.ok) + line + String(TextPane.ok) : line)
                if met, !t.done.isEmpty { out.append(t.done.map(render).joined(separator: " ")) }
            case .quiz(let q):
                flush()
                if out.last != "" { out.append("") }
                out.append("**Quiz:** " + q.question.map(render).joined(separator: " "))
                for (i, c) in q.choices.enumerated() { out.append("  \(QuizJudge.letter(i))) " + render(c.text)) }
                for h in q.hints.prefix(view.hintsShown) { out.append("Hint: " + render(h)) }
                if let f = view.feedback { out.append(f) }
                if view.answeredRight || view.revealed {
                    if view.revealed && !view.answeredRight {
                        let answer = (try? QuizJudge.revealed(q, evaluator)) ?? "?"
                        out.append("**Answer:** \(answer)")
                    }
                    out.append("")
                    out += q.explanation.map(render)
                }
            }
        }
        flush()
        while out.last == "" { out.removeLast() }
        return out.joined(separator: "\n")
    }
}
