import Foundation
import Testing
@testable import ConvEngine

/// Header fields are checked when a checkpoint is read, whatever its checksum says: a value
/// that would trap (or silently break) a resumed run is refused with the field and the range.
@Suite struct CheckpointTests {
    func refusal(_ data: Data) -> String? {
        do {
            _ = try Checkpoint.decode(data, name: "run.ckpt")
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(arguments: [
        ("step", "step 9223372036854775807", 2, "the step count must be a whole number from 0 to 9,007,199,254,740,992"),
        ("step", "step -1", 2, "the step count must be a whole number from 0 to 9,007,199,254,740,992"),
        ("examples", "examples -32", 3, "the number of examples seen must be a whole number from 0 to 9,007,199,254,740,992"),
        ("rng", "rng 0 0 0 0", 4, "the random generator state is all zeros"),
        ("optimizer", "optimizer adam lr 0.01 l2 0.0 momentum 0.9 t 9223372036854775807", 5, "the optimizer step count `t` must be a whole number from 0 to 9,007,199,254,740,992"),
        ("optimizer", "optimizer adam lr 0.01 l2 0.0 momentum nan t 3", 5, "the momentum must be a number from 0 up to (not including) 1, got nan"),
        ("optimizer", "optimizer adam lr -0.01 l2 0.0 momentum 0.9 t 3", 5, "the learning rate must be a positive number, got -0.01"),
        ("optimizer", "optimizer adam lr 0.01 l2 inf momentum 0.9 t 3", 5, "the L2 decay must be zero or a positive number, got inf"),
    ])
    func outOfRangeHeaderFieldsAreRefusedByName(key: String, line: String, number: Int, expected: String) throws {
        let bad = CheckpointHeaders.replacing(key, with: line, in: try CheckpointHeaders.sample())
        let message = try #require(refusal(bad), "`\(line)` must be refused")
        #expect(message.hasPrefix("run.ckpt: header line \(number) (`\(line)`): \(expected)"), "\(message)")
        #expect(message.contains("use an earlier checkpoint"), "\(message)")
    }

    @Test func theLargestAcceptedCountsStillTrainWithoutTrapping() throws {
        let data = try CheckpointHeaders.sample()
        var edited = CheckpointHeaders.replacing("step", with: "step 9007199254740992", in: data)
        edited = CheckpointHeaders.replacing("examples", with: "examples 9007199254740992", in: edited)
        edited = CheckpointHeaders.replacing("optimizer", with: "optimizer adam lr 0.01 l2 0.0 momentum 0.9 t 9007199254740992", in: edited)
        let checkpoint = try Checkpoint.decode(edited, name: "run.ckpt")
        let trainer = try Trainer(network: tinyNetwork(seed: 4), optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), threads: 1)
        try checkpoint.restore(into: trainer)
        let (images, labels) = randomBatch(4, trainer.network.spec.input, classes: 5, seed: 9)
        let event = trainer.train(images: images, labels: labels)
        #expect(event.step == 9_007_199_254_740_993)
        #expect(event.examplesSeen == 9_007_199_254_740_996)
    }

    @Test func trainerAndOptimizerCountersSaturateInsteadOfTrapping() throws {
        let trainer = try Trainer(network: tinyNetwork(seed: 4), optimizer: OptimizerSettings(kind: .adam, learningRate: 0.01), threads: 1)
        trainer.restore(step: Int.max, examplesSeen: Int.max - 1)
        trainer.optimizer.t = Int.max
        let (images, labels) = randomBatch(4, trainer.network.spec.input, classes: 5, seed: 9)
        let event = trainer.train(images: images, labels: labels)
        #expect(!event.diverged)
        #expect(event.step == Int.max)
        #expect(event.examplesSeen == Int.max)
        #expect(trainer.optimizer.t == Int.max)
    }

    @Test func aHeaderWithCRLFLineEndsLoads() throws {
        let data = try CheckpointHeaders.sample()
        let (lines, payload) = CheckpointHeaders.split(data)
        let sealed = CheckpointHeaders.seal(lines, payload)
        #expect(sealed == data)
        let header = sealed.prefix(sealed.count - payload.count)
        let crlf = Data(String(decoding: header, as: UTF8.self).replacingOccurrences(of: "\n", with: "\r\n").utf8) + payload
        let original = try Checkpoint.decode(data, name: "run.ckpt")
        let loaded = try Checkpoint.decode(crlf, name: "run.ckpt")
        #expect(loaded.step == 3 && loaded.step == original.step)
        #expect(loaded.specText == original.specText)
        #expect(loaded.tensors.map(\.values) == original.tensors.map(\.values))
    }
}
