import ConvEngine
import Foundation
import Testing

/// `convterm train --task`: segmentation and localization train headless on the built-in set,
/// save, resume (after a signal too) and are measured by `eval`; CIFAR is refused, saying why.
@Suite(.serialized) struct TrainTaskCommandTests {
    @Test func segmentTrainsHeadlessAndReportsTheMeanIoU() throws {
        let run = try convterm(["train", "--task", "segment", "--steps", "3", "--batch", "4", "--threads", "1", "--headless"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("segment: mean IoU "))
        #expect(run.stdout.contains("after 3 steps of 4 (segnet-tiny, seed 1"))
        #expect(run.stderr.contains("step 3/3: mean test IoU"))
    }

    @Test func cifarAndClassificationOptionsAreRefused() throws {
        let cifar = try convterm(["train", "--task", "localize", "--data", "cifar10", "--headless"])
        #expect(cifar.status != 0)
        #expect(cifar.stderr.contains("--task localize needs --data synthetic"))
        #expect(cifar.stderr.contains("CIFAR stays classification"))
        // A segmentation net given to an ordinary (classification) run says which task it needs.
        let net = try convterm(["train", "--net", "segnet-tiny", "--steps", "1", "--headless"])
        #expect(net.status != 0)
        #expect(net.stderr.contains("give --task segment"))
    }

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-task-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// `--batch 32` is the classification default, and still means 32 here (segment's own is 16).
    @Test func anExplicitBatchOfThirtyTwoIsHonoured() throws {
        let run = try convterm(["train", "--task", "segment", "--steps", "1", "--batch", "32", "--threads", "1", "--headless"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("after 1 steps of 32 "), "\(run.stdout)")
        let plain = try convterm(["train", "--task", "segment", "--steps", "1", "--threads", "1", "--headless"])
        #expect(plain.stdout.contains("after 1 steps of 16 "), "\(plain.stdout)")
    }

    @Test func savesResumesAndEvalReportsTheMeanIoU() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("seg.ckpt").path
        let first = try convterm(["train", "--task", "segment", "--steps", "2", "--batch", "4", "--threads", "1", "--headless", "--save", checkpoint])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Checkpoint: \(checkpoint)"))
        let again = try convterm(["train", "--task", "segment", "--resume", checkpoint, "--threads", "1", "--headless"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("finished its run at step 2; give --steps N"))
        let more = try convterm(["train", "--task", "segment", "--resume", checkpoint, "--steps", "1", "--threads", "1", "--headless", "--save", checkpoint])
        #expect(more.status == 0, "\(more.stderr)")
        #expect(more.stdout.contains("after 3 steps of 4 (segnet-tiny, seed 1"), "\(more.stdout)")
        let measured = try #require(more.stderr.split(separator: "\n").last { $0.hasPrefix("step 3/3: mean test IoU ") })
        let eval = try convterm(["eval", "--checkpoint", checkpoint, "--threads", "1"])
        #expect(eval.status == 0, "\(eval.stderr)")
        #expect(eval.stdout.contains("(--task segment, segnet-tiny, step 3) on 200 test images of the built-in set (seed 1): mean IoU \(measured.suffix(5))"), "\(eval.stdout)")
        // Refused before 10,000,000 images (41 GB) are generated.
        let huge = try convterm(["eval", "--checkpoint", checkpoint, "--count", "10000000"])
        #expect(huge.status == 1)
        #expect(huge.stderr.contains("error: --count 10000000: a --task segment checkpoint is measured on test images generated for the purpose, at most 10,000"), "\(huge.stderr)")
        let image = try convterm(["eval", "--checkpoint", checkpoint, "--image", "0"])
        #expect(image.status == 2)
        #expect(image.stderr.contains("--image lists a classifier's top guesses; \(checkpoint) ends in `loss pixelsoftmax`: run `convterm eval --checkpoint \(checkpoint)` for its mean IoU"))
    }

    /// SIGTERM mid-run: the step finishes, the checkpoint is written, the summary says where it
    /// stopped, and the exit status is 128 + 15 as a shell expects.
    @Test func aSignalSavesTheCheckpointAndTheRunResumesFromIt() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let checkpoint = dir.appendingPathComponent("box.ckpt").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(TmuxSession.convtermPath))
        process.arguments = ["train", "--task", "localize", "--steps", "100000", "--threads", "1", "--headless", "--save", checkpoint]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // The first progress line comes after the untrained measurement, when steps are under way.
        var seen = Data()
        while !String(decoding: seen, as: UTF8.self).contains("step 0/100000") {
            let chunk = err.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += chunk
        }
        Thread.sleep(forTimeInterval: 1)
        process.terminate()
        // A run that ignores the signal is killed, so the suite fails instead of hanging.
        let deadline = Date().addingTimeInterval(60)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        let stdout = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 128 + SIGTERM)
        #expect(stdout.contains("of 100000 (interrupted); resume with --resume \(checkpoint)."), "\(stdout)")
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: checkpoint))
        #expect(saved.step > 0 && stdout.contains("Stopped at step \(saved.step) of 100000"))
        let resumed = try convterm(["train", "--task", "localize", "--resume", checkpoint, "--steps", "1", "--threads", "1", "--headless"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(resumed.stdout.contains("after \(saved.step + 1) steps of 32"), "\(resumed.stdout)")
    }

    @Test func aTimeLimitStopsTheRunAndSaysSo() throws {
        let run = try convterm(["train", "--task", "segment", "--steps", "100000", "--time-limit", "1", "--threads", "1", "--headless"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("Stopped at step "))
        #expect(run.stdout.contains(" of 100000 (--time-limit 1 s)."))
    }
}
