import Testing
@testable import ConvEngine

/// The memory estimate that refuses impossible runs before anything is allocated.
@Suite struct TrainingMemoryTests {
    static func shapes(_ text: String) throws -> NetworkShapes { NetworkShapes(try SpecParser.parse(text)) }
    static let gib: UInt64 = 1 << 30

    @Test func parametersCountWithGradientsAndOptimizerSlots() throws {
        // fc 100000 on 32x32x3: 3,072 x 100,000 weights + 100,000 biases = 307,300,000 parameters.
        let m = TrainingMemory(try Self.shapes("input 32x32x3\nfc 100000\n"), batch: 1, optimizerSlots: 1, threads: 2)
        #expect(m.parameterBytes == 307_300_000 * 4 * 3)
        let refusal = try #require(m.refusal(available: 4 * Self.gib, batch: 1))
        #expect(refusal.contains("fewer parameters"))
        #expect(refusal.contains("3.4 GiB"), "parameters and optimizer state: 3,687,600,000 bytes")
    }

    @Test func aHugeBatchIsRefusedWithABatchThatFits() throws {
        let s = try Self.shapes(Zoo.entry(named: "convnetjs-cifar10")!.text)
        let refusal = try #require(TrainingMemory(s, batch: 100_000, optimizerSlots: 1, threads: 2).refusal(available: 24 * Self.gib, batch: 100_000))
        #expect(refusal.contains("a smaller --batch"))
        #expect(TrainingMemory(s, batch: 32, optimizerSlots: 1, threads: 2).refusal(available: 24 * Self.gib, batch: 32) == nil)
    }

    @Test func deconvAndGroupedConvWorkspacesAreTheirUnfoldedColumns() throws {
        // A deconv unfolds over its input: 16 filters x 3x3 taps x 4x4 input pixels = 2,304 floats.
        let deconv = TrainingMemory(try Self.shapes("input 4x4x8\ndeconv 16 3x3 stride 2\n"), batch: 1, optimizerSlots: 0, threads: 2)
        #expect(deconv.workspaceBytes == 2_304 * 4 * 2)
        // A conv in 4 groups unfolds one group at a time: 3x3 x 8/4 channels x 6x6 outputs = 648 floats.
        let grouped = TrainingMemory(try Self.shapes("input 8x8x8\nconv 8 3x3 groups 4\n"), batch: 1, optimizerSlots: 0, threads: 1)
        #expect(grouped.workspaceBytes == 648 * 4)
    }

    @Test func activationsScaleWithTheBatch() throws {
        let s = try Self.shapes("input 8x8x1\nconv 2 3x3 pad 1\nfc 3\n")
        let one = TrainingMemory(s, batch: 1, optimizerSlots: 0, threads: 1)
        let ten = TrainingMemory(s, batch: 10, optimizerSlots: 0, threads: 1)
        #expect(ten.activationBytes == 10 * one.activationBytes)
        // The conv's im2col: 3x3x1 patch x 8x8 positions x 4 bytes, one per thread.
        #expect(one.workspaceBytes == 9 * 64 * 4)
    }

    /// Sizes that overflow Int saturate, so the run is refused instead of wrapping to "fits".
    @Test func anAbsurdRunSaturatesAndIsRefused() throws {
        let s = try Self.shapes("input 4096x4096x3\nconv 4096 3x3 pad 1\nfc 10\n")
        let m = TrainingMemory(s, batch: 100_000_000, optimizerSlots: 2, threads: 4)
        #expect(m.activationBytes == Int.max)
        #expect(m.totalBytes == Int.max)
        #expect(m.refusal(available: 24 * Self.gib, batch: 100_000_000) != nil)
    }
}
