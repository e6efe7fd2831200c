import Foundation
import Testing
@testable import ConvEngine

/// The low-frequency share, against what the definition says for filters we can reason about.
@Suite struct FilterFrequencyTests {
    @Test func aConstantFilterIsAllLowFrequency() throws {
        let share = try #require(FilterFrequency.lowFrequencyShare(weights: [Float](repeating: 0.3, count: 2 * 3 * 25),
                                                                  filters: 2, channels: 3, height: 5, width: 5))
        #expect(abs(share - 1) < 1e-9)
    }

    @Test func aCheckerboardHasNoLowFrequency() throws {
        // (-1)^(x+y) on 6x6 sits entirely at (u, v) = (3, 3), the highest frequency.
        let w = (0..<36).map { Float(($0 / 6 + $0 % 6) % 2 == 0 ? 1 : -1) }
        let share = try #require(FilterFrequency.lowFrequencyShare(weights: w, filters: 1, channels: 1, height: 6, width: 6))
        #expect(share < 1e-9)
    }

    @Test func whiteNoiseGivesNineOverTheKernelArea() throws {
        var rng = SeededRandom(seed: 4)
        let w = (0..<(400 * 3 * 25)).map { _ in Float(rng.nextGaussian()) }
        let share = try #require(FilterFrequency.lowFrequencyShare(weights: w, filters: 400, channels: 3, height: 5, width: 5))
        #expect(abs(share - 9.0 / 25) < 0.02, "\(share)")
    }

    @Test func threeByThreeKernelsHaveNoShare() {
        // Every frequency of a 3x3 kernel is among the nine lowest: the number would say nothing.
        #expect(FilterFrequency.lowFrequencyShare(weights: [Float](repeating: 1, count: 9), filters: 1, channels: 1,
                                                  height: 3, width: 3) == nil)
    }
}
