import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// `convterm eval` of a --task checkpoint: its test images are generated for it, so their number
/// is bounded before anything is allocated; its seed is read (and checked) from the header.
@Suite struct TaskCheckpointReportTests {
    /// A segment checkpoint after 1 step of 4, seed 2, written and read back.
    func checkpoint(_ change: (inout [String: String]) -> Void = { _ in }) throws -> (path: String, checkpoint: Checkpoint) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-eval-\(UUID().uuidString).ckpt")
        defer { try? FileManager.default.removeItem(at: url) }
        var s = TaskTrainingJob.Settings(task: .segment, threads: 1)
        s.steps = 1
        s.batch = 4
        s.seed = 2
        s.savePath = url.path
        _ = try TaskTrainingJob(s).run(progress: { _ in })
        var saved = try Checkpoint.read(from: url)
        change(&saved.extra)
        try saved.write(to: url)
        return (url.path, try Checkpoint.read(from: url))
    }

    func evaluate(_ saved: (path: String, checkpoint: Checkpoint), count: Int? = nil) throws -> String {
        try TaskCheckpointReport.evaluate(checkpointPath: saved.path, checkpoint: saved.checkpoint, data: "synthetic", seed: nil, count: count, threads: 1)
    }

    /// 10,000,000 images were 41 GB allocated up front, and the process was killed.
    @Test(arguments: [10_001, 10_000_000, 0])
    func aCountBeyondTheTestImagesThatCanBeMadeIsRefused(count: Int) throws {
        let saved = try checkpoint()
        #expect { try evaluate(saved, count: count) } throws: {
            "\($0)" == "--count \(count): a --task segment checkpoint is measured on test images generated for the purpose, at most 10,000 (the default is the run's 200); give --count from 1 to 10,000"
        }
    }

    @Test func theSeedIsTheCheckpointsAndADamagedOneIsRefused() throws {
        #expect(try evaluate(checkpoint(), count: 3).contains("step 1) on 3 test images of the built-in set (seed 2): mean IoU "))
        let damaged = try checkpoint { $0["seed"] = "two" }
        #expect { try evaluate(damaged, count: 3) } throws: { "\($0)".hasPrefix("\(damaged.path): header line `extra seed two`: expected the seed") }
        // Weights with a loss line but no run (imported from PyTorch) are measured on the usual seed.
        let imported = try checkpoint { $0 = [:] }
        #expect(try evaluate(imported, count: 3).contains("(--task segment, its net, step 1) on 3 test images of the built-in set (seed 1)"))
    }
}
