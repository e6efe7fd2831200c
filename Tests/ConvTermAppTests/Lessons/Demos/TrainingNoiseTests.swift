import Testing
@testable import ConvTermApp

@Suite struct TrainingNoiseTests {
    /// The noise is Gaussian-like with the asked standard deviation and replays from its seed.
    @Test func trainingNoiseHasItsSigmaAndReplays() {
        var a = TrainingNoise(sigma: 0.2, seed: 3), b = TrainingNoise(sigma: 0.2, seed: 3)
        var x = [Float](repeating: 0.1, count: 100_000), y = x
        a.add(to: &x)
        b.add(to: &y)
        #expect(x == y)
        let mean = x.reduce(0.0) { $0 + Double($1) } / Double(x.count)
        let variance = x.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(x.count)
        #expect(abs(mean - 0.1) < 0.005)
        #expect(abs(variance.squareRoot() - 0.2) < 0.005)
        var c = TrainingNoise(sigma: 0.2, seed: 4), z = [Float](repeating: 0.1, count: 100_000)
        c.add(to: &z)
        #expect(z != x)
    }
}
