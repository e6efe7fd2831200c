import Foundation
import Testing

/// `convterm train` / `eval` as a user runs them: the built binary, real files, exit codes.
@Suite(.serialized) struct TrainCommandTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// CIFAR-10 records: label byte then 3,072 pixel bytes.
    func records(_ labels: [UInt8]) -> Data {
        var data = Data()
        for (i, label) in labels.enumerated() {
            data.append(label)
            data.append(contentsOf: (0..<3072).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ i &* 13) })
        }
        return data
    }

    @Test func trainsSavesLogsAndResumes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("run.ckpt").path
        let log = dir.appendingPathComponent("run.jsonl").path
        let first = try convterm(["train", "--headless", "--steps", "130", "--batch", "8", "--l2", "0", "--save", checkpoint, "--log", log])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Trained convnetjs-cifar10 on synthetic: 130 steps, 1040 examples"))
        #expect(first.stdout.contains("Test accuracy:"))
        #expect(first.stdout.contains("Confusion matrix"))
        // Not a terminal: plain progress lines, no carriage-return redraws.
        #expect(!first.stderr.contains("\r"))
        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 1, "one entry per tenth of an epoch (1,250 steps of 8)")
        let entry = try #require(JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(entry["step"] as? Int == 125)
        #expect(entry["examples"] as? Int == 1000)
        #expect(entry["validation_accuracy"] != nil && entry["images_per_second"] != nil && entry["loss"] != nil)
        #expect(entry["validation_step"] as? Int == 125, "the first log entry validates at its own step")

        let resumed = try convterm(["train", "--headless", "--steps", "2", "--batch", "8", "--resume", checkpoint, "--save", checkpoint])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let eval = try convterm(["eval", "--checkpoint", checkpoint, "--image", "3"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("Image 3 of synthetic: true class"))
        #expect(eval.stdout.contains("  1. "))
        let header = try String(decoding: Data(contentsOf: URL(fileURLWithPath: checkpoint)).prefix(200), as: UTF8.self)
        #expect(header.contains("step 132"))
        #expect(header.contains("l2 0.0 "), "a resumed run keeps the saved L2 unless told otherwise")
    }

    @Test func corruptInputsGiveOneClearMessageAndNonZeroExit() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let truncated = dir.appendingPathComponent("truncated.bin")
        try (records([1, 2]) + Data([1, 2, 3])).write(to: truncated)
        let badLabel = dir.appendingPathComponent("labels.bin")
        try records([1, 12]).write(to: badLabel)
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let unrelated = dir.appendingPathComponent("unrelated")
        try FileManager.default.createDirectory(at: unrelated, withIntermediateDirectories: true)
        try "hello".write(to: unrelated.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let wrongShape = dir.appendingPathComponent("wrong.net")
        try "input 32x16x6\nfc 10\n".write(to: wrongShape, atomically: true, encoding: .utf8)
        let cases: [([String], String)] = [
            (["--net", wrongShape.path], "takes 32x16x6 input"),
            (["--lr", "1e39"], "--lr must be a positive number"),
            (["--data", truncated.path], "not a whole number of 3,073-byte records"),
            (["--data", badLabel.path], "record 1"),
            (["--data", empty.path], "empty"),
            (["--data", unrelated.path], "notes.txt"),
            (["--data", dir.appendingPathComponent("missing").path], "missing"),
            (["--net", "vgg17"], "did you mean `vgg16`?"),
            (["--net", "alexnet"], "shape-only"),
        ]
        for (arguments, message) in cases {
            let run = try convterm(["train", "--headless", "--steps", "1"] + arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr.contains(message), "\(arguments): \(run.stderr)")
            #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"), "\(arguments): \(run.stderr)")
        }
    }

    @Test func aCheckpointOfAnotherNetworkIsRefusedAndNotOverwritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("fc.ckpt")
        let saved = try convterm(["train", "--headless", "--steps", "2", "--net", "fc-cifar10", "--save", checkpoint.path])
        #expect(saved.status == 0, "\(saved.stderr)")
        let before = try Data(contentsOf: checkpoint)
        let run = try convterm(["train", "--headless", "--steps", "2", "--net", "convnetjs-cifar10", "--resume", checkpoint.path, "--save", checkpoint.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("different network"), "\(run.stderr)")
        #expect(try Data(contentsOf: checkpoint) == before)
        let damaged = dir.appendingPathComponent("damaged.ckpt")
        try before.prefix(before.count / 2).write(to: damaged)
        let truncatedRun = try convterm(["train", "--headless", "--steps", "1", "--resume", damaged.path])
        #expect(truncatedRun.status == 1)
        #expect(truncatedRun.stderr.contains("truncated"), "\(truncatedRun.stderr)")
    }
}
