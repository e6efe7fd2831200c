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

    /// The segmentation demo trains in the terminal: test images with the net's mask and the
    /// true mask drawn as pictures, each image's IoU beside them, the curve, then the verdict.
    @Test func theSegmentationDemoDrawsMasksAndItsCurve() throws {
        let tmux = try TmuxSession.start(["demo", "segment", "--set", "steps=20", "--set", "train=200", "--set", "test=40",
                                          "--set", "measure-every=10"], width: 120, height: 60)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("before training", timeout: .seconds(120))
        #expect(screen.contains("Segmentation, live: segnet-tiny"))
        #expect(screen.contains("test image") && screen.contains("net's mask") && screen.contains("true mask"))
        #expect(screen.contains("step 20/20"))
        #expect(screen.contains("mean test IoU"))
        // Four rows of three 32x32 pictures, 16 text rows each, drawn with half blocks.
        let pictureRows = screen.split(separator: "\n").filter { $0.filter { $0 == "▀" || $0 == "▄" }.count >= 90 }
        #expect(pictureRows.count >= 16, "\(pictureRows.count) rows of pictures:\n\(screen)")
        #expect(screen.split(separator: "\n").filter { $0.contains("IoU 0.") || $0.contains("IoU 1.00") }.count >= 4)
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func theLocalizationDemoDrawsBoxes() throws {
        let tmux = try TmuxSession.start(["demo", "localize", "--set", "steps=20", "--set", "train=200", "--set", "test=40",
                                          "--set", "measure-every=10"], width: 120, height: 50)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("step 20/20", timeout: .seconds(120))
        #expect(screen.contains("Localization, live: boxnet-tiny"))
        #expect(screen.contains("green: the net's box"))
        let pictureRows = screen.split(separator: "\n").filter { $0.filter { $0 == "▀" || $0 == "▄" }.count >= 60 }
        #expect(pictureRows.count >= 16, "\(pictureRows.count) rows of pictures:\n\(screen)")
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
