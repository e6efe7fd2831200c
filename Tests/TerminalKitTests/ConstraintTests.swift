import Testing
import TerminalKit

@Suite struct ConstraintTests {
    let row = Rect(x: 0, y: 0, width: 100, height: 10)

    @Test func fixedPercentFill() {
        let parts = row.split(.horizontal, [.fixed(20), .percent(50), .fill])
        #expect(parts.map(\.width) == [20, 50, 30])
        #expect(parts.map(\.x) == [0, 20, 70])
        #expect(parts.allSatisfy { $0.height == 10 })
    }

    @Test func fillWeightsShareTheLeftover() {
        let parts = Rect(x: 0, y: 0, width: 30, height: 1).split(.horizontal, [.fill(1), .fill(2)])
        #expect(parts.map(\.width) == [10, 20])
    }

    @Test func minTakesItsMinimumPlusAShare() {
        let parts = Rect(x: 0, y: 0, width: 40, height: 1).split(.horizontal, [.min(10), .fill])
        #expect(parts.map(\.width) == [25, 15])
    }

    @Test func remainderGoesToTheFirstFill() {
        let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.fill, .fill, .fill])
        #expect(parts.map(\.width) == [4, 3, 3])
    }

    @Test func overflowShrinksTheLastPartsFirst() {
        let parts = Rect(x: 0, y: 0, width: 10, height: 1).split(.horizontal, [.fixed(8), .fixed(8), .fill])
        #expect(parts.map(\.width) == [8, 2, 0])
    }

    @Test func verticalWithSpacing() {
        let parts = Rect(x: 2, y: 1, width: 5, height: 11).split(.vertical, [.fixed(1), .fill, .fixed(1)], spacing: 1)
        #expect(parts == [
            Rect(x: 2, y: 1, width: 5, height: 1),
            Rect(x: 2, y: 3, width: 5, height: 7),
            Rect(x: 2, y: 11, width: 5, height: 1),
        ])
    }
}
