import Foundation

/// Reads what a student typed into a quiz prompt. Students write answers the way the lecture does:
/// `14,450,688`, `14.5M`, `~350K`, the sum itself (`5*5*3`, `(32*32*3)*(28*28*6)`), or a volume
/// (`28x28x6`, `[28 x 28 x 6]`). Kept apart from `Expression`, which reads lesson files: an answer
/// has no references, but it has suffixes, thousands separators and `x` as a multiplication sign.
public enum AnswerParser {
    /// A number and how far from it the student may be, given how it was written: a plain number
    /// is exact (450 is not 456); `14.5M` was rounded to the last digit written, so it stands for
    /// anything within 0.05M of 14.5M. Arithmetic carries the error of its rounded terms along.
    public struct Number: Hashable, Sendable {
        public var value: Double
        public var error: Double

        public init(_ value: Double, error: Double = 0) {
            self.value = value
            self.error = error
        }

        public var isWhole: Bool { value.rounded() == value }
    }

    /// `55x55x96`, `[55 x 55 x 96]`, `55*55*96`, `55 55 96`. Sides are kept as written, fractions
    /// included, so the judge can say why a size of 13.5 cannot be; nil when it is not a volume.
    public static func volume(_ text: String) -> [Double]? {
        var t = text.lowercased()
        for (from, to) in [("[", " "), ("]", " "), ("(", " "), (")", " "), ("×", "x"), ("*", "x"), (",", " ")] {
            t = t.replacingOccurrences(of: from, with: to)
        }
        let separated = t.contains("x") ? t.split(separator: "x", omittingEmptySubsequences: false) : t.split(separator: " ")
        let sides = separated.map { $0.trimmingCharacters(in: .whitespaces) }
        guard (2...3).contains(sides.count) else { return nil }
        let numbers = sides.compactMap { Double($0) }
        guard numbers.count == sides.count, numbers.allSatisfy({ $0.isFinite && $0 > 0 }) else { return nil }
        return numbers
    }

    /// A number, or arithmetic over numbers (`+ - * / x ( )`); nil when it is not one.
    public static func number(_ text: String) -> Number? {
        var reader = Reader(text)
        guard let n = reader.sum(), reader.atEnd, n.value.isFinite else { return nil }
        return n
    }

    /// Recursive descent over the characters; whitespace, `,` and `_` inside numbers are ignored.
    struct Reader {
        var chars: [Character]
        var i = 0

        init(_ text: String) {
            var t = text.lowercased().replacingOccurrences(of: "×", with: "x").filter { $0 != " " && $0 != "\t" }
            if t.hasPrefix("~") { t.removeFirst() }
            if t.hasPrefix("about") { t.removeFirst(5) }
            chars = Array(t)
        }

        var atEnd: Bool { i == chars.count }
        var peek: Character? { i < chars.count ? chars[i] : nil }

        mutating func sum() -> Number? {
            guard var left = product() else { return nil }
            while let c = peek, c == "+" || c == "-" {
                i += 1
                guard let right = product() else { return nil }
                left = Number(c == "+" ? left.value + right.value : left.value - right.value, error: left.error + right.error)
            }
            return left
        }

        mutating func product() -> Number? {
            guard var left = unary() else { return nil }
            while let c = peek, c == "*" || c == "x" || c == "/" {
                i += 1
                guard let right = unary() else { return nil }
                if c == "/" {
                    guard right.value != 0 else { return nil }
                    let q = left.value / right.value
                    left = Number(q, error: (left.error + abs(q) * right.error) / abs(right.value))
                } else {
                    let p = left.value * right.value
                    left = Number(p, error: abs(left.value) * right.error + abs(right.value) * left.error + left.error * right.error)
                }
            }
            return left
        }

        mutating func unary() -> Number? {
            if peek == "-" {
                i += 1
                return unary().map { Number(-$0.value, error: $0.error) }
            }
            if peek == "(" {
                i += 1
                guard let inner = sum(), peek == ")" else { return nil }
                i += 1
                return inner
            }
            return literal()
        }

        /// `14,450,688`, `14.5`, `14.5M`, `350k`, `1.9G` (or `B` for billion).
        mutating func literal() -> Number? {
            var digits = ""
            while let c = peek, c.isNumber || c == "." || c == "," || c == "_" {
                if c != "," && c != "_" { digits.append(c) }
                i += 1
            }
            guard !digits.isEmpty, let value = Double(digits) else { return nil }
            let scales: [Character: Double] = ["k": 1e3, "m": 1e6, "g": 1e9, "b": 1e9]
            guard let c = peek, let scale = scales[c] else { return Number(value) }
            i += 1
            // One unit of the last digit written: "14.5M" is rounded to 0.1M, "350K" to 10K.
            var unit = 1.0
            if let dot = digits.firstIndex(of: ".") {
                unit = pow(10, -Double(digits.distance(from: dot, to: digits.endIndex) - 1))
            } else {
                var d = Substring(digits)
                while d.count > 1, d.hasSuffix("0") { d.removeLast(); unit *= 10 }
            }
            return Number(value * scale, error: unit * scale / 2)
        }
    }
}
