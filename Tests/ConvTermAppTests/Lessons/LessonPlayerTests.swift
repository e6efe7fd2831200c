import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

@Suite struct LessonPlayerTests {
    static let directory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

    func player(_ progress: LessonProgress = LessonProgress(), present: Bool = false) throws -> LessonPlayerState {
        LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: progress, present: present)
    }

    func screen(_ s: LessonPlayerState, width: Int = 120, height: Int = 40) -> String {
        var grid = CellGrid(width: width, height: height)
        s.render(into: &grid)
        return grid.trimmedLines.joined(separator: "\n")
    }

    @Test func homeListsLessonsWithMarksAndTheTools() throws {
        var p = LessonProgress()
        p.done = ["01-why-structure"]
        p.current = "02-convolution"
        p.steps = ["02-convolution": 3]
        let text = screen(try player(p))
        #expect(text.contains("[x] Lesson 1: Why structure?"))
        #expect(text.contains("[>] Lesson 2: The convolution layer  step 3/9"))
        #expect(text.contains("[ ] Lesson 3"))
        #expect(text.contains("Train") && text.contains("Inspect") && text.contains("Explore"))
        #expect(text.contains("Progress: [#>"))
        #expect(text.contains("1/12"))
    }

    @Test func quizWrongThenRightThenNext() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 5)  // step 6: the fully connected alternative
        #expect(screen(s).contains("What if it were fully connected?"))
        _ = s.update(.enter)
        for c in "14.4M" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(screen(s).contains("Not quite: 14.4M is too small"))
        #expect(s.progress.quizzes["02-convolution"]?[6] == "wrong")
        _ = s.update(.char("h"))
        #expect(screen(s).contains("Hint: Inputs: 32*32*3 = 3,072"))
        _ = s.update(.enter)
        for c in "14,450,688" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        let after = screen(s)
        #expect(after.contains("Right: 14,450,688"))
        #expect(after.contains("= 3,072 * 4,704 = 14,450,688"))
        #expect(s.progress.quizzes["02-convolution"]?[6] == "right")
        _ = s.update(.char("n"))
        #expect(s.stepIndex == 6)
        #expect(s.progress.steps["02-convolution"] == 7)
    }

    /// Issue 14 slip 11: a wrong choice used to say "Not quite: a is not a."
    @Test func aWrongChoiceSaysWhyItIsWrong() throws {
        var s = try player()
        _ = s.open(lesson: 6, step: 5)  // VGG-16: which layer to shrink first
        _ = s.update(.enter)
        _ = s.update(.char("a"))
        _ = s.update(.enter)
        #expect(s.stepText.contains("**Not quite:** a) conv1_1: conv1_1 holds the most memory, but its filters are tiny: only 1,728 weights."))
        #expect(!s.stepText.contains("a is not a"))
    }

    /// Issue 14 deliver 2: the lesson's expected mistake, and a slip the judge knows by itself.
    @Test func wrongNumbersGetTheirMistakesMessage() throws {
        var s = try player()
        _ = s.open(lesson: 2, step: 1)  // lesson 3: one conv2 filter's weights
        _ = s.update(.enter)
        for c in "5*5*3" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(s.stepText.contains("**Not quite:** 5*5*3: that is a filter for the 3-channel image; conv2's input is conv1's output, 6 channels deep."))
        _ = s.update(.enter)
        for c in "5*5*6 + 1" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(s.stepText.contains("5*5*6 + 1 counts the biases too"))
        _ = s.update(.enter)
        for c in "5x5x6" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(s.stepText.contains("**Right:** 5x5x6."))
    }

    @Test func revealShowsTheComputedAnswer() throws {
        var s = try player(present: true)
        _ = s.open(lesson: 5, step: 0)  // AlexNet CONV1
        #expect(!screen(s).contains("Answer:"))
        _ = s.update(.char("r"))
        #expect(screen(s).contains("Answer: 55x55x96"))
    }

    @Test func lastStepMarksTheLessonDoneAndReturnsHome() throws {
        var s = try player()
        _ = s.open(lesson: 0)
        while s.screen == .lesson {
            if s.step.quiz != nil { _ = s.update(.char("r")) }  // revealing closes a quiz
            _ = s.update(.char("n"))
        }
        #expect(s.progress.done.contains("01-why-structure"))
        #expect(s.homeSelection == 1)
        #expect(screen(s).contains("[x] Lesson 1"))
    }

    /// Issue 14 deliver 6: going past a quiz without answering leaves it open, the lesson is not
    /// done, and the list says which quizzes are open; closing them finishes the lesson.
    @Test func skippingAQuizLeavesItOpenAndTheListShowsIt() throws {
        var s = try player()
        _ = s.open(lesson: 0)
        while s.screen == .lesson { _ = s.update(.char("n")) }
        // Lesson 1 asks on steps 2, 4 and 5.
        #expect(!s.progress.done.contains("01-why-structure"))
        #expect(s.progress.openQuizzes("01-why-structure") == [2, 4, 5])
        #expect(s.homeSelection == 0)
        #expect(s.message?.contains("3 quizzes open (steps 2, 4, 5)") == true)
        #expect(screen(s).contains("[>] Lesson 1: Why structure?  step 6/6, 3 quizzes open (steps 2, 4, 5)"))
        _ = s.open(lesson: 0, step: 1)
        _ = s.update(.enter)
        for c in "224*224*3*1000" { _ = s.update(.char(c)) }
        _ = s.update(.enter)
        #expect(s.progress.openQuizzes("01-why-structure") == [4, 5])
        #expect(!s.progress.done.contains("01-why-structure"))
        _ = s.open(lesson: 0, step: 3)
        _ = s.update(.char("r"))
        #expect(!s.progress.done.contains("01-why-structure"))
        _ = s.open(lesson: 0, step: 4)
        _ = s.update(.char("r"))
        #expect(s.progress.done.contains("01-why-structure"))
        _ = s.update(.char("l"))
        #expect(screen(s).contains("[x] Lesson 1: Why structure?"))
        #expect(!screen(s).contains("quiz open") && !screen(s).contains("quizzes open"))
    }

    @Test func theListsHelpExplainsItsMarks() throws {
        var s = try player()
        _ = s.update(.char("?"))
        let text = screen(s)
        #expect(text.contains("[x]") && text.contains("every quiz answered or revealed"))
        #expect(text.contains("quizzes open"))
    }

    @Test func widgetBesideOrBelowAndTabFocus() throws {
        var s = try player()
        _ = s.open(lesson: 6, step: 2)  // VGG-16 table, part 1
        let wide = screen(s, width: 140, height: 40)
        // The step counts weights as the lecture does, so its table shows weights (1,728), not
        // weights + biases (1,792): issue 14 slip 9.
        let row = try #require(wide.split(separator: "\n").first { $0.contains("conv1_1") && $0.contains("1,728") })
        #expect(row.contains("224x224x64"))
        #expect(!wide.contains("1,792"))
        #expect(wide.contains("weights"))
        let narrow = screen(s, width: 80, height: 40)
        #expect(narrow.contains("Network: vgg16"))
        _ = s.update(.tab)
        #expect(s.focus == .widget)
        _ = s.update(.char("j"))
        #expect(s.widgetSelection == 1)
        _ = s.update(.tab)
        #expect(s.focus == .text)
    }

    @Test func tabOnAnExplorerFocusesItInThePane() throws {
        var s = try player()
        _ = s.open(lesson: 1, step: 1)
        let effects = s.update(.tab)
        #expect(effects.isEmpty, "the explorer lives in the pane; nothing opens full-screen")
        #expect(s.focus == .widget)
        #expect(s.live != nil)
    }

    @Test func tooSmallSaysWhatItNeeds() throws {
        let text = screen(try player(), width: 40, height: 10)
        #expect(text.contains("need 60x16, have 40x10"))
    }

    /// Issue 14 item 6: every lesson reachable by key, 10-12 too: digits typed in a row make one number.
    @Test func digitsInARowReachLessonsTenToTwelve() throws {
        var s = try player()
        for (keys, lesson) in [("1", 1), ("12", 12), ("10", 10), ("11", 11), ("3", 3), ("13", 3), ("4", 4)] {
            for c in keys { _ = s.update(.char(c)) }
            #expect(s.homeSelection == lesson - 1, "typed \(keys)")
            _ = s.update(.char("j"))  // any other key ends the number
            _ = s.update(.char("k"))
        }
        #expect(screen(s).contains("1-12 lesson"))
        _ = s.update(.char("1"))
        _ = s.update(.char("2"))
        _ = s.update(.enter)
        #expect(s.screen == .lesson && s.lessonIndex == 11)
    }
}
