import FuzzSupport
import Testing
@testable import Lessons

/// Mutated lessons through the parser, `lessons check` and `lessons render`: no trap, every problem
/// at a real line and column, and render fails only where check reported a problem.
@Suite struct LessonParserFuzzTests {
    static let seeds = [
        LessonParserTests.lesson,
        """
        # Sizes
        Output: {{ (227 - 11) / 4 + 1 }} wide, {{ alexnet.conv1.output }}, {{ vgg16.total.params | approx }}.
        Memory {{ vgg16.total.bytes | mib }}, ratio {{ 2 / 3 | fixed 2 }}, {{ max(1, 2, 3) * -4 }}, {{ floor(14.5) }}.
        ```net tiny
        input 16x16x3
        conv 4 3x3 pad 1
        maxpool 2x2 stride 2
        fc 10
        ```
        @widget network tiny
        ---
        @quiz volume
        question: What does conv1 give?
        answer: {{ tiny.conv1.output }}
        hint: {{ tiny.conv1.input }} in
        explain: pad 1 keeps {{ tiny.conv1.width }}
        @end
        @quiz choice
        question: Which?
        - [ ] {{ 1e3 }}
        - [x] {{ tiny.fc1.params }}
        explain: fc
        @end
        @quiz number
        question: Params?
        answer: tiny.fc1.params
        tolerance: 5%
        explain: {{ tiny.fc1.weights }} + 10
        @end

        """,
    ]

    @Test func mutatedLessonsCheckAndRenderAlike() {
        var clean = 0, flagged = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 3)
            let text = mutator.mutate(mutator.pick(Self.seeds))
            let errors = LessonChecker.check(text, file: "f.lesson")
            for e in errors {
                #expect(!e.message.isEmpty && e.line >= 1 && e.column >= 1, "case \(index): \(e)")
            }
            let lesson = parse(text, file: "f.lesson").lesson
            do {
                _ = try LessonRenderer.render(lesson)
            } catch {
                #expect(errors.contains(error), "case \(index): render refused what check passed: \(error)")
            }
            if errors.isEmpty { clean += 1 } else { flagged += 1 }
        }
        #expect(clean > 0 && flagged > 0, "clean \(clean), flagged \(flagged)")
    }
}
