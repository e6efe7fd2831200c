import Foundation
import Testing
import ConvEngine
@testable import Lessons

@Suite struct LessonCheckerTests {
    @Test func theRepositoryLessonsPass() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: lessonsDirectory).filter { $0.hasSuffix(".lesson") }.sorted()
        #expect(names.count == 12, "expected the twelve lessons, found \(names)")
        for name in names {
            let path = lessonsDirectory + "/" + name
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let errors = LessonChecker.check(text, file: name)
            #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
            let lesson = parse(text, file: name).lesson
            #expect(lesson.steps.count >= 3, "\(name) has \(lesson.steps.count) steps")
            // Short steps (vimtutor): no step runs past 40 source lines.
            _ = try LessonRenderer.render(lesson)
        }
    }

    @Test func unknownDirectiveIsReportedWithItsLocation() {
        let errors = LessonChecker.check("# T\ntext\n  @wigdet network small\n", file: "bad.lesson")
        #expect(errors.map(\.description) == ["bad.lesson:3:3: unknown directive `@wigdet`; did you mean `@widget`? (directives: @widget, @quiz ... @end, @task ... @end)"])
    }

    @Test func unknownNetworkIsReportedAtTheReference() {
        let text = "# T\n```net small\ninput 32x32x3\nconv 6 5x5\n```\nIt has {{ smal.conv1.params }} params.\n"
        let errors = LessonChecker.check(text, file: "bad.lesson")
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix("bad.lesson:6:11: unknown network `smal`; did you mean `small`?") == true)
    }

    @Test func unknownLayerAndFieldAreReported() {
        let text = "# T\n{{ alexnet.conv9.params }} {{ alexnet.conv1.parms }}\n"
        let errors = LessonChecker.check(text, file: "bad.lesson")
        #expect(errors.count == 2)
        #expect(errors[0].description.hasPrefix("bad.lesson:2:4: network `alexnet` has no layer `conv9`; did you mean `conv1`?"))
        #expect(errors[1].description.hasPrefix("bad.lesson:2:31: unknown layer field `parms`; did you mean `params`?"))
    }

    @Test func badExpressionIsReportedAtTheBadToken() {
        let errors = LessonChecker.check("# T\nSize {{ (227 - 11 / 4 + 1 }}.\n", file: "bad.lesson")
        #expect(errors.map(\.description) == ["bad.lesson:2:27: expected `)` to close the `(` at column 9, found end of expression"])
        let other = LessonChecker.check("# T\n{{ 3 $ 4 }}\n", file: "bad.lesson")
        #expect(other.first?.description.hasPrefix("bad.lesson:2:6: unexpected character `$`") == true)
    }

    @Test func unclosedFenceQuizAndBraces() {
        let fence = LessonChecker.check("# T\ntext\n```net small\ninput 32x32x3\n", file: "bad.lesson")
        #expect(fence.map(\.description) == ["bad.lesson:3:1: unclosed ``` fence: no closing ``` line after the one opened here"])
        let quiz = LessonChecker.check("# T\n@quiz number\nquestion: q\nanswer: 1\nexplain: 1\n", file: "bad.lesson")
        #expect(quiz.map(\.description) == ["bad.lesson:2:1: unclosed `@quiz`: end it with a line `@end`"])
        let braces = LessonChecker.check("# T\nsee {{ 1 + 2\n", file: "bad.lesson")
        #expect(braces.map(\.description) == ["bad.lesson:2:5: unclosed `{{`: close it with `}}` on the same line"])
    }

    @Test func networkProblemsPointIntoTheFence() {
        let text = "# T\n```net bad\ninput 32x32x3\nconv 6 5x5 stride 2\n```\n"
        let errors = LessonChecker.check(text, file: "bad.lesson")
        #expect(errors.count == 1)
        #expect(errors.first?.line == 4)
        #expect(errors.first?.message.contains("14.5 is not a whole number") == true)
    }

    @Test func widgetAndQuizMistakes() {
        let text = """
        # T
        @widget netwrk alexnet
        @widget network nosuchnet
        @widget conv-explorer --input 32x32x3 --fliter 5x5
        @quiz volume
        question: size?
        answer: alexnet.conv1.params
        explain: because
        @end
        ---
        @quiz choice
        question: which?
        - [ ] a -> not a
        - [ ] b -> not b
        explain: x
        @end
        """
        let messages = LessonChecker.check(text, file: "w.lesson").map(\.description)
        #expect(messages.count == 5, "\(messages)")
        #expect(messages[0].hasPrefix("w.lesson:2:1: unknown widget `netwrk`; did you mean `network`?"))
        #expect(messages[1].hasPrefix("w.lesson:3:1: widget `network`: unknown network `nosuchnet`"))
        #expect(messages[2].hasPrefix("w.lesson:4:1: widget `conv-explorer` has no option `--fliter`"))
        #expect(messages[3].hasPrefix("w.lesson:7:9: a volume quiz's answer must be a volume"))
        #expect(messages[4] == "w.lesson:11:1: a choice quiz marks exactly one choice `- [x]` (found 0)")
    }

    @Test func mistakesAndChoiceFeedbackAreChecked() {
        let text = """
        # T
        ```net small
        input 32x32x3
        conv1: conv 6 5x5
        ```
        @quiz number
        question: weights?
        answer: small.conv1.weights
        mistake: 75 that is one filter
        mistake: 450 -> the right answer
        mistake: small.conv1.output -> a volume
        mistake: 456 -> ->
        mistake: smal.conv1.params -> typo
        explain: x
        @end
        ---
        @quiz volume
        question: out?
        answer: small.conv1.output
        mistake: 75 -> a number
        mistake: 28x28x3 -> fine
        explain: x
        @end
        ---
        @quiz choice
        question: which?
        - [ ] a
          - [x] b -> needless
        - [ ] c ->
        mistake: 1 -> misplaced
        explain: x
        @end
        """
        let messages = LessonChecker.check(text, file: "m.lesson").map(\.description)
        #expect(messages == [
            "m.lesson:9:9: a mistake reads `mistake: 75 -> what to tell a student who answers 75`: the arrow and the message are missing",
            "m.lesson:10:10: this mistake is the right answer (450); a mistake is a wrong answer a student might give",
            "m.lesson:11:10: a number quiz's mistake is a number, not the volume 28x28x6",
            "m.lesson:13:10: unknown network `smal`; did you mean `small`?; this lesson declares small (zoo: \(Zoo.names.joined(separator: ", ")))",
            "m.lesson:20:10: a volume quiz's mistake is a volume (`28x28x3` or `net.layer.output`), not the number 75",
            "m.lesson:27:1: choice a) has no feedback: end it with `-> why it is wrong` (what a student who picks it should hear)",
            "m.lesson:28:1: the right choice needs no `->` message: `explain:` says why it is right",
            "m.lesson:29:1: choice c) has no feedback: end it with `-> why it is wrong` (what a student who picks it should hear)",
            "m.lesson:29:11: nothing after `->`: write why this choice is wrong, or drop the arrow",
            "m.lesson:30:10: a choice quiz puts the message on the choice: `- [ ] text -> why it is wrong`, not `mistake:`",
        ], "\(messages.joined(separator: "\n"))")
    }

    /// Lesson 6 once asked two quizzes on one step; the player could only ever ask the first.
    @Test func oneQuizAStep() {
        let text = "# T\n@quiz number\nquestion: a?\nanswer: 1 + 1\nexplain: x\n@end\n  @quiz number\nquestion: b?\nanswer: 3\nexplain: x\n@end\n"
        #expect(LessonChecker.check(text, file: "q.lesson").map(\.description) == [
            "q.lesson:7:3: a step holds one quiz; this is its second: start a new step with a `---` line before it",
        ])
    }

    @Test func networkColumnsAndHiddenCellsAreChecked() {
        let text = "# T\n@widget network alexnet --hide conv9.output\n@widget network alexnet --hide conv1.weights\n@widget network alexnet --columns output,flops --hide conv1.output\n"
        #expect(LessonChecker.check(text, file: "h.lesson").map(\.description) == [
            "h.lesson:2:1: widget `network`: `--hide conv9.output` names no layer of `alexnet`; write layer.column, e.g. conv1.output",
            "h.lesson:3:1: widget `network`: `--hide conv1.weights`: the table shows no `weights` column (it shows output, memory, params)",
            "h.lesson:4:1: widget `network`: `--columns flops` is not one of output, memory, params, weights, biases",
        ])
    }
}
