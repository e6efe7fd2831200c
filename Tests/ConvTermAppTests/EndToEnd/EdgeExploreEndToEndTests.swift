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

    /// --data: the pictures of a CIFAR-10 file (three made-up records here), from --picture on.
    @Test func dataGivesCIFARPictures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("edge-cifar-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pixels: [UInt8] = (0..<3072).map { UInt8(($0 * 8) % 256) }
        var records: [UInt8] = []
        for label: UInt8 in 0..<3 { records += [label] + pixels }
        try Data(records).write(to: dir.appendingPathComponent("test_batch.bin"))
        let tmux = try TmuxSession.start(["explore", "conv", "--image", "--data", dir.path, "--picture", "2"], width: 160, height: 30)
        defer { tmux.kill() }
        // Pictures 2 and 3 of the file; the second record is an `automobile`.
        let screen = try tmux.waitFor("picture 1/2: `automobile`")
        #expect(screen.contains(dir.lastPathComponent + " training"))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
