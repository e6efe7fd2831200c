import ConvEngine
import Lessons

/// A step as the player shows it: prose joined into paragraphs (TextPane wraps them), list items
/// and code on their own lines, and the quiz with whatever the student has unlocked so far.
struct LessonStepText {
    struct QuizView {
        var hintsShown = 0
        var revealed = false
        var answeredRight = false
        var feedback: String?
        var present = false
    }

    static func text(_ step: Step, evaluator: Evaluator, quiz view: QuizView) -> String {
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
                    if out.last != "" { out.append("") }
                } else if trimmed.hasPrefix("- ") || trimmed.hasPrefix("* ") {
                    flush()
                    out.append("  " + trimmed)
                } else {
                    paragraph.append(trimmed)
                }
            case .code(_, let lines):
                flush()
                out += lines.map { "    `" + $0 + "`" }
                out.append("")
            case .widget:
                break
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
