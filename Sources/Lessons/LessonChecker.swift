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
            for block in step.blocks {
                switch block {
                case .heading(let t), .text(let t): evaluateAll(t)
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
        q.choices.forEach { evaluateAll($0.text) }
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
        case .choice:
            if q.answer != nil { err("a choice quiz marks its answer with `- [x]`, not `answer:`") }
            if q.choices.count < 2 { err("a choice quiz needs at least two `- [ ]` choices") }
            if q.choices.filter(\.correct).count != 1 { err("a choice quiz marks exactly one choice `- [x]` (found \(q.choices.filter(\.correct).count))") }
        }
        return out
    }
}
