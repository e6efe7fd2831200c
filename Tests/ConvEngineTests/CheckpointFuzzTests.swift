import Foundation
import FuzzSupport
import Testing
@testable import ConvEngine

/// Damaged checkpoints: raw byte damage (the checksum's job) and rewritten header fields with a
/// valid checksum (the field checks' job). Every file loads and trains a step, or is refused with
/// a message naming the file; none traps.
@Suite struct CheckpointFuzzTests {
    @Test func damagedCheckpointsLoadAndTrainOrAreRefusedClearly() throws {
        let samples = try [CheckpointHeaders.sample(kind: .adam), CheckpointHeaders.sample(kind: .momentum), CheckpointHeaders.sample(kind: .sgd)]
        let (images, labels) = randomBatch(2, Volume(width: 8, height: 8, depth: 3), classes: 5, seed: 9)
        var loaded = 0, refused = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 2)
            let sample = mutator.pick(samples)
            let damaged: Data
            if mutator.below(4) == 0 {
                damaged = Data(mutator.mutate([UInt8](sample)))
            } else {
                // Mutate the header text only, then reseal it so the checksum passes: half the
                // time one field's value, so most of these get past the syntax to the range checks.
                let (lines, payload) = CheckpointHeaders.split(sample)
                let header = lines.joined(separator: "\n")
                // Lines 1-4 are the counters, RNG state and optimizer settings: the values resume trusts.
                let text = mutator.below(2) == 0
                    ? mutator.replaceWord(in: header, lines: 1..<5, tokens: Mutator.numericTokens)
                    : mutator.mutate(header)
                damaged = CheckpointHeaders.seal(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init), payload)
            }
            do {
                let checkpoint = try Checkpoint.decode(damaged, name: "run.ckpt")
                let trainer = try Trainer(network: tinyNetwork(seed: 4), optimizer: checkpoint.optimizer, threads: 1)
                do {
                    try checkpoint.restore(into: trainer)
                } catch {
                    refused += 1
                    #expect(!"\(error)".isEmpty, "case \(index)")
                    continue
                }
                _ = trainer.train(images: images, labels: labels)
                loaded += 1
            } catch {
                refused += 1
                #expect("\(error)".hasPrefix("run.ckpt: ") && "\(error)".count > 12, "case \(index): \(error)")
            }
        }
        #expect(loaded > 0 && refused > 0, "loaded \(loaded), refused \(refused)")
    }
}
