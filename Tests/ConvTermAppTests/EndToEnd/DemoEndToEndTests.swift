import Foundation
import Testing

/// `convterm demo NAME` in a real terminal (tmux): full screen, the standalone footer, q quits.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end demo tests skipped"))
struct DemoEndToEndTests {
    @Test func aDemoRunsFullScreenAndQuitsOnQ() throws {
        let tmux = try TmuxSession.start(["demo", "parallel"], width: 100, height: 30)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("the same gradient up to round-off")
        #expect(screen.contains("Data vs model parallelism: vgg16 on 2 workers"))
        // Run on its own, there is no lesson to go back to.
        #expect(screen.contains("q quit"))
        #expect(!screen.contains("back to the lesson"))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.terminalModes() == TmuxSession.Modes(alternateScreen: false, cursorVisible: true))
    }

    /// 80x24 and projector mode: the transfer demo starts and shows its two tasks.
    @Test func presentModeFitsAnEightyByTwentyFourTerminal() throws {
        let tmux = try TmuxSession.start(["demo", "transfer", "--present", "--set", "pretrain=3", "--set", "steps=3"], width: 80, height: 24)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("New-task test accuracy", timeout: .seconds(60))
        #expect(screen.contains("1. Old task"))
        #expect(!screen.contains("step 3/3"))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
