import ConvEngine

/// An arithmetic expression over numbers and engine references, as written inside `{{ }}`:
/// `(227 - 11) / 4 + 1`, `small.conv1.params`, `vgg16.total.memory * 4`.
public indirect enum Expression: Hashable, Sendable {
    /// A literal, with where it is written (so "division by zero" can point at a `0`).
    case number(Double, SourceLocation)
    /// A dotted path such as `alexnet.conv1.output`; the first segment names a network.
    case reference([String], SourceLocation)
    case negate(Expression)
    case binary(Operator, Expression, Expression)
    /// A built-in function: `min`, `max`, `round`, `floor`, `ceil`.
    case call(String, [Expression], SourceLocation)

    public enum Operator: Character, Hashable, Sendable {
        case add = "+", subtract = "-", multiply = "*", divide = "/"
    }

    /// Every network reference in the expression, for checks and for the README table.
    public var references: [[String]] {
        switch self {
        case .number: return []
        case .reference(let path, _): return [path]
        case .negate(let e): return e.references
        case .binary(_, let l, let r): return l.references + r.references
        case .call(_, let args, _): return args.flatMap(\.references)
        }
    }

    /// `ln` and `exp` are there for the loss: an untrained net's loss is ln(classes), and
    /// softmax is built from exp.
    static let functions: Set<String> = ["min", "max", "round", "floor", "ceil", "ln", "exp"]
}

/// Recursive-descent parser for `Expression`. Columns are absolute in the lesson file, so a bad
/// token inside `{{ }}` is reported exactly where it sits.
struct ExpressionParser {
    enum Token: Hashable {
        case number(Double)
        case path([String])
        case symbol(Character)
        case end
    }

    var tokens: [(Token, Int)] = []
    var index = 0
    let line: Int
    let file: String

    /// Parses `text`, whose first character sits at `column` of `line`.
    static func parse(_ text: String, line: Int, column: Int, file: String) throws(LessonError) -> Expression {
        var parser = ExpressionParser(line: line, file: file)
        try parser.tokenize(text, column: column)
        let e = try parser.sum()
        guard case .end = parser.tokens[parser.index].0 else {
            throw parser.error("unexpected \(parser.describe(parser.tokens[parser.index].0)) after a complete expression; an operator (+ - * /) is missing?", at: parser.tokens[parser.index].1)
        }
        return e
    }

    init(line: Int, file: String) {
        self.line = line
        self.file = file
    }

    func error(_ message: String, at column: Int) -> LessonError {
        LessonError(message, file: file, line: line, column: column)
    }

    func describe(_ t: Token) -> String {
        switch t {
        case .number(let n): return "number \(ValueFormat.grouped.format(.number(n)))"
        case .path(let p): return "`\(p.joined(separator: "."))`"
        case .symbol(let c): return "`\(c)`"
        case .end: return "end of expression"
        }
    }

    mutating func tokenize(_ text: String, column start: Int) throws(LessonError) {
        let chars = Array(text)
        var i = 0
        func isWord(_ c: Character) -> Bool { c.isLetter || c.isNumber || c == "_" || c == "-" }
        while i < chars.count {
            let c = chars[i]
            let col = start + i
            if c == " " || c == "\t" { i += 1; continue }
            if c.isNumber || (c == "." && i + 1 < chars.count && chars[i + 1].isNumber) {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "_" || chars[j] == "e"
                        || ((chars[j] == "-" || chars[j] == "+") && j > i && chars[j - 1] == "e") { j += 1 }
                let literal = String(chars[i..<j]).replacingOccurrences(of: "_", with: "")
                guard let value = Double(literal) else { throw error("`\(String(chars[i..<j]))` is not a number", at: col) }
                guard value.isFinite else {
                    throw error("`\(String(chars[i..<j]))` is too large: numbers go up to about 1.8e308", at: col)
                }
                if j < chars.count, chars[j].isLetter {
                    throw error("`\(String(chars[i...j]))...` mixes a number and a name; write `\(literal) * ...` or a reference like `net.layer.field`", at: col)
                }
                tokens.append((.number(value), col))
                i = j
            } else if c.isLetter || c == "_" {
                // A path: segments of letters, digits, `_` (and `-` inside zoo names like lecture-conv,
                // when followed by a letter: `a - b` with spaces is subtraction).
                var segments: [String] = []
                var current = ""
                var j = i
                while j < chars.count {
                    let d = chars[j]
                    if d.isLetter || d.isNumber || d == "_" {
                        current.append(d)
                    } else if d == "-", !current.isEmpty, j + 1 < chars.count, chars[j + 1].isLetter, segments.isEmpty {
                        current.append(d)
                    } else if d == ".", !current.isEmpty, j + 1 < chars.count, isWord(chars[j + 1]) {
                        segments.append(current)
                        current = ""
                    } else {
                        break
                    }
                    j += 1
                }
                segments.append(current)
                tokens.append((.path(segments), col))
                i = j
            } else if "+-*/(),".contains(c) {
                tokens.append((.symbol(c), col))
                i += 1
            } else {
                throw error("unexpected character `\(c)` in an expression; expressions use numbers, + - * / ( ) and references like `net.layer.field`", at: col)
            }
        }
        tokens.append((.end, start + chars.count))
    }

    var current: (Token, Int) { tokens[index] }

    mutating func sum() throws(LessonError) -> Expression {
        var left = try product()
        while case .symbol(let c) = current.0, c == "+" || c == "-" {
            index += 1
            left = .binary(c == "+" ? .add : .subtract, left, try product())
        }
        return left
    }

    mutating func product() throws(LessonError) -> Expression {
        var left = try unary()
        while case .symbol(let c) = current.0, c == "*" || c == "/" {
            index += 1
            left = .binary(c == "*" ? .multiply : .divide, left, try unary())
        }
        return left
    }

    mutating func unary() throws(LessonError) -> Expression {
        if case .symbol("-") = current.0 {
            index += 1
            return .negate(try unary())
        }
        return try primary()
    }

    mutating func primary() throws(LessonError) -> Expression {
        let (token, column) = current
        switch token {
        case .number(let n):
            index += 1
            return .number(n, SourceLocation(line: line, column: column))
        case .path(let p):
            index += 1
            if p.count == 1, case .symbol("(") = current.0 {
                guard Expression.functions.contains(p[0]) else {
                    throw error("unknown function `\(p[0])`; known: \(Expression.functions.sorted().joined(separator: ", "))", at: column)
                }
                index += 1
                var args: [Expression] = []
                if case .symbol(")") = current.0 {} else {
                    args.append(try sum())
                    while case .symbol(",") = current.0 {
                        index += 1
                        args.append(try sum())
                    }
                }
                guard case .symbol(")") = current.0 else { throw error("expected `)` to close `\(p[0])(`", at: current.1) }
                index += 1
                return .call(p[0], args, SourceLocation(line: line, column: column))
            }
            return .reference(p, SourceLocation(line: line, column: column))
        case .symbol("("):
            index += 1
            let inner = try sum()
            guard case .symbol(")") = current.0 else {
                throw error("expected `)` to close the `(` at column \(column), found \(describe(current.0))", at: current.1)
            }
            index += 1
            return inner
        case .end:
            throw error("the expression ends where a number or a reference should be", at: column)
        default:
            throw error("expected a number or a reference, found \(describe(token))", at: column)
        }
    }
}
