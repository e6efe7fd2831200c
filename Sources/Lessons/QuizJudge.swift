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

    /// The verdict on `input`. A wrong answer's message is a sentence that starts from what was
    /// typed and says what went wrong: the author's `mistake:` lines first, then the slips the
    /// judge knows by itself (`QuizSlips`), and only then "too large" or "too small".
    public static func judge(_ input: String, quiz: Quiz, evaluator: Evaluator) throws(LessonError) -> Verdict {
        let text = input.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { return .unreadable("type an answer first") }
        switch quiz.kind {
        case .choice:
            let lower = text.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ").] "))
            let index: Int?
            if let n = Int(lower) { index = n - 1 }
            else if lower.count == 1, let a = lower.unicodeScalars.first?.value, a >= 97 { index = Int(a) - 97 }
            else { index = nil }
            guard let index, quiz.choices.indices.contains(index) else {
                return .unreadable("type the letter of a choice (a to \(letter(quiz.choices.count - 1)))")
            }
            let choice = quiz.choices[index]
            if choice.correct { return .right }
            let picked = "\(letter(index))) " + (try choice.text.render(evaluator))
            guard let feedback = choice.feedback else { return .wrong("\(picked) is not the one.") }
            return .wrong("\(picked): " + sentence(try feedback.render(evaluator)))
        case .volume:
            guard case .volume(let want)? = try answer(quiz, evaluator) else { return .unreadable("this quiz has no answer") }
            guard let sides = AnswerParser.volume(text) else { return .unreadable("write a volume as WxHxD, e.g. 32x32x3") }
            if sides.count == 3, sides.allSatisfy({ $0.rounded() == $0 }),
               Volume(width: Int(sides[0]), height: Int(sides[1]), depth: Int(sides[2])) == want {
                return .right
            }
            let got = sides.count == 3 && sides.allSatisfy({ $0.rounded() == $0 }) ? Volume(width: Int(sides[0]), height: Int(sides[1]), depth: Int(sides[2])) : nil
            if let got {
                for m in quiz.mistakes {
                    if try expectedValue(m, evaluator) == .volume(got) { return .wrong("\(text): " + sentence(try render(m.message, evaluator))) }
                }
            }
            if let slip = try QuizSlips.volume(typed: text, sides: sides, want: want, quiz: quiz, evaluator: evaluator) { return .wrong(slip) }
            var parts: [String] = []
            if sides[0] != Double(want.width) || sides[1] != Double(want.height) { parts.append("the width and height are off") }
            if sides.count == 3, sides[2] != Double(want.depth) { parts.append("the depth is off") }
            return .wrong("\(text): " + parts.joined(separator: " and ") + ".")
        case .number:
            guard case .number(let want)? = try answer(quiz, evaluator) else { return .unreadable("this quiz has no answer") }
            guard let got = AnswerParser.number(text) else {
                return .unreadable("write a number: 450, 14,450,688, 14.5M, 350K, or the product 5*5*3")
            }
            var allowed = got.error
            switch quiz.tolerance {
            case .relative(let r)?: allowed = max(allowed, abs(want) * r)
            case .absolute(let c)?: allowed = max(allowed, (try c.evaluate(evaluator)).number ?? 0)
            case nil: break
            }
            func near(_ x: Double) -> Bool { abs(got.value - x) <= allowed + 1e-9 * max(1, abs(x)) }
            if near(want) { return .right }
            for m in quiz.mistakes {
                if case .number(let x) = try expectedValue(m, evaluator), near(x) { return .wrong("\(text): " + sentence(try render(m.message, evaluator))) }
            }
            if let slip = try QuizSlips.number(typed: text, got: got, want: want, near: near, quiz: quiz, evaluator: evaluator) { return .wrong(slip) }
            return .wrong("\(text) is " + (got.value < want ? "too small." : "too large."))
        }
    }

    static func expectedValue(_ m: Quiz.Mistake, _ evaluator: Evaluator) throws(LessonError) -> Value {
        switch m.expected {
        case .volume(let v): return .volume(v)
        case .computed(let c): return try c.evaluate(evaluator)
        }
    }

    static func render(_ lines: [Template], _ evaluator: Evaluator) throws(LessonError) -> String {
        try lines.map { (t) throws(LessonError) in try t.render(evaluator).trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
    }

    /// Feedback reads as a sentence in the player: it ends with a full stop.
    static func sentence(_ s: String) -> String {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard let last = t.last else { return t }
        return ".!?".contains(last) ? t : t + "."
    }
}
