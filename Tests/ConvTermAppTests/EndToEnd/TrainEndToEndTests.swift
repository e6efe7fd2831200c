import Foundation
import Testing

/// `convterm train --headless` in a real terminal: the progress line, and Ctrl-C saving a checkpoint.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end train tests skipped"))
struct TrainEndToEndTests {
    @Test func ctrlCSavesACheckpointAndExitsCleanly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-ctrlc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        let session = try TmuxSession.start(["train", "--headless", "--epochs", "50", "--batch", "4", "--save", checkpoint])
        defer { session.kill() }
        // On a terminal the progress bar redraws one line with ETA, loss and accuracy.
        try session.waitFor(#"ETA \d+:\d\d +epoch 1 step \d+ +loss \d\.\d+ acc \d+%"#, timeout: .seconds(30))
        session.send("C-c")
        #expect(try session.waitForExit(timeout: .seconds(30)) == 130)
        let screen = session.capture()
        #expect(screen.contains("Interrupted after"))
        #expect(screen.contains("Checkpoint: \(checkpoint)"))
        let header = try String(decoding: Data(contentsOf: URL(fileURLWithPath: checkpoint)).prefix(64), as: UTF8.self)
        #expect(header.hasPrefix("convterm-checkpoint 1\nstep "))
    }

    /// A terminal the dashboard cannot draw on says how to train anyway.
    @Test func aDumbTerminalSuggestsHeadless() throws {
        let session = try TmuxSession.start(["train"], environment: ["TERM": "dumb"])
        defer { session.kill() }
        #expect(try session.waitForExit(timeout: .seconds(30)) == 2)
        try session.waitFor("add --headless")
    }

    /// A resumed run reports its own steps and speed, not the earlier run's as well.
    @Test func aResumedRunCountsOnlyItsOwnSteps() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-resume-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("run.ckpt").path
        #expect(try convterm(["train", "--headless", "--steps", "20", "--batch", "4", "--save", path]).status == 0)
        let resumed = try convterm(["train", "--headless", "--steps", "5", "--batch", "4", "--resume", path])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains(": 5 steps, 20 examples in"), "\(resumed.stdout)")
    }
}
