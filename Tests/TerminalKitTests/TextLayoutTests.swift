import Testing
import TerminalKit

@Suite struct TextLayoutTests {
    @Test func greedyWordWrap() {
        #expect(TextLayout.wrap("the quick brown fox", width: 10) == ["the quick", "brown fox"])
        #expect(TextLayout.wrap("a  b", width: 10) == ["a b"])
    }

    @Test func longWordsAreCutNotLost() {
        #expect(TextLayout.wrap("abcdefghijkl xy", width: 5) == ["abcde", "fghij", "kl xy"])
    }

    @Test func newlinesAndBlankLinesAreKept() {
        #expect(TextLayout.wrap("a\n\nb", width: 5) == ["a", "", "b"])
    }

    @Test func clipWithEllipsis() {
        #expect(TextLayout.clip("hello world", width: 5, ellipsis: "…") == "hell…")
        #expect(TextLayout.clip("hello", width: 5, ellipsis: "…") == "hello")
        #expect(TextLayout.clip("hello", width: 3) == "hel")
    }

    @Test func alignment() {
        #expect(TextLayout.align("ab", width: 5, .left) == "ab   ")
        #expect(TextLayout.align("ab", width: 5, .right) == "   ab")
        #expect(TextLayout.align("ab", width: 5, .center) == " ab  ")
    }

    @Test func compactNumbers() {
        #expect(NumberFormat.compact(0.5) == "0.5")
        #expect(NumberFormat.compact(12.345) == "12.3")
        #expect(NumberFormat.compact(1500) == "1500")
        #expect(NumberFormat.compact(-2.5) == "-2.5")
        #expect(NumberFormat.compact(0.0123) == "0.0123")
        #expect(NumberFormat.compact(0.000025) == "2.5e-05")
        #expect(NumberFormat.compact(0) == "0")
    }
}
