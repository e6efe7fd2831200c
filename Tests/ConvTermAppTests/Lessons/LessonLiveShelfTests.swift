import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Leaving a step with a live explorer or inspector and coming back finds it as it was; quitting
/// with inspector edits that are in no file asks first.
@Suite struct LessonLiveShelfTests: LessonPlayerFixture {
    func quits(_ effects: [LessonPlayerState.Effect]) -> Bool {
        effects.contains { if case .quit = $0 { return true } else { return false } }
    }

    /// Lesson 3, step 1 (`@widget inspector stack`): conv1 edited from 6 to 8 filters of 5x5 on
    /// 32x32x3, so its output becomes (32 - 5)/1 + 1 = 28 wide and high, 8 deep: 28x28x8.
    func editedInspector() throws -> LessonPlayerState {
        var s = try player()
        editConv1(&s)
        _ = s.update(.tab)
        #expect(s.focus == .text)
        #expect(screen(s).contains("28x28x8"))
        return s
    }

    /// Lesson 2, step 2: F makes the filter 6x6, so (32 - 6)/1 + 1 = 27 and the output 27x27x6,
    /// 27 * 27 * 6 = 4,374 cells; three n's fill three of them.
    @Test func explorerSettingsAndSweepSurviveNextAndPrevious() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        _ = s.update(.tab)
        _ = s.update(.char("F"))
        for _ in 0..<3 { _ = s.update(.char("n")) }
        _ = s.update(.tab)
        #expect(screen(s).contains("cell 3/4374"))
        _ = s.update(.char("n"))
        #expect(s.stepIndex == 2)
        _ = s.update(.char("p"))
        #expect(s.stepIndex == 1)
        let back = screen(s)
        #expect(back.contains("27x27x6"), "the 6x6 filter was forgotten")
        #expect(back.contains("cell 3/4374"), "the sweep was forgotten")
        #expect(s.focus == .text)
        #expect(s.live?.zoomed == false)
    }

    @Test func inspectorEditsSurviveNextPreviousAndTheLessonList() throws {
        var s = try editedInspector()
        _ = s.update(.char("n"))
        _ = s.update(.char("p"))
        #expect(screen(s).contains("28x28x8"), "n then p dropped the edit")
        // esc goes to the list, enter reopens the lesson at the same step.
        _ = s.update(.escape)
        #expect(s.screen == .home)
        _ = s.update(.enter)
        #expect(s.screen == .lesson && s.stepIndex == 0)
        #expect(screen(s).contains("28x28x8"), "the lesson list dropped the edit")
        #expect(s.live?.hasUnwrittenEdits == true)
    }

    /// Each step keeps its own widget: lesson 2 has two explorer steps (2 and 4, 0-based 1 and 3).
    @Test func stepsDoNotShareAWidget() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        _ = s.update(.tab)
        _ = s.update(.end)
        _ = s.update(.tab)
        #expect(screen(s).contains("cell 4704/4704"))
        _ = s.open(lesson: 1, step: 3)
        #expect(!screen(s).contains("4704/4704"))
        _ = s.open(lesson: 1, step: 1)
        #expect(screen(s).contains("cell 4704/4704"))
    }

    @Test func firstQuitWarnsAboutUnwrittenEditsSecondQuits() throws {
        var s = try editedInspector()
        var effects = s.update(.char("q"))
        #expect(!quits(effects), "q quit with edits that are in no file")
        #expect(s.message?.contains("lesson 3 step 1") == true)
        #expect(screen(s).contains("q again quits"))
        // Any other key in between, and the next q warns again.
        _ = s.update(.char("j"))
        #expect(!quits(s.update(.char("q"))))
        effects = s.update(.char("q"))
        #expect(quits(effects))
        #expect(effects.contains { if case .save = $0 { return true } else { return false } }, "progress is saved on quitting")
    }

    /// The edit stays on the shelf after its step is left; quitting from another lesson or the list
    /// still warns about it.
    @Test func editsLeftOnAnotherStepStillWarn() throws {
        var s = try editedInspector()
        _ = s.update(.char("n"))
        #expect(!quits(s.update(.char("q"))))
        #expect(s.message?.contains("lesson 3 step 1") == true)
        _ = s.update(.char("l"))
        #expect(s.screen == .home)
        #expect(!quits(s.update(.escape)))
        #expect(quits(s.update(.escape)))
    }

    @Test func writtenEditsQuitAtOnce() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-shelf-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var app = LessonPlayerApp.host(state: try editedInspector(), store: ProgressStore(path: dir.appendingPathComponent("progress.txt").path))
        _ = app.press(.tab)
        _ = app.press(.char("w"))
        for _ in 0..<40 { _ = app.press(.backspace) }
        for c in dir.appendingPathComponent("stack.net").path { _ = app.press(.char(c)) }
        _ = app.press(.enter)
        _ = app.press(.tab)
        #expect(app.program.state.live?.hasUnwrittenEdits == false)
        #expect(app.press(.char("q")) == false, "nothing unwritten: q quits at once")
    }

    @Test func unchangedWidgetsDoNotWarn() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        _ = s.update(.tab)
        _ = s.update(.char("j"))
        _ = s.update(.tab)
        #expect(quits(s.update(.char("q"))))
    }
}
