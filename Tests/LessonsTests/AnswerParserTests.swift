import Testing
@testable import Lessons

@Suite struct AnswerParserTests {
    @Test func plainNumbersAreExact() {
        #expect(AnswerParser.number("450") == .init(450))
        #expect(AnswerParser.number("14,450,688") == .init(14_450_688))
        #expect(AnswerParser.number(" 1_228_800 ") == .init(1_228_800))
        #expect(AnswerParser.number("-3") == .init(-3))
        #expect(AnswerParser.number("2.5")?.isWhole == false)
    }

    @Test func suffixesAreRoundedToTheLastDigitWritten() {
        // 14.5M: written to 0.1M, so within 0.05M either way; 350K to 10K, within 5K.
        #expect(AnswerParser.number("14.5M") == .init(14_500_000, error: 50_000))
        #expect(AnswerParser.number("~350K") == .init(350_000, error: 5_000))
        #expect(AnswerParser.number("1.9G") == .init(1_900_000_000, error: 50_000_000))
    }

    @Test func arithmeticAsTheLectureWritesIt() {
        #expect(AnswerParser.number("5*5*3") == .init(75))
        #expect(AnswerParser.number("5x5x3") == .init(75))
        #expect(AnswerParser.number("28 × 28 × 6") == .init(4_704))
        #expect(AnswerParser.number("(32*32*3)*(28*28*6)") == .init(14_450_688))
        #expect(AnswerParser.number("(227-11)/4+1") == .init(55))
        #expect(AnswerParser.number("5*5*3 + 1") == .init(76))
        #expect(AnswerParser.number("32 * 58.1M")?.value == 1_859_200_000)
    }

    @Test func notNumbers() {
        #expect(AnswerParser.number("lots") == nil)
        #expect(AnswerParser.number("5*") == nil)
        #expect(AnswerParser.number("(5") == nil)
        #expect(AnswerParser.number("1/0") == nil)
    }

    @Test func volumes() {
        #expect(AnswerParser.volume("28x28x6") == [28, 28, 6])
        #expect(AnswerParser.volume("[55 x 55 x 96]") == [55, 55, 96])
        #expect(AnswerParser.volume("55*55*96") == [55, 55, 96])
        #expect(AnswerParser.volume("13.5x13.5x256") == [13.5, 13.5, 256])
        #expect(AnswerParser.volume("28x28") == [28, 28])
        #expect(AnswerParser.volume("28") == nil)
        #expect(AnswerParser.volume("axbxc") == nil)
    }
}
