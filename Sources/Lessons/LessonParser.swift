import Foundation
import ConvEngine

/// Reads the lesson format (see lessons/README.md):
///
///     # Title
///     prose with **bold**, `code` and {{ computed.values }}
///     ```net small          <- declares a network the lesson can reference
///     input 32x32x3
///     conv 6 5x5
///     ```
///     @widget conv-explorer --input 32x32x3 --filter 5x5 --filters 6
///     @quiz number
///     question: ...
///     answer: small.conv1.params
///     @end
///     ---                   <- next step
///
/// It keeps going after a problem so `lessons check` reports every one, each at file:line:column.
public struct LessonParser {
    public struct Result: Sendable {
        public var lesson: Lesson
        public var errors: [LessonError]
    }

    public static let directives = ["widget", "quiz", "task", "end"]
    public static let quizKeys = ["question", "answer", "tolerance", "hint", "explain", "mistake"]

    let file: String
    var lines: [Substring]
    var index = 0
    var errors: [LessonError] = []

    public static func parse(_ text: String, file: String) -> Result {
        var parser = LessonParser(file: file, lines: LineEnds.normalized(text).split(separator: "\n", omittingEmptySubsequences: false))
        return parser.run()
    }

    init(file: String, lines: [Substring]) {
        self.file = file
        self.lines = lines
    }

    mutating func fail(_ message: String, line: Int, column: Int = 1) {
        errors.append(LessonError(message, file: file, line: line, column: column))
    }

    mutating func run() -> Result {
        var title = ""
        var steps: [Step] = []
        var networks: [NetDeclaration] = []
        var current = Step(line: 1, blocks: [])

        // The title: the first non-blank line, `# Title`.
        while index < lines.count, lines[index].trimmingCharacters(in: .whitespaces).isEmpty { index += 1 }
        if index < lines.count, lines[index].hasPrefix("# ") {
            title = String(lines[index].dropFirst(2)).trimmingCharacters(in: .whitespaces)
            index += 1
        } else {
            fail("a lesson starts with its title: a line `# Title`", line: min(index + 1, max(1, lines.count)))
        }
        current.line = index + 1

        while index < lines.count {
            let raw = lines[index]
            let number = index + 1
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            index += 1
            if trimmed == "---" {
                steps.append(current)
                current = Step(line: number + 1, blocks: [])
            } else if trimmed.hasPrefix("```") {
                let info = trimmed.dropFirst(3).split(separator: " ").map(String.init)
                let body = fence(openedAt: number)
                if info.first == "net" {
                    guard info.count == 2 else {
                        fail("a ```net fence names its network: ```net small", line: number, column: 4)
                        continue
                    }
                    current.blocks.append(.code(language: "net", lines: body))
                    if let decl = declare(info[1], body, line: number, existing: networks) { networks.append(decl) }
                } else {
                    current.blocks.append(.code(language: info.first ?? "", lines: body))
                }
            } else if trimmed.hasPrefix("@") {
                let column = raw.count - raw.drop(while: { $0 == " " }).count + 1
                let word = String(trimmed.dropFirst().prefix { $0.isLetter || $0 == "-" })
                switch word {
                case "widget":
                    if let w = widget(String(trimmed.dropFirst(7)), line: number, column: column) { current.blocks.append(.widget(w)) }
                case "quiz":
                    if let q = quiz(String(trimmed.dropFirst(5)), line: number, column: column) { current.blocks.append(.quiz(q)) }
                case "task":
                    if let t = task(line: number, column: column) { current.blocks.append(.task(t)) }
                case "end":
                    fail("`@end` without an open `@quiz` or `@task`", line: number, column: column)
                default:
                    let near = closest(word, LessonParser.directives)
                    fail("unknown directive `@\(word)`\(near.map { "; did you mean `@\($0)`?" } ?? "") (directives: @widget, @quiz ... @end, @task ... @end)", line: number, column: column)
                }
            } else if trimmed.hasPrefix("## ") {
                current.blocks.append(.heading(template(String(trimmed.dropFirst(3)), line: number, column: raw.count - trimmed.count + 4)))
            } else {
                current.blocks.append(.text(template(String(raw), line: number, column: 1)))
            }
        }
        steps.append(current)
        // A step of blank lines (e.g. a trailing `---`) is not a step.
        steps = steps.filter { step in
            step.blocks.contains { if case .text(let t) = $0 { return !t.source.trimmingCharacters(in: .whitespaces).isEmpty } else { return true } }
        }
        if steps.isEmpty && errors.isEmpty { fail("the lesson has no steps: write some text after the title", line: 1) }
        return Result(lesson: Lesson(file: file, title: title, steps: steps, networks: networks), errors: errors)
    }

    /// Lines up to the closing ``` (consumed); an unclosed fence is an error at its opening line.
    mutating func fence(openedAt line: Int) -> [String] {
        var body: [String] = []
        while index < lines.count {
            let l = lines[index]
            index += 1
            if l.trimmingCharacters(in: .whitespaces) == "```" { return body }
            body.append(String(l))
        }
        fail("unclosed ``` fence: no closing ``` line after the one opened here", line: line)
        return body
    }

    mutating func declare(_ name: String, _ body: [String], line: Int, existing: [NetDeclaration]) -> NetDeclaration? {
        guard name.first?.isLetter == true, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            fail("network name `\(name)` must be letters, digits and _ (it is used in {{ \(name).layer.field }})", line: line, column: 8)
            return nil
        }
        if existing.contains(where: { $0.name == name }) {
            fail("network `\(name)` is declared twice", line: line, column: 8)
            return nil
        }
        let text = body.joined(separator: "\n")
        do {
            let spec = try SpecParser.parse(text)
            let shapes = NetworkShapes(spec)
            for problem in shapes.problems {
                fail("network `\(name)`: \(problem.message)", line: line + problem.location.line, column: problem.location.column)
            }
            return NetDeclaration(name: name, text: text, spec: spec, shapes: shapes, line: line)
        } catch {
            fail("network `\(name)`: \(error.message)", line: line + error.location.line, column: error.location.column)
            return nil
        }
    }

    /// Splits `{{ expr | format }}` holes out of a line of text starting at `column`.
    mutating func template(_ text: String, line: Int, column: Int) -> Template {
        var parts: [Template.Part] = []
        var rest = Substring(text)
        var offset = column
        while let open = rest.range(of: "{{") {
            let before = rest[..<open.lowerBound]
            if !before.isEmpty { parts.append(.text(String(before))) }
            let exprStart = offset + before.count + 2
            let after = rest[open.upperBound...]
            guard let close = after.range(of: "}}") else {
                fail("unclosed `{{`: close it with `}}` on the same line", line: line, column: offset + before.count)
                parts.append(.text(String(rest[open.lowerBound...])))
                return Template(parts: parts, line: line)
            }
            let inner = String(after[..<close.lowerBound])
            var exprText = inner
            var format = ValueFormat.grouped
            if let bar = inner.firstIndex(of: "|") {
                exprText = String(inner[..<bar])
                let formatText = inner[inner.index(after: bar)...].trimmingCharacters(in: .whitespaces)
                if let f = ValueFormat.parse(formatText) {
                    format = f
                } else {
                    fail("unknown format `\(formatText)` after `|`; formats: approx [digits], plain, mib, fixed [places]", line: line, column: exprStart + inner.distance(from: inner.startIndex, to: bar) + 1)
                }
            }
            let source = exprText.trimmingCharacters(in: .whitespaces)
            let leading = exprText.prefix { $0 == " " }.count
            do {
                let e = try ExpressionParser.parse(exprText, line: line, column: exprStart, file: file)
                parts.append(.value(Computed(expression: e, format: format, source: source, location: SourceLocation(line: line, column: exprStart + leading))))
            } catch {
                if source.isEmpty {
                    fail("empty `{{ }}`: put an expression inside, e.g. {{ small.conv1.params }}", line: line, column: exprStart - 2)
                } else {
                    errors.append(error)
                }
                parts.append(.text("{{\(inner)}}"))
            }
            offset = exprStart + inner.count + 2
            rest = after[close.upperBound...]
        }
        if !rest.isEmpty { parts.append(.text(String(rest))) }
        return Template(parts: parts, line: line)
    }

    mutating func widget(_ text: String, line: Int, column: Int) -> WidgetDirective? {
        let words = text.split(separator: " ").map(String.init)
        guard let name = words.first else {
            fail("`@widget` needs a name: \(WidgetCatalog.names.joined(separator: ", "))", line: line, column: column)
            return nil
        }
        var arguments: [String] = []
        var options: [String: String] = [:]
        var i = 1
        while i < words.count {
            let w = words[i]
            if w.hasPrefix("--") {
                let key = String(w.dropFirst(2))
                if i + 1 < words.count, !words[i + 1].hasPrefix("--") {
                    options[key] = words[i + 1]
                    i += 2
                } else {
                    options[key] = ""
                    i += 1
                }
            } else {
                arguments.append(w)
                i += 1
            }
        }
        return WidgetDirective(name: name, arguments: arguments, options: options, location: SourceLocation(line: line, column: column))
    }

    mutating func quiz(_ header: String, line: Int, column: Int) -> Quiz? {
        let kindWord = header.trimmingCharacters(in: .whitespaces)
        let kind = Quiz.Kind(rawValue: kindWord)
        if kind == nil {
            fail("`@quiz` needs a kind: number, volume or choice (got `\(kindWord)`)", line: line, column: column + 6)
        }
        var quiz = Quiz(kind: kind ?? .number, location: SourceLocation(line: line, column: column), question: [], answer: nil,
                        tolerance: nil, choices: [], hints: [], explanation: [])
        var field = ""
        var closed = false
        while let line = nextBlockLine(closed: &closed) {
            let (raw, number, trimmed, indent) = (line.raw, line.number, line.trimmed, line.indent)
            if trimmed.hasPrefix("- [") && trimmed.count >= 6 && trimmed.dropFirst(4).first == "]" {
                let mark = trimmed.dropFirst(3).first!
                let body = String(trimmed.dropFirst(6))
                // `- [ ] text -> why it is wrong`: the arrow starts the feedback for this choice.
                if let arrow = body.range(of: "->") {
                    let text = template(String(body[..<arrow.lowerBound]).trimmingCharacters(in: .whitespaces), line: number, column: indent + 7)
                    let after = body[arrow.upperBound...]
                    let lead = after.prefix { $0 == " " }.count
                    let feedbackColumn = indent + 7 + body.distance(from: body.startIndex, to: arrow.upperBound) + lead
                    let feedback = template(String(after.dropFirst(lead)), line: number, column: feedbackColumn)
                    if feedback.isEmpty { fail("nothing after `->`: write why this choice is wrong, or drop the arrow", line: number, column: feedbackColumn) }
                    quiz.choices.append(Quiz.Choice(text: text, correct: mark == "x" || mark == "X", feedback: feedback.isEmpty ? nil : feedback))
                } else {
                    let text = template(body, line: number, column: indent + 7)
                    quiz.choices.append(Quiz.Choice(text: text, correct: mark == "x" || mark == "X"))
                }
                field = "choice"
                continue
            }
            if let colon = trimmed.firstIndex(of: ":"), LessonParser.quizKeys.contains(String(trimmed[..<colon])) {
                field = String(trimmed[..<colon])
                let value = String(trimmed[trimmed.index(after: colon)...])
                let valueColumn = indent + field.count + 2
                switch field {
                case "answer":
                    var exprText = value
                    var col = valueColumn
                    // `answer: {{ expr }}` reads like prose; the braces are optional here.
                    if let open = exprText.range(of: "{{"), let close = exprText.range(of: "}}", range: open.upperBound..<exprText.endIndex) {
                        col += exprText.distance(from: exprText.startIndex, to: open.upperBound)
                        exprText = String(exprText[open.upperBound..<close.lowerBound])
                    }
                    do {
                        let e = try ExpressionParser.parse(exprText, line: number, column: col, file: file)
                        quiz.answer = Computed(expression: e, format: .grouped, source: exprText.trimmingCharacters(in: .whitespaces), location: SourceLocation(line: number, column: col + exprText.prefix { $0 == " " }.count))
                    } catch {
                        errors.append(error)
                    }
                case "tolerance":
                    let t = value.trimmingCharacters(in: .whitespaces)
                    if t.hasSuffix("%"), let p = Double(t.dropLast()) {
                        quiz.tolerance = .relative(p / 100)
                    } else {
                        do {
                            let e = try ExpressionParser.parse(value, line: number, column: valueColumn, file: file)
                            quiz.tolerance = .absolute(Computed(expression: e, format: .grouped, source: t, location: SourceLocation(line: number, column: valueColumn)))
                        } catch {
                            errors.append(error)
                        }
                    }
                case "mistake":
                    if let m = mistake(value, kind: quiz.kind, line: number, column: valueColumn) { quiz.mistakes.append(m) }
                default:
                    let t = template(value.hasPrefix(" ") ? String(value.dropFirst()) : value, line: number, column: valueColumn + 1)
                    append(t, to: field, in: &quiz)
                }
                continue
            }
            if field.isEmpty || field == "answer" || field == "tolerance" || field == "choice" {
                let near = trimmed.split(separator: ":").first.flatMap { closest(String($0), LessonParser.quizKeys) }
                fail("inside @quiz, expected `question:`, `answer:`, `tolerance:`, `hint:`, `explain:`, `mistake:` or a choice `- [x] text`\(near.map { "; did you mean `\($0):`?" } ?? "")", line: number, column: indent + 1)
                continue
            }
            // A continuation line of the current field.
            append(template(raw, line: number, column: 1), to: field, in: &quiz)
        }
        if !closed {
            fail("unclosed `@quiz`: end it with a line `@end`", line: line, column: column)
        }
        return quiz
    }

    func append(_ t: Template, to field: String, in quiz: inout Quiz) {
        switch field {
        case "question": quiz.question.append(t)
        case "hint": quiz.hints.append(t)
        case "explain": quiz.explanation.append(t)
        case "mistake": if !quiz.mistakes.isEmpty { quiz.mistakes[quiz.mistakes.count - 1].message.append(t) }
        default: break
        }
    }

    /// `mistake: EXPECTED -> message`, the text after `mistake:` starting at `column`. EXPECTED is
    /// an expression (braces optional), or for a volume quiz a volume written out (`28x28x3`).
    mutating func mistake(_ value: String, kind: Quiz.Kind, line: Int, column: Int) -> Quiz.Mistake? {
        guard let arrow = value.range(of: "->") else {
            fail("a mistake reads `mistake: 75 -> what to tell a student who answers 75`: the arrow and the message are missing", line: line, column: column)
            return nil
        }
        let left = String(value[..<arrow.lowerBound])
        let leftLead = left.prefix { $0 == " " }.count
        let expectedColumn = column + leftLead
        let after = value[arrow.upperBound...]
        let lead = after.prefix { $0 == " " }.count
        let messageColumn = column + value.distance(from: value.startIndex, to: arrow.upperBound) + lead
        let message = template(String(after.dropFirst(lead)), line: line, column: messageColumn)
        if message.isEmpty {
            fail("nothing after `->`: say what the mistake is and how to fix it", line: line, column: messageColumn)
            return nil
        }
        let location = SourceLocation(line: line, column: expectedColumn)
        var exprText = left.trimmingCharacters(in: .whitespaces)
        guard !exprText.isEmpty else {
            fail("a mistake needs the wrong answer before `->`, e.g. `mistake: 75 -> ...`", line: line, column: expectedColumn)
            return nil
        }
        if kind == .volume, let v = Volume.parse(exprText.replacingOccurrences(of: " ", with: "").lowercased()) {
            return Quiz.Mistake(expected: .volume(v), message: [message], location: location)
        }
        var exprColumn = expectedColumn
        if exprText.hasPrefix("{{"), exprText.hasSuffix("}}") {
            exprText = String(exprText.dropFirst(2).dropLast(2))
            exprColumn += 2
        }
        do {
            let e = try ExpressionParser.parse(exprText, line: line, column: exprColumn, file: file)
            let source = exprText.trimmingCharacters(in: .whitespaces)
            let at = SourceLocation(line: line, column: exprColumn + exprText.prefix { $0 == " " }.count)
            return Quiz.Mistake(expected: .computed(Computed(expression: e, format: .grouped, source: source, location: at)), message: [message], location: location)
        } catch {
            errors.append(error)
            return nil
        }
    }

    func closest(_ word: String, _ candidates: [String]) -> String? {
        Evaluator(library: NetworkLibrary(), file: file).nearest(word, in: candidates)
    }
}
