import Foundation
import Testing
@testable import ConvEngine

/// The cosine decay of the default recipe: its shape, and that a trainer really steps with it.
@Suite struct LearningRateScheduleTests {
    @Test func fallsAlongHalfACosineToOnePercentThenStaysThere() {
        let s = LearningRateSchedule(horizon: 100)
        #expect(s.factor(atStep: 0) == 1)
        // Half way: the cosine's middle, 0.01 + 0.99 * 0.5.
        #expect(abs(s.factor(atStep: 50) - 0.505) < 1e-12)
        #expect(abs(s.factor(atStep: 100) - 0.01) < 1e-12)
        #expect(abs(s.factor(atStep: 10_000) - 0.01) < 1e-12)
        let factors = (0...100).map { s.factor(atStep: $0) }
        #expect(zip(factors, factors.dropFirst()).allSatisfy { $0 > $1 }, "strictly falling until the horizon")
        #expect(LearningRateSchedule(horizon: 0).horizon == 1, "a zero horizon is clamped, not a division by zero")
    }

    /// A scheduled trainer's steps equal a constant-rate trainer's whose rate is lowered by hand
    /// between steps to the factors above (0.1, then 0.1 x 0.505, then 0.1 x 0.01).
    @Test func aTrainerStepsWithTheScheduledRate() throws {
        let spec = try SpecParser.parse("input 4x4x1\nfc1: fc 3\nsoftmax\n")
        func trainer() throws -> Trainer {
            try Trainer(network: try Network(spec: spec, initialization: .he, seed: 3),
                        optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.1), threads: 1)
        }
        let images = Tensor(batch: 2, volume: Volume(width: 4, height: 4, depth: 1), data: (0..<32).map { Float($0 % 5) / 5 - 0.4 })
        let scheduled = try trainer(), byHand = try trainer()
        scheduled.schedule = LearningRateSchedule(horizon: 2)
        for (step, rate) in [0.1, 0.0505, 0.001].enumerated() {
            byHand.optimizer.settings.learningRate = rate
            let reported = scheduled.train(images: images, labels: [1, 2]).learningRate
            _ = byHand.train(images: images, labels: [1, 2])
            #expect(abs(reported - rate) < 1e-12, "step \(step): \(reported)")
            for (a, b) in zip(scheduled.network.parameters, byHand.network.parameters) {
                #expect(zip(a.value, b.value).allSatisfy { abs($0 - $1) <= 1e-7 * max(1, abs($1)) }, "step \(step)")
            }
        }
        #expect(scheduled.optimizer.settings.learningRate == 0.1, "the base rate (saved, changed by [ ]) stays")
    }
}
