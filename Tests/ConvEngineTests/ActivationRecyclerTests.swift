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

    static let recyclerSpecs: [String] = [
        // pass-through first layer: the caller's input reaches index 1
        "input 8x8x4\ndropout 0.5\nconv 8 3x3 pad 1\nrelu\nfc 5",
        "input 8x8x4\nflatten\nfc 20\nrelu\nfc 5",
        // residual whose body starts with a pass-through layer, identity shortcut
        "input 8x8x8\nresidual {\n  dropout 0.3\n  conv 8 3x3 pad 1\n  relu\n  conv 8 3x3 pad 1\n}\nrelu\nfc 5",
        // residual with a projection shortcut and batchnorm
        "input 8x8x8\nconv 8 3x3 pad 1\nresidual {\n  conv 16 3x3 pad 1\n  batchnorm\n  relu\n  conv 16 3x3 pad 1\n  batchnorm\n  shortcut {\n    conv 16 1x1\n    batchnorm\n  }\n}\nrelu\nglobalavgpool\nfc 5",
        // concat whose branches start with a pass-through layer
        "input 8x8x8\nconv 8 3x3 pad 1\nconcat {\n  branch {\n    dropout 0.2\n    relu\n    conv 4 1x1\n  }\n  branch {\n    dropout 0.2\n    maxpool 3x3 stride 1 pad 1\n    relu\n  }\n  branch {\n    relu\n  }\n}\navgpool 2x2 stride 2\nrelu\nfc 12\nsoftmax\nrelu\nfc 5",
        // residual with empty-ish body of pass-through layers only
        "input 8x8x8\nconv 8 3x3 pad 1\nresidual {\n  dropout 0.1\n}\nrelu\nfc 5",
    ]

    @Test("networks with pass-through, residual, concat and batchnorm layers: recycled passes keep scores, input and earlier scores", arguments: recyclerSpecs)
    func recycled(spec: String) throws {
        let network = try Network(spec: SpecParser.parse(spec), seed: 3)
        var rng = Rand(state: 6)
        for batch in [3, 1, 3] {
            let data = rng.floats(batch * network.spec.input.count)
            let input = Tensor(batch: batch, volume: network.spec.input, data: data)
            let kept = network.scores(input, PassContext(training: false, threads: 2))
            var earlier: [Tensor] = []
            for pass in 0..<4 {
                let s = network.scores(input, PassContext(training: false, threads: 1 + pass % 2, retainsActivations: false))
                #expect(s == kept, "pass \(pass)")
                earlier.append(s)
                #expect(input.data == data, "input changed")
            }
            for e in earlier { #expect(e == kept, "a returned score tensor changed later") }
            // retaining again after inference
            #expect(network.scores(input, PassContext(training: false, threads: 2)) == kept)
        }
    }

    @Test("the caller's input never goes into the pool, even through a pass-through first layer")
    func callersInputStaysOut() throws {
        let network = try Network(spec: SpecParser.parse("input 8x8x4\ndropout 0.5\nfc 5"), seed: 1)
        var rng = Rand(state: 3)
        let input = Tensor(batch: 2, volume: network.spec.input, data: rng.floats(2 * 8 * 8 * 4))
        _ = network.scores(input, PassContext(training: false, threads: 1, retainsActivations: false))
        #expect(network.recycler.heldCount == 0, "dropout passed the input through; fc made the only activation, which is returned")
    }
}
