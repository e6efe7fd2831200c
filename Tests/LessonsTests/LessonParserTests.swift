import Foundation
import Testing
@testable import Lessons

@Suite struct LessonParserTests {
    static let lesson = """
    # Convolution
    A 5x5 filter on 32x32x3 gives {{ small.conv1.output }}.
    ```net small
    input 32x32x3
    conv 6 5x5
    ```
    ---
    @quiz number
    question: How many parameters?
    answer: small.conv1.params
    explain: 6 x (5 x 5 x 3 + 1)
    @end
    ---
    Done.

    """

    @Test func crlfLessonsParseLikeLFLessons() throws {
        let crlf = Self.lesson.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Array(crlf.utf8).filter { $0 == 13 }.count == 14)
        let lf = parse(Self.lesson, file: "c.lesson")
        let result = parse(crlf, file: "c.lesson")
        #expect(result.errors.isEmpty, "\(result.errors)")
        #expect(result.lesson.title == "Convolution")
        #expect(result.lesson.steps.count == 3)
        #expect(result.lesson.steps.count == lf.lesson.steps.count)
        #expect(LessonChecker.check(crlf, file: "c.lesson").isEmpty)
        #expect(try LessonRenderer.render(result.lesson) == LessonRenderer.render(lf.lesson))
    }

    /// Found by fuzzing: `}}` before `{{` made an inverted range (a trap) in `lessons check`.
    @Test func anAnswerWithBracesTheWrongWayRoundIsAnError() {
        let text = "# T\nx\n@quiz number\nquestion: q\nanswer: }} 3 {{\nexplain: e\n@end\n"
        let errors = LessonChecker.check(text, file: "q.lesson")
        #expect(errors.map(\.description) == [
            "q.lesson:3:1: the quiz has no `answer:` expression (the engine computes it)",
            "q.lesson:5:9: unexpected character `}` in an expression; expressions use numbers, + - * / ( ) and references like `net.layer.field`"])
    }

    @Test func crlfErrorsPointWhereLFErrorsPoint() {
        let errors = LessonChecker.check("# T\r\n{{ alexnet.conv9.params }}\r\n", file: "bad.lesson")
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix("bad.lesson:2:4: network `alexnet` has no layer `conv9`") == true, "\(errors)")
    }
}
