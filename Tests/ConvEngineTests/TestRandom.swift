@testable import ConvEngine

/// Random test data from the engine's own seeded generator, so failures reproduce.
struct Rand {
    var generator: SeededRandom

    init(state: UInt64) {
        generator = SeededRandom(seed: state)
    }

    /// Uniform in [-1, 1).
    mutating func float() -> Float { generator.nextUnitFloat() * 2 - 1 }
    mutating func floats(_ n: Int) -> [Float] { (0..<n).map { _ in float() } }
    mutating func int(_ range: ClosedRange<Int>) -> Int { range.lowerBound + generator.nextInt(below: range.count) }
}
