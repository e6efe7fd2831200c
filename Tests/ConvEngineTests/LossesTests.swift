import Foundation
import Testing
@testable import ConvEngine

/// The losses beyond classification: hand-worked values, centered-difference gradient checks of
/// the references in Double, and the Float runtime (`Losses`) against the references.
@Suite struct LossesTests {
    func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1e-8, abs(a) + abs(b)) }

    /// The largest relative error between the analytic gradient and centered differences of `loss`.
    func gradientCheck(_ x: [Double], analytic: [Double], h: Double = 1e-6, loss: ([Double]) -> Double) -> Double {
        var worst = 0.0
        for j in x.indices {
            var plus = x, minus = x
            plus[j] += h
            minus[j] -= h
            worst = max(worst, relative((loss(plus) - loss(minus)) / (2 * h), analytic[j]))
        }
        return worst
    }

    @Test func smoothL1AndL2HandWorked() {
        // d = 0.5: 0.5 * 0.25 = 0.125; d = -2: 2 - 0.5 = 1.5; mean 0.8125. Gradients d/M and sign/M.
        let (s, gs) = Losses.regression(.smoothL1, [1.5, 0][...], targets: [1, 2][...])
        #expect(abs(s - 0.8125) < 1e-9)
        #expect(gs == [0.25, -0.5])
        // L2: (0.25 + 4) / 2 = 2.125; gradients 2d/M = 0.5, -2.
        let (l, gl) = Losses.regression(.l2, [1.5, 0][...], targets: [1, 2][...])
        #expect(abs(l - 2.125) < 1e-9)
        #expect(gl == [0.5, -2])
    }

    @Test func regressionGradientsMatchCenteredDifferences() {
        var rng = SeededRandom(seed: 3)
        // Outputs spread over [-3, 3) so smooth-L1 sees both of its pieces; none within 0.01 of the kink.
        var x: [Double] = [], t: [Double] = []
        while x.count < 40 {
            let a = rng.nextUnitDouble() * 6 - 3, b = rng.nextUnitDouble() * 2 - 1
            if abs(abs(a - b) - 1) > 0.01 { x.append(a); t.append(b) }
        }
        #expect(x.indices.contains { abs(x[$0] - t[$0]) > 1 } && x.indices.contains { abs(x[$0] - t[$0]) < 1 })
        for kind in LossSpec.Regression.allCases {
            let analytic = ReferenceLosses.regression(kind, x, targets: t).gradient
            let error = gradientCheck(x, analytic: analytic) { ReferenceLosses.regression(kind, $0, targets: t).loss }
            #expect(error < 1e-7, "\(kind): \(error)")
            // A wrong gradient (a factor 2) is caught: the check can fail.
            let wrong = gradientCheck(x, analytic: analytic.map { $0 * 2 }) { ReferenceLosses.regression(kind, $0, targets: t).loss }
            #expect(wrong > 0.1)
            let float = Losses.regression(kind, x.map { Float($0) }[...], targets: t.map { Float($0) }[...])
            let reference = ReferenceLosses.regression(kind, x, targets: t)
            #expect(abs(float.loss - reference.loss) < 1e-5)
            for (a, b) in zip(float.gradient, reference.gradient) { #expect(abs(Double(a) - b) < 1e-6) }
        }
    }

    @Test func pixelSoftmaxGradientMatchesCenteredDifferences() {
        var rng = SeededRandom(seed: 5)
        let n = 2, c = 3, hw = 6
        let x = (0..<(n * c * hw)).map { _ in rng.nextGaussian() * 2 }
        let labels = (0..<(n * hw)).map { _ in rng.nextInt(below: c) }
        let analytic = ReferenceLosses.pixelSoftmaxCrossEntropy(x, n: n, classes: c, pixels: hw, labels: labels).gradient
        let error = gradientCheck(x, analytic: analytic, h: 1e-5) {
            ReferenceLosses.pixelSoftmaxCrossEntropy($0, n: n, classes: c, pixels: hw, labels: labels).loss
        }
        // The exps go through Double(Foundation.exp) in the generic reference: round-off near 1e-7.
        #expect(error < 1e-6, "\(error)")
        // The same gradient with one pixel's channels transposed is caught.
        var swapped = analytic
        swapped.swapAt(0, hw)
        #expect(gradientCheck(x, analytic: swapped) { ReferenceLosses.pixelSoftmaxCrossEntropy($0, n: n, classes: c, pixels: hw, labels: labels).loss } > 0.1)
        // The Float runtime against the reference.
        let scores = Tensor(batch: n, volume: Volume(width: 3, height: 2, depth: c), data: x.map { Float($0) })
        let float = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: labels)
        let reference = ReferenceLosses.pixelSoftmaxCrossEntropy(scores.data.map { Double($0) }, n: n, classes: c, pixels: hw, labels: labels)
        #expect(abs(float.loss - reference.loss) < 1e-6)
        for (a, b) in zip(float.gradient.data, reference.gradient) { #expect(abs(Double(a) - b) < 1e-7) }
    }

    @Test func aOnePixelImageIsAClassifiersCrossEntropy() {
        // One pixel, depth K: the per-pixel loss is the classifier's, which is checked by hand elsewhere.
        let scores = Tensor(batch: 2, volume: Volume(width: 1, height: 1, depth: 3), data: [1, 2, 3, 1, 2, 3])
        let pixel = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: [0, 2])
        // Mean of log(e^1+e^2+e^3) - 1 and log(e^1+e^2+e^3) - 3.
        #expect(abs(pixel.loss - 1.40760596444438) < 1e-6)
        let classifier = Softmax.crossEntropy(scores: scores, labels: [0, 2])
        #expect(pixel.gradient.data == classifier.scoreGradient.data)
    }

    @Test func aConfidentlyWrongPixelCostsItsLogitGap() {
        let scores = Tensor(batch: 1, volume: Volume(width: 2, height: 1, depth: 2), data: [300, 0, 0, 0])
        // Pixel 0: scores (300, 0), label 1 -> 300; pixel 1: (0, 0), label 0 -> log 2. Mean (300 + log 2) / 2.
        let (loss, _) = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: [1, 0])
        #expect(abs(loss - (300 + Foundation.log(2.0)) / 2) < 1e-9)
    }

    @Test func classifyAndRegressAddsTheTwoLosses() {
        // One image: 3 class scores (1, 2, 3), label 2; then 2 numbers (0.5, -2) against (0, 0), weight 2.
        let outputs = Tensor(batch: 1, volume: Volume(vector: 5), data: [1, 2, 3, 0.5, -2])
        let (loss, gradient) = Losses.evaluate(.classifyAndRegress(classes: 3, regression: .smoothL1, values: 2, weight: 2),
                                               outputs: outputs, targets: .labelsAndValues([2], [0, 0]))
        // log(e^1+e^2+e^3) - 3 = 0.40760596444438; smooth-L1 mean (0.125 + 1.5) / 2 = 0.8125, times 2.
        #expect(abs(loss - (0.40760596444438 + 2 * 0.8125)) < 1e-6)
        let expected: [Float] = [0.0900306, 0.2447285, 0.6652410 - 1, 2 * 0.5 / 2, 2 * -1 / 2]
        for (a, b) in zip(gradient.data, expected) { #expect(abs(a - b) < 1e-6) }
    }

    @Test func aSegmentationNetLearnsAPixelRule() throws {
        // The class of each pixel is whether its first channel is positive: a 1x1 conv can learn
        // it exactly, so 60 steps must take the pixel accuracy far above the half a constant gets.
        let spec = try SpecParser.parse("input 4x4x2\nconv 2 1x1\nloss pixelsoftmax")
        let trainer = try Trainer(network: try Network(spec: spec, seed: 1), optimizer: OptimizerSettings(kind: .sgd, learningRate: 1, l2: 0), threads: 1)
        var rng = SeededRandom(seed: 2)
        var last: TrainingEvent?
        for _ in 0..<60 {
            let x = (0..<(8 * 32)).map { _ in Float(rng.nextGaussian()) }
            var labels: [Int] = []
            for i in 0..<8 { for p in 0..<16 { labels.append(x[i * 32 + p] > 0 ? 1 : 0) } }
            last = trainer.train(images: Tensor(batch: 8, volume: spec.input, data: x), targets: .pixelLabels(labels))
        }
        #expect(try #require(last).batchAccuracy > 0.9)
    }

    @Test func aClassifierTrainerRefusesAPictureOutputWithAHint() throws {
        let spec = try SpecParser.parse("input 4x4x2\nconv 2 1x1")
        #expect {
            try Trainer(network: try Network(spec: spec, seed: 1), optimizer: OptimizerSettings(kind: .sgd))
        } throws: { ($0 as? SpecError)?.message.contains("loss pixelsoftmax") == true }
        let boxes = try SpecParser.parse("input 4x4x2\nconv 2 1x1\nloss softmax 3 + smoothl1 4")
        #expect {
            try Trainer(network: try Network(spec: boxes, seed: 1), optimizer: OptimizerSettings(kind: .sgd))
        } throws: { ($0 as? SpecError)?.message.contains("fc 7") == true }
    }
}

/// A pixel label outside the net's classes would index another pixel's scores: it stops the
/// program (an exit test: a child process runs it) instead of training on garbage.
@Suite struct PixelLabelRangeTests {
    // The child's stderr (the precondition's message) came back as unreadable bytes from this
    // toolchain's exit-test capture, so only the stop is checked; the message is in Losses.swift.
    @Test func aLabelAsLargeAsTheClassCountStops() async {
        await #expect(processExitsWith: .failure) {
            // Two images, so label 2 of image 0 points inside the buffer (at image 1's scores):
            // only the range check stops it, not a bounds check.
            let scores = Tensor(batch: 2, volume: Volume(width: 2, height: 1, depth: 2), data: [0, 1, 1, 0, 0, 1, 1, 0])
            _ = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: [2, 0, 1, 0])
        }
    }

    @Test func aNegativeLabelStops() async {
        await #expect(processExitsWith: .failure) {
            // Label -1 of image 1 points back at image 0's scores, inside the buffer.
            let scores = Tensor(batch: 2, volume: Volume(width: 2, height: 1, depth: 2), data: [0, 1, 1, 0, 0, 1, 1, 0])
            _ = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: [1, 0, -1, 0])
        }
    }

    @Test func labelsInRangeGiveTheLoss() {
        // Scores (0, 1) then (1, 0) per pixel, labels 1 and 0: each pixel's loss is log(1 + e^-1).
        let scores = Tensor(batch: 1, volume: Volume(width: 2, height: 1, depth: 2), data: [0, 1, 1, 0])
        let (loss, _) = Losses.pixelSoftmaxCrossEntropy(scores: scores, labels: [1, 0])
        #expect(abs(loss - log(1 + exp(-1.0))) < 1e-9)
    }
}
