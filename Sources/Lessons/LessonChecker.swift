import ConvEngine

/// What `convterm lessons check` does to one file: parse, build every network, evaluate every
/// expression, validate widgets and quizzes. Returns every problem found, in file order.
public enum LessonChecker {
    public static func check(_ text: String, file: String) -> [LessonError] {
        let result = LessonParser.parse(text, file: file)
        var errors = result.errors
        let lesson = result.lesson
        let evaluator = lesson.evaluator
        // Exactly what `render` runs (evaluate, then format), so whatever renders passes here and
        // whatever render refuses is reported here, at the same place.
        func evaluate(_ c: Computed) -> Value? {
            do {
                let value = try c.evaluate(evaluator)
                _ = c.format.format(value)
                return value
            } catch {
                errors.append(error)
                return nil
            }
        }
        func evaluateAll(_ t: Template) { for c in t.computed { _ = evaluate(c) } }
        for step in lesson.steps {
            // The player asks one quiz a step and keeps one result per step (progress, "open" marks).
            for case .quiz(let extra) in step.blocks.dropFirst(step.blocks.firstIndex { if case .quiz = $0 { true } else { false } }.map { $0 + 1 } ?? step.blocks.count) {
                errors.append(LessonError("a step holds one quiz; this is its second: start a new step with a `---` line before it", file: file, at: extra.location))
            }
            // One task a step, like quizzes: progress keeps one task result per step.
            let tasks = step.blocks.compactMap { if case .task(let t) = $0 { t } else { nil } }
            for extra in tasks.dropFirst() {
                errors.append(LessonError("a step holds one task; this is its second: start a new step with a `---` line before it", file: file, at: extra.location))
            }
            for block in step.blocks {
                switch block {
                case .heading(let t), .text(let t): evaluateAll(t)
                case .task(let t):
                    t.goal.forEach(evaluateAll)
                    t.done.forEach(evaluateAll)
                    errors += TaskFields.problems(t, widget: step.widget, library: lesson.library, file: file)
                case .code: break
                case .widget(let w): errors += WidgetCatalog.problems(w, library: lesson.library, file: file)
                case .quiz(let q): errors += problems(q, evaluate: evaluate, evaluateAll: evaluateAll, file: file)
                }
            }
        }
        return errors.sorted { ($0.line, $0.column) < ($1.line, $1.column) }
    }

    static func problems(_ q: Quiz, evaluate: (Computed) -> Value?, evaluateAll: (Template) -> Void, file: String) -> [LessonError] {
        var out: [LessonError] = []
        func err(_ m: String) { out.append(LessonError(m, file: file, at: q.location)) }
        q.question.forEach(evaluateAll)
        q.hints.forEach(evaluateAll)
        q.explanation.forEach(evaluateAll)
        q.choices.forEach { evaluateAll($0.text); $0.feedback.map(evaluateAll) }
        q.mistakes.forEach { $0.message.forEach(evaluateAll) }
        if q.question.isEmpty { err("the quiz has no `question:`") }
        if q.explanation.isEmpty { err("the quiz has no `explain:` (spell out the computation the answer comes from)") }
        switch q.kind {
        case .number, .volume:
            if !q.choices.isEmpty { err("a \(q.kind.rawValue) quiz has no choices; use `@quiz choice`") }
            guard let answer = q.answer else { err("the quiz has no `answer:` expression (the engine computes it)"); break }
            switch (q.kind, evaluate(answer)) {
            case (.number, .volume(let v)?):
                out.append(LessonError("a number quiz's answer is the volume \(v); use `@quiz volume` or pick `.width`/`.depth`/`.count`", file: file, at: answer.location))
            case (.volume, .number?):
                out.append(LessonError("a volume quiz's answer must be a volume such as `net.layer.output`", file: file, at: answer.location))
            default: break
            }
            if case .absolute(let t)? = q.tolerance, let v = evaluate(t), v.number == nil {
                out.append(LessonError("a tolerance is a number or a percentage", file: file, at: t.location))
            }
            let right = evaluate(answer)
            for m in q.mistakes {
                let expected: Value?
                switch m.expected {
                case .volume(let v): expected = .volume(v)
                case .computed(let c): expected = evaluate(c)
                }
                switch (q.kind, expected) {
                case (.number, .volume(let v)?):
                    out.append(LessonError("a number quiz's mistake is a number, not the volume \(v)", file: file, at: m.location))
                case (.volume, .number(let n)?):
                    out.append(LessonError("a volume quiz's mistake is a volume (`28x28x3` or `net.layer.output`), not the number \(Value.number(n))", file: file, at: m.location))
                case (_, let e?) where e == right:
                    out.append(LessonError("this mistake is the right answer (\(e)); a mistake is a wrong answer a student might give", file: file, at: m.location))
                default: break
                }
            }
        case .choice:
            if q.answer != nil { err("a choice quiz marks its answer with `- [x]`, not `answer:`") }
            if q.choices.count < 2 { err("a choice quiz needs at least two `- [ ]` choices") }
            if q.choices.filter(\.correct).count != 1 { err("a choice quiz marks exactly one choice `- [x]` (found \(q.choices.filter(\.correct).count))") }
            if let m = q.mistakes.first {
                out.append(LessonError("a choice quiz puts the message on the choice: `- [ ] text -> why it is wrong`, not `mistake:`", file: file, at: m.location))
            }
            // "Not quite: b is not b." teaches nothing: each wrong choice says why it is wrong.
            for (i, c) in q.choices.enumerated() {
                let at = SourceLocation(line: c.text.line, column: 1)
                if !c.correct, c.feedback == nil {
                    out.append(LessonError("choice \(QuizJudge.letter(i))) has no feedback: end it with `-> why it is wrong` (what a student who picks it should hear)", file: file, at: at))
                }
                if c.correct, c.feedback != nil {
                    out.append(LessonError("the right choice needs no `->` message: `explain:` says why it is right", file: file, at: at))
                }
            }
        }
        return out
    }
}
