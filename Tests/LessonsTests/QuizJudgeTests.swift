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
    mistake: 28x28x3 -> one map per filter: the depth is the number of filters
    explain: x
    @end
    ---
    @quiz choice
    question: which?
    - [ ] no -> pooling takes a maximum: nothing to learn
    - [x] yes
    explain: x
    @end
    ---
    @quiz number
    question: weights?
    answer: small.conv1.weights
    explain: x
    @end
    ---
    ```net stack
    input 32x32x3
    conv1: conv 6 5x5
    conv2: conv 10 5x5
    ```
    @quiz number
    question: weights of one conv2 filter?
    answer: stack.conv2.weights / stack.conv2.depth
    mistake: 75 -> that is a depth-3 filter; conv2's input has depth {{ stack.conv1.depth }}
    explain: x
    @end
    ---
    @quiz number
    question: conv1 params?
    answer: small.conv1.params
    explain: x
    @end
    ---
    ```net seven
    input 7x7x1
    conv1: conv 1 3x3 stride 2
    ```
    @quiz number
    question: width?
    answer: seven.conv1.width
    explain: x
    @end
    ---
    @quiz number
    question: forward bytes?
    answer: small.total.bytes
    explain: x
    @end
    ---
    @quiz number
    question: forward values?
    answer: small.total.memory
    explain: x
    @end
    ---
    ```net head
    input 7x7x512
    fc6: fc 4096
    box: fc 4
    pool: maxpool 2x2 stride 2
    ```
    @quiz number
    question: box params?
    answer: head.box.params
    explain: x
    @end
    ---
    @quiz volume
    question: pooled?
    answer: pooled.pool1.output
    explain: x
    @end
    ```net pooled
    input 24x24x10
    pool1: maxpool 2x2 stride 2
    ```
    """

    func judge(_ input: String, step: Int) throws -> QuizJudge.Verdict {
        let lesson = parse(text).lesson
        return try QuizJudge.judge(input, quiz: lesson.steps[step].quiz!, evaluator: lesson.evaluator)
    }

    func message(_ input: String, step: Int) throws -> String {
        guard case .wrong(let m) = try judge(input, step: step) else { return "" }
        return m
    }

    @Test func numbersExactOrRoundedWithASuffix() throws {
        #expect(try judge("14,450,688", step: 0) == .right)
        #expect(try judge("14.5M", step: 0) == .right)
        #expect(try judge("~14.45m", step: 0) == .right)
        #expect(try judge("14.6M", step: 0) == .wrong("14.6M is too large."))
        #expect(try judge("lots", step: 0) == .unreadable("write a number: 450, 14,450,688, 14.5M, 350K, or the product 5*5*3"))
        // Plain numbers are exact: 456 (with biases) is not the 450 weights.
        #expect(try judge("450", step: 3) == .right)
        #expect(try judge("500", step: 3) == .wrong("500 is too large."))
    }

    @Test func answersTypedAsTheirArithmetic() throws {
        #expect(try judge("(32*32*3)*(28*28*6)", step: 0) == .right)
        #expect(try judge("32x32x3 x 28x28x6", step: 0) == .right)
        #expect(try judge("5*5*3*6", step: 3) == .right)
        #expect(try judge("5 x 5 x 6", step: 4) == .right)
        #expect(try judge("28x28x6", step: 1) == .right)
        #expect(try judge("[28 x 28 x 6]", step: 1) == .right)
        #expect(try judge("28*28*6", step: 1) == .right)
    }

    @Test func volumesAndChoices() throws {
        #expect(try judge("24x24x6", step: 1) == .wrong("24x24x6: the width and height are off."))
        #expect(try judge("b", step: 2) == .right)
        #expect(try judge("2", step: 2) == .right)
        #expect(try judge("z", step: 2) == .unreadable("type the letter of a choice (a to b)"))
    }

    /// Issue 14 slip 11: a wrong choice used to get "Not quite: a is not a."
    @Test func aWrongChoiceSaysWhyItIsWrong() throws {
        #expect(try judge("a", step: 2) == .wrong("a) no: pooling takes a maximum: nothing to learn."))
    }

    @Test func theAuthorsExpectedMistakesComeWithTheirMessage() throws {
        #expect(try judge("75", step: 4) == .wrong("75: that is a depth-3 filter; conv2's input has depth 6."))
        #expect(try judge("5*5*3", step: 4) == .wrong("5*5*3: that is a depth-3 filter; conv2's input has depth 6."))
        #expect(try judge("28x28x3", step: 1) == .wrong("28x28x3: one map per filter: the depth is the number of filters."))
    }

    @Test func forgottenBiasesAndBiasesCountedAsWeights() throws {
        // conv1: 450 weights + 6 biases = 456 parameters.
        #expect(try message("450", step: 5).contains("leaves out the biases"))
        #expect(try message("450", step: 5).contains("6 here"))
        #expect(try message("456", step: 3).contains("counts the biases too"))
    }

    @Test func forgottenPlusOne() throws {
        // (7 - 3)/2 + 1 = 3; without the + 1: 2. (32 - 5)/1 + 1 = 28; without it 27.
        #expect(try message("2", step: 6).contains("the + 1 counts"))
        #expect(try message("27x27x6", step: 1).contains("the + 1 counts"))
    }

    @Test func forgottenDepthAndForgottenFilters() throws {
        // One conv2 filter: 5*5*6 = 150 weights; 5*5 = 25 forgets the depth of 6.
        #expect(try message("25", step: 4).contains("all 6 channels"))
        // conv1's params: 5*5*3*6 + 6 = 456; forgetting the depth: 5*5*6 + 6 = 156.
        #expect(try message("156", step: 5).contains("leaves out the depth"))
        // conv1's weights: 450; one filter is 5*5*3 = 75.
        #expect(try message("75", step: 3).contains("6 filters"))
        #expect(try message("28x28", step: 1).contains("no depth"))
        #expect(try message("28x28x3", step: 1) != "")
    }

    @Test func anOutputSizeThatIsNotWhole() throws {
        #expect(try message("2.5", step: 6).contains("not a whole number"))
        #expect(try message("27.5x27.5x6", step: 1).contains("not whole"))
    }

    @Test func factorsOfTwoAndFour() throws {
        // small stores 32*32*3 + 28*28*6 = 3,072 + 4,704 = 7,776 values, 31,104 bytes.
        #expect(try judge("31104", step: 7) == .right)
        #expect(try message("7776", step: 7).contains("4-byte float"))
        #expect(try message("62208", step: 7).contains("backward pass"))
        #expect(try message("31104", step: 8).contains("counts bytes"))
    }

    /// Slips are worded for the layer: neurons for an FC layer, the input's depth for a pool.
    @Test func slipsAreWordedForTheKindOfLayer() throws {
        // box: 4096*4 + 4 = 16,388; one neuron's worth is 4,097.
        #expect(try message("4097", step: 9) == "4097 is one output neuron's worth; the layer has 4 of them.")
        #expect(try message("12x12", step: 10) == "12x12 has no depth: an output volume is width x height x depth, and its depth is the same as its input's.")
        #expect(try message("11x11x10", step: 10).contains("the + 1 counts"))
    }

    /// A factor of 2 or 4 is named only where values and bytes are at stake; elsewhere it has no
    /// single cause and "too large" is all the judge says.
    @Test func factorsAreNotGuessedOutsideMemory() throws {
        #expect(try judge("900", step: 3) == .wrong("900 is too large."))
        #expect(try judge("1800", step: 3) == .wrong("1800 is too large."))
    }
}
