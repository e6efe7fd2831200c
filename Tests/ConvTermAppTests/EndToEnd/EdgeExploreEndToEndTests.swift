import Foundation
import Testing

/// `convterm explore conv --image` in a real terminal (tmux): the edge filter switches with v/h,
/// and q gives the terminal back.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end edge explorer tests skipped"))
struct EdgeExploreEndToEndTests {
    @Test func vAndHSwitchTheFilterAndQQuits() throws {
        let tmux = try TmuxSession.start(["explore", "conv", "--image"], width: 100, height: 30)
        defer { tmux.kill() }
        let first = try tmux.waitFor("a vertical-edge filter over a real picture")
        #expect(first.contains("picture 1/10"))
        #expect(first.contains("  1   0  -1"))
        tmux.send("h")
        let horizontal = try tmux.waitFor("a horizontal-edge filter over a real picture")
        #expect(horizontal.contains("  1   2   1"))
        tmux.send("n")
        try tmux.waitFor("picture 2/10")
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.terminalModes() == TmuxSession.Modes(alternateScreen: false, cursorVisible: true))
    }
}
