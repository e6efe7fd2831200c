import Foundation
import Testing
@testable import Lessons

/// Issue 14, "no answer before the question": a quiz whose answer the student could read off the
/// screen teaches nothing. Everything shown before a quiz is answered (earlier steps of the lesson,
/// the quiz's own step, its question and its hints) must not contain the computed answer.
@Suite struct AnswerBeforeQuestionTests {
    /// How the answer could appear in text: grouped (14,450,688), and rounded the way lessons
    /// write it (14.5M, 350K). 0 and 1 are left out: "pad 0" or "stride 1" are not answers.
    static func spellings(_ value: Value) -> [String] {
        switch value {
        case .volume(let v): return [v.description]
        case .number(let n):
            guard abs(n) >= 2 else { return [] }
            var out = [ValueFormat.grouped.format(value)]
            if abs(n) >= 10_000 {
                for digits in [2, 3] {
                    out.append(ValueFormat.approx(significant: digits).format(value).replacingOccurrences(of: "~", with: ""))
                }
            }
            return out
        }
    }

    /// `needle` as a whole number in `text`: not part of a longer number (111 is in 111x111x96,
    /// not in 1,111).
    static func shows(_ text: String, _ needle: String) -> Bool {
        var search = text[...]
        while let r = search.range(of: needle) {
            let before = r.lowerBound > text.startIndex ? text[text.index(before: r.lowerBound)] : " "
            let after = r.upperBound < text.endIndex ? text[r.upperBound] : " "
            let afterNext = r.upperBound < text.endIndex && text.index(after: r.upperBound) < text.endIndex ? text[text.index(after: r.upperBound)] : " "
            let glued = before.isNumber || ((before == "," || before == ".") && r.lowerBound > text.index(after: text.startIndex) && text[text.index(r.lowerBound, offsetBy: -2)].isNumber)
            let continued = after.isNumber || ((after == "," || after == ".") && afterNext.isNumber)
            if !glued && !continued { return true }
            search = text[r.upperBound...]
        }
        return false
    }

    @Test func spellingsAndWholeNumberMatches() {
        #expect(Self.spellings(.number(14_450_688)) == ["14,450,688", "14M", "14.5M"])
        #expect(Self.shows("gives `111x111x96`", "111"))
        #expect(!Self.shows("1,111 weights", "111"))
        #expect(!Self.shows("3.14", "14"))
    }

    @Test func noStepShowsAQuizAnswerBeforeTheQuiz() throws {
        for lesson in try RepositoryLessons.all {
            let e = lesson.evaluator
            var before = ""
            for step in lesson.steps {
                let screen = try RepositoryLessons.shown(step, in: lesson)
                for q in step.blocks.compactMap({ if case .quiz(let q) = $0 { q } else { nil } }) {
                    guard let answer = try QuizJudge.answer(q, e) else { continue }
                    let hints = try q.hints.map { try $0.render(e) }.joined(separator: "\n")
                    for spelling in Self.spellings(answer) {
                        #expect(!Self.shows(before + screen + hints, spelling),
                                "\(lesson.file):\(q.location.line): the answer \(spelling) is on screen before the quiz asks for it")
                    }
                }
                before += screen
            }
        }
    }
}
