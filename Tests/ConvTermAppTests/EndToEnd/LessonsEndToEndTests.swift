import Foundation
import Testing

/// The lesson player in a real terminal: answer wrongly then rightly, advance, quit, resume.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end lesson tests skipped"))
struct LessonsEndToEndTests {
    static let lessons: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

    @Test func answerAdvanceQuitAndResumeAtTheSameStep() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["XDG_STATE_HOME": state, "CONVTERM_LESSONS": LessonsEndToEndTests.lessons]

        let first = try TmuxSession.start(["lesson", "2"], width: 120, height: 40, environment: env)
        defer { first.kill() }
        try first.waitFor("Lesson 2: The convolution layer")
        try first.waitFor("step 1/9")
        first.send("n")
        first.send("n")
        try first.waitFor("step 3/9")
        // The quiz: weights of one 5x5 filter on a 32x32x3 input (5*5*3).
        first.send("Enter")
        try first.waitFor("answer>")
        first.type("74")
        first.send("Enter")
        try first.waitFor("Not quite")
        first.send("Enter")
        first.type("75")
        first.send("Enter")
        try first.waitFor("Right:")
        try first.waitFor("5 \\* 5 \\* 3 = 75 weights")
        first.send("n")
        try first.waitFor("step 4/9")
        first.send("q")
        try first.waitFor("EXIT=0")

        let saved = try String(contentsOfFile: state + "/convterm/progress.txt", encoding: .utf8)
        #expect(saved.contains("step 02-convolution 4"))
        #expect(saved.contains("quiz 02-convolution 3 right"))

        let second = try TmuxSession.start(["lesson", "2"], width: 120, height: 40, environment: env)
        defer { second.kill() }
        let screen = try second.waitFor("step 4/9")
        #expect(screen.contains("Sliding gives an activation map"))
        second.send("q")
        try second.waitFor("EXIT=0")

        // No arguments: the home screen, lesson 2 marked current.
        let home = try TmuxSession.start([], width: 100, height: 30, environment: env)
        defer { home.kill() }
        try home.waitFor("\\[>\\] Lesson 2: The convolution layer")
        try home.waitFor("Explore")
        home.send("q")
        try home.waitFor("EXIT=0")
    }

    /// Lesson 2's conv explorer runs in the widget pane: tab in, step it twice, tab out. The step
    /// is `--input 32x32x3 --filter 5x5 --filters 6` (stride 1, pad 0): (32 - 5)/1 + 1 = 28, so
    /// 28 * 28 * 6 = 4,704 output cells; the second one is o[0,1,0].
    @Test func explorerInThePaneTakesKeysAfterTab() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["XDG_STATE_HOME": state, "CONVTERM_LESSONS": LessonsEndToEndTests.lessons]
        let session = try TmuxSession.start(["lesson", "2", "--step", "2"], width: 120, height: 40, environment: env)
        defer { session.kill() }
        var screen = try session.waitFor("cell 0/4704")
        #expect(screen.contains("[tab: use it]"))
        // The explorer is on the right of the step's text, on the same rows.
        let row = try #require(screen.split(separator: "\n").first { $0.contains("cell 0/4704") })
        #expect(row.range(of: "cell 0/4704")!.lowerBound > row.index(row.startIndex, offsetBy: 60))
        session.send("Tab")
        try session.waitFor("keys go here")
        session.send("n")
        session.send("n")
        screen = try session.waitFor("cell 2/4704")
        #expect(screen.contains("o[0,1,0] = sum of 75 products"))
        #expect(screen.contains("step 2/9"), "n went to the explorer, not to the lesson")
        #expect(screen.contains("A filter spans the full depth"))
        session.send("Tab")
        screen = try session.waitFor("tab into the conv explorer")
        #expect(screen.contains("cell 2/4704"), "the explorer keeps its state while the step is open")
        session.send("n")
        try session.waitFor("step 3/9")
        session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    /// Lesson 3's inspector at 80x24, where its pane is too small: tab shows it full-screen, so the
    /// line being edited is visible. conv1 goes from 6 to 9 filters of 5x5 on 32x32x3: 28x28x9.
    /// The edit is still there after n and p, and since it is in no file the first q only warns.
    @Test func inspectorEditAtEightyByTwentyFourIsKeptAndQuitWarns() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["XDG_STATE_HOME": state, "CONVTERM_LESSONS": LessonsEndToEndTests.lessons]
        let session = try TmuxSession.start(["lesson", "3", "--step", "1"], width: 80, height: 24, environment: env)
        defer { session.kill() }
        try session.waitFor("Press tab to use it full-screen")
        session.send("Tab")
        session.send("j")
        session.send("e")
        try session.waitFor("edit line 2: conv1: conv 6 5x5")
        for _ in 0..<5 { session.send("BSpace") }
        session.type("9 5x5")
        session.send("Enter")
        try session.waitFor("28x28x9")
        session.send("Tab")
        try session.waitFor("A ConvNet is a stack")
        session.send("n")
        try session.waitFor("step 2/[0-9]+")
        session.send("p")
        try session.waitFor("step 1/[0-9]+")
        session.send("Tab")
        try session.waitFor("28x28x9")
        session.send("Tab")
        try session.waitFor("A ConvNet is a stack")
        session.send("q")
        try session.waitFor("q again quits")
        session.send("q")
        #expect(try session.waitForExit() == 0)
    }

    /// A step's live demo runs inside the player: tab opens it full screen, its work reports
    /// through the player, and q brings the same step back.
    @Test func aLessonsDemoOpensInsideThePlayerAndQComesBack() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["XDG_STATE_HOME": state, "CONVTERM_LESSONS": LessonsEndToEndTests.lessons]
        let tmux = try TmuxSession.start(["lesson", "12", "--step", "3"], width: 120, height: 40, environment: env)
        defer { tmux.kill() }
        try tmux.waitFor("Data vs model parallelism")
        tmux.send("Tab")
        let demo = try tmux.waitFor("the same gradient up to round-off")
        #expect(demo.contains("back to the lesson"))
        tmux.send("q")
        try tmux.waitFor("Back from the live demo.")
        tmux.send("q")
        try tmux.waitFor("EXIT=0")
    }
}
