import Lessons
import TerminalKit
@testable import ConvTermApp

/// What the lesson-player suites share: the repository's lessons in a fresh player, a rendered
/// frame, and lesson 3's inspector edit.
protocol LessonPlayerFixture {}

extension LessonPlayerFixture {
    func player(present: Bool = false) throws -> LessonPlayerState {
        LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: LessonProgress(), present: present)
    }

    func grid(_ s: LessonPlayerState, width: Int = 120, height: Int = 40) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        s.render(into: &grid)
        return grid
    }

    func screen(_ s: LessonPlayerState, width: Int = 120, height: Int = 40) -> String {
        grid(s, width: width, height: height).trimmedLines.joined(separator: "\n")
    }

    /// Lesson 3, step 1 (`@widget inspector stack`): tab into the inspector, select conv1 and
    /// replace its line with `line` (the inspector stays focused).
    func editConv1(_ s: inout LessonPlayerState, to line: String = "conv1: conv 8 5x5") {
        _ = s.open(lesson: 2, step: 0)
        _ = s.update(.tab)
        _ = s.update(.char("j"))
        _ = s.update(.char("e"))
        for _ in 0..<20 { _ = s.update(.backspace) }
        for c in line { _ = s.update(.char(c)) }
        _ = s.update(.enter)
    }
}
