import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// A lesson-10 checkpoint's run fields read back: a real run's are what it wrote; a hand-edited
/// one (its checksum recomputed, as `Checkpoint.write` does, so only the value is wrong) is
/// refused naming the file, the key, the value and the range, never replaced by a default.
@Suite struct ObjectRunStateTests {
    /// A segment run of 2 steps of 4 on 40 images, seed 3, saved at its end; `change` edits its
    /// `extra` lines before it is written to `path` and read back.
    func saved(to path: String, _ change: (inout [String: String]) -> Void = { _ in }) throws -> Checkpoint {
        var r = try #require(TrainingTask.segment.recipe)
        r.steps = 2
        r.batch = 4
        r.trainCount = 40
        r.testCount = 2
        r.seed = 3
        r.threads = 1
        var last: Checkpoint?
        _ = try SegmentRun(recipe: r).run(control: ObjectRunControl(save: { last = $0 }))
        var checkpoint = try #require(last)
        change(&checkpoint.extra)
        let url = URL(fileURLWithPath: path)
        try checkpoint.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        return try Checkpoint.read(from: url)
    }

    var path: String { FileManager.default.temporaryDirectory.appendingPathComponent("convterm-state-\(UUID().uuidString).ckpt").path }

    @Test func aRunsOwnFieldsReadBackAsWritten() throws {
        let path = self.path
        let state = try ObjectRunState(saved(to: path), path: path)
        #expect(state.seed == 3 && state.trainCount == 40 && state.batch == 4)
        #expect(state.epoch == 0 && state.position == 8 && state.end == 2)
    }

    @Test(arguments: [
        // An epoch near Int.max used to trap when the order turned over.
        ("order", "9223372036854775807 0",
         "expected the data order's epoch (a whole number from 0 to 9,007,199,254,740,992) and position in it (a whole number from 0 to 40, the train-images)"),
        ("order", "0 41", "position in it (a whole number from 0 to 40, the train-images)"),
        ("order", "-1 0", "the data order's epoch"),
        ("order", "3", "the data order's epoch"),
        ("order", "0 8 1", "the data order's epoch"),
        // A huge set used to be generated up front (4 KB an image).
        ("train-images", "100000000", "expected the training set's size, a whole number from 10 to 50,000"),
        ("train-images", "9", "expected the training set's size, a whole number from 10 to 50,000"),
        ("batch", "0", "expected the batch, a whole number from 1 to 100,000"),
        ("batch", "100001", "expected the batch, a whole number from 1 to 100,000"),
        ("batch", "four", "expected the batch, a whole number from 1 to 100,000"),
        ("seed", "-1", "expected the seed, a whole number from 0 to 18446744073709551615"),
        ("run-end", "1", "expected the step the run ends at, a whole number from 2 to 9,007,199,254,740,992 (it was saved at step 2)"),
    ])
    func aBadValueIsRefusedNamingTheKeyAndTheRange(key: String, value: String, expected: String) throws {
        let path = self.path
        let checkpoint = try saved(to: path) { $0[key] = value }
        #expect { try ObjectRunState(checkpoint, path: path) } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("\(path): header line `extra \(key) \(value)`: ") && text.contains(expected)
                && text.hasSuffix("the header was edited or damaged; use an earlier checkpoint, or put back the value the run wrote")
        }
    }

    @Test(arguments: ["seed", "train-images", "batch", "order", "run-end"])
    func aMissingLineIsRefusedNotDefaulted(key: String) throws {
        let path = self.path
        let checkpoint = try saved(to: path) { $0[key] = nil }
        #expect { try ObjectRunState(checkpoint, path: path) } throws: { error in
            "\(error)".hasPrefix("\(path): the header has no `extra \(key)` line, which every --task checkpoint has (")
        }
    }
}
