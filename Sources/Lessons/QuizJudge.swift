import ConvEngine
import Foundation

/// Compares what a student typed with the engine's answer.
public enum QuizJudge {
    public enum Verdict: Hashable, Sendable {
        case right
        case wrong(String)
        /// Not an answer at all (e.g. letters in a number quiz): say how to write one, do not count it.
        case unreadable(String)
    }

    /// The answer for `quiz`, evaluated; nil for choice quizzes.
    public static func answer(_ quiz: Quiz, _ evaluator: Evaluator) throws(LessonError) -> Value? {
        try quiz.answer.map { (c) throws(LessonError) -> Value in try c.evaluate(evaluator) }
    }

    /// The answer as the player reveals it: "14,450,688", "55x55x96", "b) early CONV layers".
    public static func revealed(_ quiz: Quiz, _ evaluator: Evaluator) throws(LessonError) -> String {
        if quiz.kind == .choice {
            guard let i = quiz.choices.firstIndex(where: \.correct) else { return "?" }
            return "\(letter(i))) " + (try quiz.choices[i].text.render(evaluator))
        }
        return try answer(quiz, evaluator).map { ValueFormat.grouped.format($0) } ?? "?"
    }

    /// a, b, ... z; past z (a lesson may list any number of choices) the 1-based number.
    public static func letter(_ i: Int) -> String { (0..<26).contains(i) ? String(UnicodeScalar(UInt8(97 + i))) : String(i + 1) }

    public static func judge(_ input: String, quiz: Quiz, evaluator: Evaluator) throws(LessonError) -> Verdict {
        let text = input.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .unreadable("type an answer first") }
        switch quiz.kind {
        case .choice:
            let lower = text.lowercased()
            let index: Int?
            if let n = Int(lower) { index = n - 1 }
            else if lower.count == 1, let a = lower.unicodeScalars.first?.value, a >= 97 { index = Int(a) - 97 }
            else { index = nil }
            guard let index, quiz.choices.indices.contains(index) else {
                return .unreadable("type the letter of a choice (a to \(letter(quiz.choices.count - 1)))")
            }
            return quiz.choices[index].correct ? .right : .wrong("not \(letter(index))")
        case .volume:
            guard case .volume(let want)? = try answer(quiz, evaluator) else { return .unreadable("this quiz has no answer") }
            guard let got = parseVolume(text) else { return .unreadable("write a volume as WxHxD, e.g. 32x32x3") }
            if got == want { return .right }
            var parts: [String] = []
            if got.width != want.width || got.height != want.height { parts.append("the width and height are off") }
            if got.depth != want.depth { parts.append("the depth is off") }
            return .wrong(parts.joined(separator: " and "))
        case .number:
            guard case .number(let want)? = try answer(quiz, evaluator) else { return .unreadable("this quiz has no answer") }
            guard let (got, precision) = parseNumber(text) else {
                return .unreadable("write a number: 450, 14,450,688, 14.5M or 350K")
            }
            var allowed = precision / 2
            switch quiz.tolerance {
            case .relative(let r)?: allowed = max(allowed, abs(want) * r)
            case .absolute(let c)?: allowed = max(allowed, (try c.evaluate(evaluator)).number ?? 0)
            case nil: break
            }
            if abs(got - want) <= allowed + 1e-9 * max(1, abs(want)) { return .right }
            return .wrong(got < want ? "too small" : "too large")
        }
    }

    /// "55x55x96", "[55 x 55 x 96]", "55*55*96".
    public static func parseVolume(_ text: String) -> Volume? {
        let cleaned = text.lowercased().replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
            .replacingOccurrences(of: "×", with: "x").replacingOccurrences(of: "*", with: "x").replacingOccurrences(of: " ", with: "")
        return Volume.parse(cleaned)
    }

    /// A number and the precision it was written with. Plain numbers are exact (450 is not 456);
    /// with a K/M/G suffix the student rounds, so "14.5M" means 14.45M..14.55M and "350K" 345K..355K.
    public static func parseNumber(_ text: String) -> (Double, Double)? {
        var t = text.lowercased().replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "_", with: "")
            .replacingOccurrences(of: " ", with: "")
        if t.hasPrefix("~") { t.removeFirst() }
        var scale = 1.0
        if let last = t.last, let s = ["k": 1e3, "m": 1e6, "g": 1e9, "b": 1e9][String(last)] {
            scale = s
            t.removeLast()
        }
        guard let value = Double(t), value.isFinite else { return nil }
        guard scale > 1 else { return (value, 0) }
        // Precision: one unit of the last significant digit written.
        var unit = 1.0
        if let dot = t.firstIndex(of: ".") {
            unit = pow(10, -Double(t.distance(from: dot, to: t.endIndex) - 1))
        } else {
            var digits = Substring(t)
            while digits.count > 1, digits.hasSuffix("0") { digits.removeLast(); unit *= 10 }
        }
        return (value * scale, unit * scale)
    }
}
