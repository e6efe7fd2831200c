import Foundation
import Testing

/// Negative numbers are values, not options: `--lr -1` gets a sentence about learning rates,
/// not "Missing value". Run through the built binary, as a user types them.
@Suite struct OptionValidationTests {
    func stderr(_ arguments: [String]) throws -> (status: Int32, text: String) {
        let run = try convterm(arguments)
        return (run.status, run.stderr)
    }

    static let cores = ProcessInfo.processInfo.activeProcessorCount

    @Test(arguments: [
        (["train", "--headless", "--lr", "-1"], "--lr must be a positive number no larger than 1e6, got -1"),
        (["train", "--headless", "--batch", "-1"], "--batch must be from 1 to 100,000, got -1"),
        (["train", "--headless", "--epochs", "-3"], "--epochs must be from 1 to 1,000,000, got -3"),
        (["train", "--headless", "--steps", "-5"], "--steps must be from 1 to 1,000,000,000, got -5"),
        (["train", "--headless", "--l2", "-0.5"], "--l2 must be zero or a positive number no larger than 1e6, got -0.5"),
        (["train", "--headless", "--seed", "-1"], "--seed must be a whole number from 0 to 18446744073709551615, got -1"),
        (["train", "--headless", "--threads", "1000"], "--threads must be from 1 to \(4 * cores) (4 x the \(cores) cores of this machine), got 1000"),
        (["train", "--headless", "--threads", "-2"], "--threads must be from 1 to \(4 * cores) (4 x the \(cores) cores of this machine), got -2"),
        (["eval", "--checkpoint", "none.ckpt", "--image", "-1"], "--image must be 0 or more, got -1"),
        (["eval", "--checkpoint", "none.ckpt", "--seed", "-1"], "--seed must be a whole number from 0 to 18446744073709551615, got -1"),
        (["summary", "vgg16", "--batch", "-1"], "--batch must be from 1 to 1,000,000, got -1"),
        (["explore", "conv", "--stride", "-2"], "--stride must be at least 1, got -2"),
        (["bench", "--threads", "1000"], "--threads must be from 1 to \(4 * cores) (4 x the \(cores) cores of this machine), got 1000"),
    ])
    func badNumbersGetASentenceNotMissingValue(arguments: [String], message: String) throws {
        let (status, text) = try stderr(arguments)
        #expect(status != 0)
        #expect(text.contains(message), "\(text)")
        #expect(!text.contains("Missing value"), "\(text)")
    }

    /// A missing directory for --save is refused before any training, not after it.
    @Test func saveIntoAMissingDirectoryIsRefusedUpFront() throws {
        let start = Date()
        let (status, text) = try stderr(["train", "--headless", "--steps", "100000", "--save", "/nonexistent-dir/run.ckpt"])
        #expect(status != 0)
        #expect(text.contains("--save /nonexistent-dir/run.ckpt: the directory /nonexistent-dir does not exist"), "\(text)")
        #expect(Date().timeIntervalSince(start) < 10, "refused before training")
    }

    /// Issue 17's message slips, each as a user met it: one "error:", never a Cocoa error number,
    /// no usage dump for a wrong step, lesson 0 is no lesson.
    @Test(arguments: [
        (["eval", "--checkpoint", "/tmp"], "error: /tmp is a directory; give the checkpoint file"),
        (["train", "--headless", "--net", "nosuchnet"], "error: no zoo net or file named `nosuchnet`"),
        (["lesson", "13"], "error: no lesson `13`"),
        (["lesson", "0"], "error: no lesson `0`"),
        (["lesson", "8", "--step", "60"], "error: --step must be from 1 to"),
        (["lesson", "1", "--lessons", "/nonexistent-lessons"], "error: --lessons /nonexistent-lessons: no .lesson files there"),
    ])
    func messagesSayWhatIsWrongOnce(arguments: [String], message: String) throws {
        let (status, text) = try stderr(arguments)
        #expect(status == 1)
        #expect(text.contains(message), "\(text)")
        #expect(!text.contains("error: error:") && !text.contains("NSCocoaErrorDomain") && !text.contains("Usage:"), "\(text)")
    }

    @Test func aNetErrorIsPrefixedOnce() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).net").path
        try "input 32x32x3\nconv 16 5x5 stride 2\nfc 10\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, text) = try stderr(["train", "--headless", "--net", path, "--steps", "1"])
        #expect(status == 1)
        #expect(text.hasPrefix("error: \(path):2:1:"), "\(text)")
        #expect(!text.contains("error: error:"))
    }

    /// `help train` states the shared defaults once, in whole sentences, and each option's default once.
    @Test func helpTrainReadsWell() throws {
        let text = try convterm(["help", "train"]).stdout
        #expect(text.contains("Defaults, the same for the dashboard, Train on the home screen and lesson 5"))
        let threads = try #require(text.split(separator: "\n").first { $0.contains("--threads <threads>") })
        #expect(threads.components(separatedBy: "default").count == 2, "the threads default stated once: \(threads)")
        #expect(!text.split(separator: "\n").contains { $0.hasSuffix("(test accuracy,") }, "a sentence broken by a hard line end")
    }
}
