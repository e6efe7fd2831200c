import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// The explorer and the inspector live in a lesson step's widget pane: drawn there, keys going to
/// them only after tab, and back to the lesson with tab or esc.
@Suite struct LessonLiveWidgetTests: LessonPlayerFixture {
    /// (column, row) of the first occurrence of `text` on screen.
    func find(_ text: String, in grid: CellGrid) -> (x: Int, y: Int)? {
        for (y, line) in grid.lines.enumerated() {
            if let r = line.range(of: text) { return (line.distance(from: line.startIndex, to: r.lowerBound), y) }
        }
        return nil
    }

    /// Lesson 2, step 2: `@widget conv-explorer --input 32x32x3 --filter 5x5 --filters 6`, no
    /// stride or pad given, so stride 1 and pad 0: (32 - 5)/1 + 1 = 28, an output of 28x28x6,
    /// which is 28 * 28 * 6 = 4,704 cells to compute.
    @Test func lessonTwoExplorerRunsInThePaneAndTakesKeysAfterTab() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        var screen = grid(s)
        // Drawn inside the pane on the right, next to the step's text on the left.
        let status = try #require(find("28x28x6", in: screen))
        #expect(status.x > 40, "the explorer should be in the right-hand pane, found at column \(status.x)")
        #expect(find("cell 0/4704", in: screen) != nil)
        #expect(find("A filter spans the full depth", in: screen)!.x < 10)
        #expect(screen.text(row: screen.height - 1).contains("tab into the conv explorer"))

        // Before tab, n is the lesson's: it moves to the next step.
        var other = s
        _ = other.update(.char("n"))
        #expect(other.stepIndex == 2)

        // After tab, n is the explorer's: the first output cell, o[0,0,0], is computed; the lesson stays.
        #expect(s.update(.tab).isEmpty)
        #expect(s.focus == .widget)
        _ = s.update(.char("n"))
        #expect(s.stepIndex == 1)
        screen = grid(s)
        #expect(find("cell 1/4704", in: screen) != nil)
        #expect(find("o[0,0,0] = sum of 75 products", in: screen) != nil, "5*5*3 = 75 products per output cell")
        // The second cell of the first map is one column to the right: o[0,1,0].
        _ = s.update(.char("n"))
        screen = grid(s)
        #expect(find("cell 2/4704", in: screen) != nil)
        #expect(find("o[0,1,0] = sum of 75 products", in: screen) != nil)
        // The focused side is marked: the pane's title and the footer say where keys go.
        #expect(find("keys go here", in: screen) != nil)
        #expect(screen.text(row: screen.height - 1).contains("tab/esc back to the text"))

        // tab returns focus; n is the lesson's again. Coming back to the step's explorer, the sweep is kept.
        _ = s.update(.tab)
        #expect(s.focus == .text)
        #expect(find("[tab: use it]", in: grid(s)) != nil)
        _ = s.update(.tab)
        _ = s.update(.char("p"))
        #expect(find("cell 1/4704", in: grid(s)) != nil)
        _ = s.update(.escape)
        #expect(s.focus == .text)
        _ = s.update(.char("n"))
        #expect(s.stepIndex == 2)
        #expect(s.live == nil, "step 3 has no explorer")
    }

    @Test func theExplorersOwnQuitReturnsToTheText() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        _ = s.update(.tab)
        _ = s.update(.char("q"))
        #expect(s.focus == .text)
        #expect(s.screen == .lesson, "q in the widget must not quit the player")
    }

    @Test func zoomShowsTheExplorerFullScreenAndBack() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        _ = s.update(.tab)
        _ = s.update(.char("o"))
        let zoomed = grid(s)
        #expect(find("-> output 28x28x6", in: zoomed) != nil)
        let caption = try #require(find("x[:,:,0]", in: zoomed))
        #expect(caption.x == 0, "full screen starts at the left edge")
        #expect(find("A filter spans the full depth", in: zoomed) == nil)
        #expect(zoomed.text(row: zoomed.height - 1).contains("o back into the pane"))
        _ = s.update(.char("o"))
        #expect(try #require(find("x[:,:,0]", in: grid(s))).x > 40)
        // tab from full screen goes straight back to the text, unzoomed.
        _ = s.update(.char("o"))
        _ = s.update(.tab)
        #expect(s.focus == .text)
        #expect(find("A filter spans the full depth", in: grid(s)) != nil)
    }

    /// 80x24: the lower pane is too small for the explorer; it says so and how to see it, and
    /// full screen works there.
    @Test func smallTerminalSaysWhatToDoAndZoomStillWorks() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        let text = grid(s, width: 80, height: 24).trimmedLines.joined(separator: "\n")
        #expect(text.contains("The conv explorer needs"))
        #expect(text.contains("Press tab to use it full-screen"))
        _ = s.update(.tab)
        _ = s.update(.char("o"))
        let zoomed = grid(s, width: 80, height: 24).trimmedLines.joined(separator: "\n")
        #expect(zoomed.contains("-> output 28x28x6"))
        #expect(!zoomed.contains("too small"))
        // Every size down to the player's minimum draws without trapping, focused or not.
        for (w, h) in [(60, 16), (61, 17), (79, 23), (100, 24), (100, 30), (140, 50)] {
            _ = grid(s, width: w, height: h)
            var t = s
            _ = t.update(.char("o"))
            _ = grid(t, width: w, height: h)
            _ = t.update(.tab)
            _ = grid(t, width: w, height: h)
        }
    }

    @Test func poolExplorerOfLessonFourInThePane() throws {
        var s = try player()
        _ = s.open(lesson: 3, step: 0)
        // `--input 4x4 --window 2 --stride 2`: (4 - 2)/2 + 1 = 2, so a 2x2x1 output of 4 cells.
        #expect(find("cell 0/4", in: grid(s)) != nil)
        _ = s.update(.tab)
        _ = s.update(.end)
        #expect(find("cell 4/4", in: grid(s)) != nil)
    }

    /// Lesson 3, step 1: `@widget inspector stack`. In its line editor q and o are letters; only
    /// tab and esc leave.
    @Test func inspectorEditorKeepsTypedLettersAndTabLeaves() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        let pane = grid(s)
        let title = try #require(find("convterm inspect  stack", in: pane))
        #expect(title.x > 40)
        _ = s.update(.tab)
        _ = s.update(.char("j"))  // conv1
        _ = s.update(.char("e"))
        for c in "qo" { _ = s.update(.char(c)) }
        #expect(s.focus == .widget)
        #expect(s.live?.zoomed == false)
        #expect(grid(s).trimmedLines.contains { $0.contains("conv1: conv 6 5x5qo") })
        _ = s.update(.tab)
        #expect(s.focus == .text)
        // Back in: the editor is still open with what was typed. Esc cancels it and leaves.
        _ = s.update(.tab)
        #expect(s.live?.isTyping == true)
        _ = s.update(.escape)
        #expect(s.focus == .text)
        #expect(s.live?.isTyping == false)
        // In browse mode q goes back to the text rather than asking to quit.
        _ = s.update(.tab)
        _ = s.update(.char("q"))
        #expect(s.focus == .text)
        #expect(s.screen == .lesson)
    }

    /// An edit applied in the pane recomputes the inspector's shapes: conv1 with 8 filters of
    /// 5x5 on 32x32x3 gives 28x28x8 (depth = filters).
    @Test func inspectorEditRecomputesInThePane() throws {
        var s = try player()
        editConv1(&s)
        #expect(grid(s).trimmedLines.contains { $0.contains("conv1") && $0.contains("28x28x8") })
    }

    /// The inspector's w writes through the app (the state never touches files).
    @Test func inspectorWriteGoesThroughTheApp() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-live-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        var app = LessonPlayerApp.host(state: s, store: ProgressStore(path: dir.appendingPathComponent("progress.txt").path))
        let target = dir.appendingPathComponent("stack.net").path
        _ = app.press(.tab)
        _ = app.press(.char("w"))
        for _ in 0..<40 { _ = app.press(.backspace) }
        for c in target { _ = app.press(.char(c)) }
        _ = app.press(.enter)
        let written = try String(contentsOfFile: target, encoding: .utf8)
        #expect(written.contains("conv2: conv 10 5x5"))
        var screen = CellGrid(width: 120, height: 40)
        app.view(into: &screen)
        #expect(screen.trimmedLines.contains { $0.contains("wrote") })
    }
}
