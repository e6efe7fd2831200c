import Testing
@testable import Lessons

/// `@widget edge-explorer` is known to the checker, and its `--edge` is checked.
@Suite struct EdgeExplorerWidgetTests {
    @Test func theCheckerAcceptsItsOptionsAndNamesABadEdge() {
        #expect(LessonChecker.check("# T\n@widget edge-explorer --edge horizontal --picture 3\n", file: "e.lesson").isEmpty)
        #expect(LessonChecker.check("# T\n@widget edge-explorer\n", file: "e.lesson").isEmpty)
        let errors = LessonChecker.check("# T\n@widget edge-explorer --edge diagonal --image 2\n", file: "e.lesson").map(\.description)
        #expect(errors.contains("e.lesson:2:1: widget `edge-explorer`: `--edge diagonal` is not one of vertical, horizontal"))
        #expect(errors.contains { $0.hasPrefix("e.lesson:2:1: widget `edge-explorer` has no option `--image`") })
    }
}
