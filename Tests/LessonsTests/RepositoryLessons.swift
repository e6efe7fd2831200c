import Foundation
@testable import Lessons

/// The repository's lessons, for tests about what they teach: lesson `n` parsed, and a step as a
/// student sees it before answering (prose, widgets as `[name args]`, the quiz's question).
enum RepositoryLessons {
    static func lesson(_ number: Int) throws -> Lesson {
        let name = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory)
            .first { $0.hasPrefix(String(format: "%02d-", number)) && $0.hasSuffix(".lesson") }
        guard let name else { throw LessonError("no lesson \(number)", file: lessonsDirectory, line: 0, column: 0) }
        let text = try String(contentsOfFile: lessonsDirectory + "/" + name, encoding: .utf8)
        return parse(text, file: name).lesson
    }

    static var all: [Lesson] {
        get throws { try (1...12).map { try lesson($0) } }
    }

    /// Step `heading` of lesson `number`.
    static func step(_ number: Int, _ heading: String) throws -> (Lesson, Step) {
        let l = try lesson(number)
        guard let s = l.steps.first(where: { $0.heading == heading }) else {
            throw LessonError("lesson \(number) has no step `## \(heading)`", file: l.file, line: 0, column: 0)
        }
        return (l, s)
    }

    /// The step's text with no quiz answered: what is on screen before the student types.
    static func shown(_ step: Step, in lesson: Lesson) throws -> String {
        try LessonRenderer.renderStep(step, evaluator: lesson.evaluator, showAnswers: false)
    }

    /// Every line of the lesson as rendered with answers (prose, quizzes, hints, explanations).
    static func rendered(_ number: Int) throws -> String {
        try LessonRenderer.render(try lesson(number))
    }

    /// The marked choice of the quiz on step `heading`, as rendered.
    static func markedChoice(_ number: Int, _ heading: String) throws -> String {
        let (l, s) = try step(number, heading)
        guard let q = s.quiz, let c = q.choices.first(where: \.correct) else { return "" }
        return try c.text.render(l.evaluator)
    }

    static func value(_ expression: String, in lesson: Lesson) throws -> Double {
        let e = try ExpressionParser.parse(expression, line: 1, column: 1, file: lesson.file)
        return try lesson.evaluator.evaluate(e).number ?? .nan
    }
}
