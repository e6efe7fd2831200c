import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Keys at the edges of a live widget in a lesson's pane: its help open when tab or esc comes,
/// and a pane too small to show what is being typed.
@Suite struct LessonLiveWidgetKeysTests: LessonPlayerFixture {
    /// The widget's help says "press any key to close"; tab and esc close it too, and only close
    /// it, instead of leaving the box drawn over a pane that no longer has the keys.
    @Test(arguments: [(1, 1), (2, 0)])
    func tabOrEscWithTheWidgetsHelpOpenOnlyClosesIt(lesson: Int, step: Int) throws {
        for key in [Key.tab, .escape, .backTab] {
            var s = try player()
            _ = s.open(lesson: lesson, step: step)
            _ = s.update(.tab)
            _ = s.update(.char("?"))
            #expect(screen(s).contains("press any key to close"))
            _ = s.update(key)
            #expect(s.focus == .widget, "\(key) left with the help open")
            #expect(!screen(s).contains("press any key to close"), "\(key) did not close the help")
            _ = s.update(key)
            #expect(s.focus == .text)
            #expect(!screen(s).contains("press any key to close"))
        }
    }

    /// In the lesson, the inspector's help says what its q does there.
    @Test func inspectorHelpInALessonSaysQGoesBack() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        _ = s.update(.tab)
        _ = s.update(.char("?"))
        let text = screen(s, width: 200, height: 60)
        #expect(text.contains("back to the lesson's text"))
        #expect(!text.contains("asks if there are unsaved edits"))
    }

    /// 80x24: the lower pane (78x10 inside) is smaller than the inspector's 56x16. With the keys
    /// in it and its line editor open, o is a letter, so "press o" could not help: the inspector is
    /// shown full-screen and the typed line is visible.
    @Test func focusInAPaneTooSmallShowsTheWidgetFullScreen() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        #expect(screen(s, width: 80, height: 24).contains("Press tab to use it full-screen"))
        _ = s.update(.tab)
        _ = s.update(.char("j"))
        _ = s.update(.char("e"))
        for c in "xo" { _ = s.update(.char(c)) }
        let g = grid(s, width: 80, height: 24)
        let text = g.trimmedLines.joined(separator: "\n")
        #expect(text.contains("conv1: conv 6 5x5xo"), "the line being typed is not on screen")
        #expect(!text.contains("needs 56x16"))
        #expect(!text.contains("A ConvNet is a stack"), "the lesson text should give way")
        let footer = g.text(row: g.height - 1)
        #expect(footer.contains("tab/esc back to the text"))
        // Nothing to go back into: no "o" offer (it is a letter here anyway).
        #expect(!footer.contains("o full screen") && !footer.contains("o back into the pane"))
        _ = s.update(.escape)
        #expect(s.focus == .text)
        #expect(screen(s, width: 80, height: 24).contains("A ConvNet is a stack"))
    }

    /// The explorer at 80x24: tab alone shows it (28x28x6 from a 5x5 filter on 32x32x3), and
    /// browsing it the footer offers no o, since the pane cannot take it back.
    @Test func explorerAtEightyByTwentyFourNeedsOnlyTab() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        _ = s.update(.tab)
        let g = grid(s, width: 80, height: 24)
        #expect(g.trimmedLines.contains { $0.contains("-> output 28x28x6") || $0.contains("-> 28x28x6") })
        #expect(!g.text(row: g.height - 1).contains("o full screen"))
        // The same state in a big terminal: the pane fits, and o is offered again.
        let big = grid(s, width: 160, height: 50)
        #expect(big.text(row: big.height - 1).contains("o full screen"))
        #expect(big.trimmedLines.contains { $0.contains("A filter spans the full depth") })
    }

    /// The widgets' help inside the pane: the inspector's (its longest line is 78 columns) wraps
    /// in the 69-column pane of a 120x40 screen instead of losing its ends. Under 100 columns the
    /// pane goes below the text: at 99x30 it is 14 rows inside, enough for the explorer but not
    /// for its help (14 keys, 18 rows with the box), so while the help is open the explorer is
    /// shown full-screen, down to the help's last line.
    @Test func widgetHelpIsNeverCutOff() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 0)
        _ = s.update(.tab)
        _ = s.update(.char("?"))
        var text = screen(s)
        #expect(text.contains("A ConvNet is a stack"), "the inspector's help fits beside the text")
        #expect(text.contains("contents)") && text.contains("esc cancel") && text.contains("overwriting)"))

        var e = try player()
        _ = e.open(lesson: 1, step: 1)
        _ = e.update(.tab)
        #expect(screen(e, width: 99, height: 30).contains("A filter spans the full depth"), "the explorer fits the pane")
        _ = e.update(.char("?"))
        text = screen(e, width: 99, height: 30)
        #expect(text.contains("q esc  back") && text.contains("press any key to close"))
        _ = e.update(.char("x"))
        #expect(screen(e, width: 99, height: 30).contains("A filter spans the full depth"), "closing the help goes back into the pane")
    }
}
