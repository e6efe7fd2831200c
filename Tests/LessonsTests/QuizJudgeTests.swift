import Testing
@testable import Lessons

@Suite struct QuizJudgeTests {
    let text = """
    # T
    ```net small
    input 32x32x3
    conv 6 5x5
    ```
    @quiz number
    question: params?
    answer: small.conv1.fcAlternative
    explain: x
    @end
    ---
    @quiz volume
    question: out?
    answer: small.conv1.output
    explain: x
    @end
    ---
    @quiz choice
    question: which?
    - [ ] no
    - [x] yes
    explain: x
    @end
    ---
    @quiz number
    question: weights?
    answer: small.conv1.weights
    explain: x
    @end
    """

    func judge(_ input: String, step: Int) throws -> QuizJudge.Verdict {
        let lesson = parse(text).lesson
        return try QuizJudge.judge(input, quiz: lesson.steps[step].quiz!, evaluator: lesson.evaluator)
    }

    @Test func numbersExactOrRoundedWithASuffix() throws {
        #expect(try judge("14,450,688", step: 0) == .right)
        #expect(try judge("14.5M", step: 0) == .right)
        #expect(try judge("~14.45m", step: 0) == .right)
        #expect(try judge("14.6M", step: 0) == .wrong("too large"))
        #expect(try judge("14450000", step: 0) == .wrong("too small"))
        #expect(try judge("lots", step: 0) == .unreadable("write a number: 450, 14,450,688, 14.5M or 350K"))
        // Plain numbers are exact: 456 (with biases) is not the 450 weights.
        #expect(try judge("450", step: 3) == .right)
        #expect(try judge("456", step: 3) == .wrong("too large"))
    }

    @Test func volumesAndChoices() throws {
        #expect(try judge("28x28x6", step: 1) == .right)
        #expect(try judge("[28 x 28 x 6]", step: 1) == .right)
        #expect(try judge("28x28x3", step: 1) == .wrong("the depth is off"))
        #expect(try judge("b", step: 2) == .right)
        #expect(try judge("2", step: 2) == .right)
        #expect(try judge("a", step: 2) == .wrong("not a"))
        #expect(try judge("z", step: 2) == .unreadable("type the letter of a choice (a to b)"))
    }
}
