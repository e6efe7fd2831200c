import ConvEngine

/// `@task ... @end` (see `LessonTask`). Conditions are parsed here, where the columns are known;
/// whether a subject exists on the step's widget is `TaskFields`'s check, once the step is whole.
extension LessonParser {
    public static let taskKeys = ["goal", "check", "then", "done"]

    mutating func task(line: Int, column: Int) -> LessonTask? {
        var task = LessonTask(location: SourceLocation(line: line, column: column), goal: [], stages: [], done: [])
        var field = ""
        var closed = false
        while let line = nextBlockLine(closed: &closed) {
            let (raw, number, trimmed, indent) = (line.raw, line.number, line.trimmed, line.indent)
            if let colon = trimmed.firstIndex(of: ":"), LessonParser.taskKeys.contains(String(trimmed[..<colon])) {
                field = String(trimmed[..<colon])
                let value = String(trimmed[trimmed.index(after: colon)...])
                let valueColumn = indent + field.count + 2
                switch field {
                case "check", "then":
                    if field == "then" && task.stages.isEmpty {
                        fail("`then:` comes after a `check:` line: the first stage is `check:`", line: number, column: indent + 1)
                    }
                    if let stage = conditions(value, line: number, column: valueColumn) { task.stages.append(stage) }
                case "goal":
                    task.goal.append(template(value.hasPrefix(" ") ? String(value.dropFirst()) : value, line: number, column: valueColumn + 1))
                default:
                    task.done.append(template(value.hasPrefix(" ") ? String(value.dropFirst()) : value, line: number, column: valueColumn + 1))
                }
                continue
            }
            if field == "goal" || field == "done" {
                // A continuation line of the goal or of the done text.
                let t = template(raw, line: number, column: 1)
                if field == "goal" { task.goal.append(t) } else { task.done.append(t) }
                continue
            }
            let near = trimmed.split(separator: ":").first.flatMap { closest(String($0), LessonParser.taskKeys) }
            fail("inside @task, expected `goal:`, `check:`, `then:` or `done:`\(near.map { "; did you mean `\($0):`?" } ?? "")", line: number, column: indent + 1)
        }
        if !closed { fail("unclosed `@task`: end it with a line `@end`", line: line, column: column) }
        return task
    }

    /// `conv1.output = 16x16x32 and conv1.params < 2000`, starting at `column` of `line`.
    mutating func conditions(_ text: String, line: Int, column: Int) -> [TaskCondition]? {
        var out: [TaskCondition] = []
        var offset = column
        var ok = true
        for part in text.components(separatedBy: " and ") {
            defer { offset += part.count + 5 }
            let lead = part.prefix { $0 == " " }.count
            let body = part.trimmingCharacters(in: .whitespaces)
            let at = offset + lead
            if body.isEmpty {
                fail("an empty condition: write `SUBJECT OP VALUE`, e.g. `stride = 2`", line: line, column: at)
                ok = false
                continue
            }
            guard let (op, range) = TaskCondition.Operator.allCases.lazy.compactMap({ op in body.range(of: op.rawValue).map { (op, $0) } }).first else {
                fail("`\(body)` has no comparison: write `SUBJECT OP VALUE` with one of = != < <= > >=", line: line, column: at)
                ok = false
                continue
            }
            let subject = body[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let valueText = body[range.upperBound...].trimmingCharacters(in: .whitespaces)
            let valueColumn = at + body.distance(from: body.startIndex, to: range.upperBound) + body[range.upperBound...].prefix { $0 == " " }.count
            if subject.isEmpty || subject.contains(" ") {
                fail("`\(subject)` is not a subject: one word such as `stride` or `conv1.output` before `\(op.rawValue)`", line: line, column: at)
                ok = false
                continue
            }
            if valueText.isEmpty || valueText.contains(" ") {
                fail("after `\(op.rawValue)` comes one value: a number (0.02), a volume (16x16x32) or a word (yes, conv1)", line: line, column: valueColumn)
                ok = false
                continue
            }
            out.append(TaskCondition(subject: subject, op: op, value: .parse(valueText),
                                     location: SourceLocation(line: line, column: at),
                                     valueLocation: SourceLocation(line: line, column: valueColumn)))
        }
        return ok ? out : nil
    }
}
