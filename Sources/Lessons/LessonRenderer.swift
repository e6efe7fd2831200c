import ConvEngine

/// `convterm lessons render FILE`: the lesson as plain text, every expression evaluated and every
/// quiz with its computed answer, for instructors to review or print.
public enum LessonRenderer {
    public static func render(_ lesson: Lesson) throws(LessonError) -> String {
        let e = lesson.evaluator
        var out = "# \(lesson.title)\n"
        for (i, step) in lesson.steps.enumerated() {
            out += "\n--- step \(i + 1) of \(lesson.steps.count) ---\n"
            out += try renderStep(step, evaluator: e, showAnswers: true)
        }
        return out
    }

    /// One step's text; quizzes show their answers and explanations when `showAnswers`.
    public static func renderStep(_ step: Step, evaluator e: Evaluator, showAnswers: Bool) throws(LessonError) -> String {
        var out = ""
        for block in step.blocks {
            switch block {
            case .heading(let t): out += "\n## " + (try t.render(e)) + "\n"
            case .text(let t): out += (try t.render(e)) + "\n"
            case .code(let language, let lines):
                out += "```\(language == "net" ? "" : language)\n" + lines.map { $0 + "\n" }.joined() + "```\n"
            case .widget(let w):
                out += "[\(w.name)\(w.arguments.isEmpty ? "" : " " + w.arguments.joined(separator: " "))"
                out += w.options.sorted { $0.key < $1.key }.map { " --\($0.key) \($0.value)" }.joined() + "]\n"
            case .quiz(let q):
                out += "\nQuiz (\(q.kind.rawValue)): " + (try q.question.map { (t) throws(LessonError) in try t.render(e) }.joined(separator: "\n")) + "\n"
                for (i, c) in q.choices.enumerated() {
                    out += "  \(QuizJudge.letter(i))) " + (try c.text.render(e)) + "\n"
                }
                guard showAnswers else { break }
                for h in q.hints { out += "Hint: " + (try h.render(e)) + "\n" }
                out += "Answer: " + (try QuizJudge.revealed(q, e)) + "\n"
                if !q.explanation.isEmpty {
                    out += "Why: " + (try q.explanation.map { (t) throws(LessonError) in try t.render(e) }.joined(separator: " ")) + "\n"
                }
            case .task(let t):
                out += "\nTask: " + (try t.goal.map { (t) throws(LessonError) in try t.render(e) }.joined(separator: " ")) + "\n"
                guard showAnswers else { break }
                for (i, stage) in t.stages.enumerated() {
                    out += (i == 0 ? "Checked: " : "Then: ") + stage.map { "\($0.subject) \($0.op.rawValue) \($0.value)" }.joined(separator: " and ") + "\n"
                }
                if !t.done.isEmpty {
                    out += "Once done: " + (try t.done.map { (t) throws(LessonError) in try t.render(e) }.joined(separator: " ")) + "\n"
                }
            }
        }
        return out
    }
}
