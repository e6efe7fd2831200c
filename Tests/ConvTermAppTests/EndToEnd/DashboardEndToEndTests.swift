import ConvEngine
import Foundation
import Testing

/// The built `convterm dashboard` in a private tmux server: keys in, pane text out, and the
/// terminal given back (alternate screen left, cursor shown) however the program ends.
@Suite(.serialized, .enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end dashboard tests skipped"))
struct DashboardEndToEndTests {
    static let arguments = ["dashboard", "--train-count", "600", "--test-count", "100", "--seed", "3", "--fps", "20"]
    /// The terminal these tests were written against (the harness defaults to screen-256color).
    static let xterm = ["TERM": "xterm-256color"]
    static let restored = TmuxSession.Modes(alternateScreen: false, cursorVisible: true)

    @Test func keysPauseStepLearningRateLayerZoomHelpResizeAndQuit() throws {
        let tmux = try TmuxSession.start(Self.arguments, width: 120, height: 40, environment: Self.xterm)
        defer { tmux.kill() }
        try tmux.waitFor("TRAINING  step [1-9]")
        try tmux.waitFor("conv1    conv 5x5/1  32x32x16")

        tmux.send("Space")
        try tmux.waitFor("PAUSED  step [0-9,]+")
        // A step already under way when the key came still finishes: wait until the count settles.
        var step = -1
        for _ in 0..<50 {
            let shown = try TmuxSession.firstMatch("PAUSED  step ([0-9,]+)", in: tmux.capture())
            let now = Int(shown?.replacingOccurrences(of: ",", with: "") ?? "") ?? -1
            if now == step && now >= 0 { break }
            step = now
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(step > 0)
        tmux.send("n")
        try tmux.waitFor("PAUSED  step \((step + 1).grouped) ")

        tmux.send("]")
        try tmux.waitFor("learning rate 0.04 \\(was 0.02\\); training continues")
        try tmux.waitFor("PAUSED  step \((step + 1).grouped) ")

        tmux.send("j")
        try tmux.waitFor("conv1 activations  32x32x16")
        tmux.send("z")
        // (?s): the zoomed panel's title and its key line are on different rows.
        try tmux.waitFor("(?s)\nconv1 activations .*tab view  z back")
        tmux.send("z")
        try tmux.waitFor("tab view  z zoom")

        tmux.send("?")
        try tmux.waitFor("Dashboard keys")
        tmux.send("x")
        try tmux.waitFor("tab view  z zoom", absent: "Dashboard keys")

        tmux.resize(width: 90, height: 30)
        // 90x30 is the compact tier: its stats say "ms/ex", and the full tier's "act min" is gone.
        try tmux.waitFor("ms/ex f", absent: "act min")
        tmux.resize(width: 70, height: 20)
        try tmux.waitFor("need 80x24, have 70x20")
        tmux.resize(width: 120, height: 40)
        try tmux.waitFor("act min\\.\\.max")

        tmux.send("q")
        try tmux.waitFor("(?s)Quit\\? .* since the last save would be lost")
        tmux.send("y")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.terminalModes() == Self.restored)
        #expect(try tmux.echoIsOn())
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let tmux = try TmuxSession.start(Self.arguments, width: 100, height: 30, environment: Self.xterm)
        defer { tmux.kill() }
        try tmux.waitFor("TRAINING  step [1-9]")
        tmux.send("C-c")
        #expect(try tmux.waitForExit() == 130)
        #expect(tmux.terminalModes() == Self.restored)
        #expect(try tmux.echoIsOn())
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try TmuxSession.start(Self.arguments, width: 100, height: 30, environment: Self.xterm)
        defer { tmux.kill() }
        try tmux.waitFor("TRAINING  step [1-9]")
        let pid = try #require(tmux.programPID())
        kill(pid, SIGTERM)
        #expect(try tmux.waitForExit() == 143)
        #expect(tmux.terminalModes() == Self.restored)
        #expect(try tmux.echoIsOn())
    }

    /// An SSH connection dropping sends SIGHUP: the terminal comes back, and with --save the run
    /// is saved first (a checkpoint `eval` can load).
    @Test func sighupRestoresTheTerminalAndSavesTheRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-hup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("run.ckpt").path
        let tmux = try TmuxSession.start(Self.arguments + ["--save", path], width: 100, height: 30, environment: Self.xterm)
        defer { tmux.kill() }
        try tmux.waitFor("TRAINING  step [1-9]")
        let pid = try #require(tmux.programPID())
        kill(pid, SIGHUP)
        #expect(try tmux.waitForExit() == 129)
        #expect(tmux.terminalModes() == Self.restored)
        #expect(try tmux.echoIsOn())
        try tmux.waitFor("interrupted; saved step [0-9]+ to ")
        let eval = try convterm(["eval", "--checkpoint", path, "--seed", "3"])
        #expect(eval.status == 0, "the checkpoint written on SIGHUP loads: \(eval.stderr)")
    }

    /// A crash (here a SIGSEGV from outside; a Swift trap is SIGILL) still gives the terminal back.
    @Test func aCrashRestoresTheTerminal() throws {
        let tmux = try TmuxSession.start(Self.arguments, width: 100, height: 30, environment: Self.xterm)
        defer { tmux.kill() }
        try tmux.waitFor("TRAINING  step [1-9]")
        let pid = try #require(tmux.programPID())
        kill(pid, SIGSEGV)
        #expect(try tmux.waitForExit(timeout: .seconds(30)) == 128 + SIGSEGV)
        #expect(tmux.terminalModes() == Self.restored)
        #expect(try tmux.echoIsOn())
        try tmux.waitFor("convterm crashed; the terminal was restored")
        #expect(try tmux.echoIsOn())
    }

    @Test func coloursUnderXterm256AndNoneUnderNoColor() throws {
        let colour = try TmuxSession.start(Self.arguments + ["--paused"], width: 100, height: 30, environment: Self.xterm)
        defer { colour.kill() }
        try colour.waitFor("PAUSED")
        let escaped = colour.capture(colors: true)
        #expect(escaped.contains("38;5;") || escaped.contains("48;5;"))
        colour.send("q")
        #expect(try colour.waitForExit() == 0)

        let plain = try TmuxSession.start(Self.arguments + ["--paused"], width: 100, height: 30,
                                          environment: Self.xterm.merging(["NO_COLOR": "1"]) { $1 })
        defer { plain.kill() }
        try plain.waitFor("PAUSED")
        let text = plain.capture(colors: true)
        #expect(!text.contains("38;5;") && !text.contains("48;5;"))
        #expect(try TmuxSession.firstMatch("\u{1b}\\[[0-9;]*(3[0-7]|4[0-7]|9[0-7])m", in: text) == nil, "no colour escapes at all")
        #expect(text.contains("PAUSED"))
        plain.send("q")
        #expect(try plain.waitForExit() == 0)
    }
}
