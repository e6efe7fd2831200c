import Testing
@testable import ConvEngine

/// Softmax cross-entropy through log-sum-exp: a confidently wrong example costs its logit gap,
/// not infinity. Expected values are worked out by hand (or with math.log in Python), not by the engine.
@Suite struct SoftmaxTests {
    func scores(_ rows: [[Float]]) -> Tensor {
        Tensor(batch: rows.count, volume: Volume(vector: rows[0].count), data: rows.flatMap { $0 })
    }

    @Test func aConfidentlyWrongExampleCostsItsLogitGap() {
        // log(e^200 + e^0 + e^0) - 0 = 200 + log(1 + 2e^-200) = 200 (the rest is ~1e-87).
        let (loss, _, gradient) = Softmax.crossEntropy(scores: scores([[200, 0, 0]]), labels: [1])
        #expect(loss.isFinite)
        #expect(abs(loss - 200) < 1e-9)
        // softmax = (1, e^-200, e^-200) ~ (1, 0, 0) in float32; minus the one-hot of label 1.
        #expect(gradient.data == [1, -1, 0])
    }

    @Test func lossAndGradientMatchTheFormula() {
        // log(e^1 + e^2 + e^3) - 1 = 2.40760596444438; softmax = (0.0900306, 0.2447285, 0.6652410).
        let (loss, probabilities, gradient) = Softmax.crossEntropy(scores: scores([[1, 2, 3], [1, 2, 3]]), labels: [0, 2])
        // Mean of 2.40760596444438 and log(e^1 + e^2 + e^3) - 3 = 0.40760596444438.
        #expect(abs(loss - 1.40760596444438) < 1e-6)
        let expectedP: [Float] = [0.0900306, 0.2447285, 0.6652410]
        for (got, want) in zip(probabilities.data, expectedP + expectedP) { #expect(abs(got - want) < 1e-6) }
        // (p - onehot) / N with N = 2.
        let expectedGradient: [Float] = [(0.0900306 - 1) / 2, 0.2447285 / 2, 0.6652410 / 2,
                                         0.0900306 / 2, 0.2447285 / 2, (0.6652410 - 1) / 2]
        for (got, want) in zip(gradient.data, expectedGradient) { #expect(abs(got - want) < 1e-6) }
    }

    @Test func nonFiniteScoresStillGiveANonFiniteLoss() {
        // The trainer stops on a non-finite loss; log-sum-exp must not hide a blown-up network.
        let (loss, _, _) = Softmax.crossEntropy(scores: scores([[.nan, 0, 0]]), labels: [1])
        #expect(!loss.isFinite)
        let (infinite, _, _) = Softmax.crossEntropy(scores: scores([[.infinity, 0, 0]]), labels: [1])
        #expect(!infinite.isFinite)
    }
}
