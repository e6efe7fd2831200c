import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Tensor/ActivationRecycler.swift and its use by inference passes
/// (Network.scores with retainsActivations false, LayerSequence.forward).
struct ActivationRecyclerTests {
    static let spec = """
    input 16x16x16
    conv 16 3x3 pad 1
    relu
    residual {
      conv 16 3x3 pad 1
      relu
      conv 16 3x3 pad 1
    }
    relu
    concat {
      branch {
        conv 4 1x1
      }
      branch {
        maxpool 3x3 stride 1 pad 1
      }
    }
    maxpool 2x2 stride 2
    fc 10
    dropout 0.5
    fc 5
    """

    @Test("inference passes on recycled buffers give the retaining pass's scores, pass after pass")
    func sameScores() throws {
        let network = try Network(spec: SpecParser.parse(Self.spec), seed: 7)
        var rng = Rand(state: 2)
        let input = Tensor(batch: 2, volume: network.spec.input, data: rng.floats(2 * network.spec.input.count))
        let kept = network.scores(input, PassContext(training: false, threads: 2))
        #expect(network.recycler.heldCount == 0, "a retaining pass recycles nothing")
        let inference = PassContext(training: false, threads: 2, retainsActivations: false)
        for pass in 0..<3 {
            let scores = network.scores(input, inference)
            #expect(scores == kept, "pass \(pass)")
        }
        #expect(network.recycler.heldCount > 0, "inference passes hand their activations back")
        #expect(input.data.count == 2 * 16 * 16 * 16, "the caller's input is untouched")
    }

    @Test("a recycled buffer that someone still holds is copied before it is written, never overwritten")
    func sharedStorageIsSafe() {
        let recycler = ActivationRecycler()
        let volume = Volume(width: 2, height: 2, depth: 1)
        let held = Tensor(batch: 1, volume: volume, data: [1, 2, 3, 4])
        recycler.give(held)
        var reused = recycler.take(1, volume)
        reused.data[0] = 99
        #expect(held.data == [1, 2, 3, 4])
        #expect(recycler.heldCount == 0)
        // Two of a size are kept, a third is dropped.
        for _ in 0..<3 { recycler.give(Tensor(zeros: 1, volume)) }
        #expect(recycler.heldCount == 2 * volume.count)
    }
}
