import Testing
@testable import Lessons

/// `lessons render` and `lessons check` share one evaluator and one formatter: whatever check
/// passes renders, and whatever render refuses check reports, at the same place.
@Suite struct LessonRendererTests {
    @Test func valuesBeyondIntRenderWhereCheckFindsNoProblem() throws {
        let text = "# T\n{{ 1e20 }} | {{ floor(-1e19) }} | {{ round(1e300) }} | {{ 9223372036854775808 }}\n"
        #expect(LessonChecker.check(text, file: "big.lesson").isEmpty)
        let rendered = try LessonRenderer.render(parse(text, file: "big.lesson").lesson)
        #expect(rendered.contains("100,000,000,000,000,000,000 | -10,000,000,000,000,000,000 | 1e+300 | 9,223,372,036,854,775,808"))
    }

    @Test func anOverflowingResultIsAnErrorInCheckAndInRender() throws {
        let text = "# T\nToo big: {{ 1e300 * 1e300 }}\n"
        let errors = LessonChecker.check(text, file: "big.lesson")
        #expect(errors.count == 1)
        #expect(errors.first?.description.hasPrefix("big.lesson:2:13: the result is too large") == true, "\(errors)")
        #expect(throws: LessonError.self) { try LessonRenderer.render(parse(text, file: "big.lesson").lesson) }
        do {
            _ = try LessonRenderer.render(parse(text, file: "big.lesson").lesson)
        } catch {
            #expect(error.description == errors.first?.description)
        }
    }

    @Test func aNumberTooLargeForADoubleIsRefusedWhereItIsWritten() {
        let errors = LessonChecker.check("# T\nx {{ 2 * 1e400 }}\n", file: "big.lesson")
        #expect(errors.map(\.description) == ["big.lesson:2:10: `1e400` is too large: numbers go up to about 1.8e308"])
    }

    @Test func divisionByZeroIsReportedAtTheDivisor() {
        let errors = LessonChecker.check("# T\nSize {{ 6 / 0 }} and {{ 4 / (2 - 2) }}\n", file: "div.lesson")
        #expect(errors.map(\.description) == [
            "div.lesson:2:13: division by zero: the divisor is 0",
            "div.lesson:2:30: division by zero: the divisor is 0",
        ])
    }
}
