import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// A lesson step with `@widget edge-explorer`: the edge explorer lives in the pane, tab gives it
/// the keys, and its own q comes back to the text.
@Suite struct LessonEdgeExplorerTests {
    func library() throws -> LessonLibrary {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edge-lesson-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let text = "# Edges\n\n## A filter on a picture\n\nSlide it.\n\n@widget edge-explorer --edge horizontal\n\n---\n## Next\n\nMore.\n\n---\n## Last\n\nEnd.\n"
        try text.write(to: dir.appendingPathComponent("01-edges.lesson"), atomically: true, encoding: .utf8)
        return try LessonLibrary(directory: dir.path)
    }

    func screen(_ s: LessonPlayerState, width: Int = 160, height: Int = 40) -> String {
        var grid = CellGrid(width: width, height: height)
        s.render(into: &grid)
        return grid.trimmedLines.joined(separator: "\n")
    }

    @Test func theStepShowsTheEdgeExplorerAndTabGivesItTheKeys() throws {
        var s = LessonPlayerState(library: try library(), progress: LessonProgress())
        _ = s.open(lesson: 0, step: 0)
        #expect(screen(s).contains("Edge filter on a picture"))
        _ = s.update(.tab)
        #expect(s.focus == .widget)
        #expect(screen(s).contains("a horizontal-edge filter over a real picture"))
        _ = s.update(.char("v"))
        #expect(screen(s).contains("a vertical-edge filter over a real picture"))
        _ = s.update(.char("q"))
        #expect(s.focus == .text)
        // Back in the text: keys are the player's again (n goes to the next step).
        _ = s.update(.char("n"))
        #expect(s.stepIndex == 1)
    }
}
