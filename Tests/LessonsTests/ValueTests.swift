import Testing
@testable import Lessons

/// Formatting never traps: lessons may compute any finite Double, far beyond what an Int holds.
@Suite struct ValueTests {
    @Test func wholeNumbersBeyondIntAreWrittenOutExactly() {
        #expect(ValueFormat.grouped.format(.number(1e20)) == "100,000,000,000,000,000,000")
        #expect(ValueFormat.grouped.format(.number(-1e19)) == "-10,000,000,000,000,000,000")
        #expect(ValueFormat.grouped.format(.number(9_223_372_036_854_775_808)) == "9,223,372,036,854,775,808")
        #expect(ValueFormat.plain.format(.number(1e20)) == "100000000000000000000")
    }

    @Test func hugeNumbersUseScientificNotation() {
        #expect(ValueFormat.grouped.format(.number(1e300)) == "1e+300")
        #expect(ValueFormat.grouped.format(.number(-2.5e21)) == "-2.5e+21")
        #expect(ValueFormat.fixed(2).format(.number(1e300)) == "1e+300")
        #expect(ValueFormat.approx(significant: 3).format(.number(1e300)) == "1e+300")
    }

    @Test func largeNumbersInEveryFormat() {
        #expect(ValueFormat.fixed(2).format(.number(1e20)) == "100,000,000,000,000,000,000.00")
        #expect(ValueFormat.approx(significant: 3).format(.number(1e20)) == "100,000,000T")
        #expect(ValueFormat.mib.format(.number(1e20)) == "~95,400,000,000,000 MiB")
    }

    @Test func everydayNumbersAreUnchanged() {
        #expect(ValueFormat.grouped.format(.number(14_450_688)) == "14,450,688")
        #expect(ValueFormat.grouped.format(.number(14.5)) == "14.5")
        #expect(ValueFormat.approx(significant: 3).format(.number(14_450_688)) == "~14.5M")
        #expect(ValueFormat.fixed(2).format(.number(-0.125)) == "-0.13")
    }
}
