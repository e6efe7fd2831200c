import Testing
import TerminalKit

@Suite struct RectTests {
    @Test func negativeSizesBecomeEmpty() {
        let r = Rect(x: 0, y: 0, width: 3, height: 3).inset(by: 2)
        #expect(r.width == 0 && r.height == 0 && r.isEmpty)
    }

    @Test func intersectionAndCentering() {
        let a = Rect(x: 0, y: 0, width: 10, height: 10)
        #expect(a.intersection(Rect(x: 8, y: 5, width: 5, height: 2)) == Rect(x: 8, y: 5, width: 2, height: 2))
        #expect(a.centered(width: 4, height: 2) == Rect(x: 3, y: 4, width: 4, height: 2))
        #expect(a.centered(width: 40, height: 2).width == 10)
    }
}
