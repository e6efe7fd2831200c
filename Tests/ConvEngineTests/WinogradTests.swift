import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/Winograd.swift and WinogradTransforms.swift: the
/// F(2x2, 3x3) forward pass against the naive loop nest, over odd sizes, paddings, partial tile
/// runs and several bands, and its independence from the thread count.
struct WinogradTests {
    static func geometry(c: Int, h: Int, w: Int, k: Int, pad: Int) -> ConvGeometry {
        ConvGeometry(inChannels: c, inHeight: h, inWidth: w, outChannels: k, kernelHeight: 3, kernelWidth: 3,
                     strideY: 1, strideX: 1, padTop: pad, padLeft: pad, outHeight: h + 2 * pad - 2, outWidth: w + 2 * pad - 2)
    }

    static let geometries: [(String, ConvGeometry)] = [
        ("VGG conv5 shape, fewer filters: 14x14x128 K32 pad 1 (7x7 tiles, one partial run)", geometry(c: 128, h: 14, w: 14, k: 32, pad: 1)),
        ("odd output 15x15: the last tile row and column half outside", geometry(c: 128, h: 15, w: 15, k: 36, pad: 1)),
        ("no padding, 30x33 -> 28x31, odd channel and filter counts", geometry(c: 33, h: 30, w: 33, k: 35, pad: 0)),
        ("pad 2 (output larger than input) 28x28x32 K32", geometry(c: 32, h: 28, w: 28, k: 32, pad: 2)),
        ("70 columns: 35 tiles a row, runs of 16, 16, 3 crossing 32-tile panels", geometry(c: 32, h: 12, w: 70, k: 40, pad: 1)),
        ("64 columns: whole runs only", geometry(c: 40, h: 14, w: 64, k: 32, pad: 1)),
    ]

    /// |got - want| within eps * 16 * (taps + 30) * magnitude: the transforms add a handful of
    /// rounding steps over terms at most a few times the direct sum's; indexing errors are O(1).
    func worst(_ g: ConvGeometry, _ got: [Float], input: [Float], weights: [Float], bias: [Float]?) -> (Int, Int) {
        var want = [Float](repeating: .nan, count: g.outputCount), mag = want
        bias.withOptionalPointer { b in ConvKernels.referenceForward(g, input: input, weights: weights, bias: b, output: &want) }
        bias.map { $0.map(abs) }.withOptionalPointer { b in
            ConvKernels.referenceForward(g, input: input.map(abs), weights: weights.map(abs), bias: b, output: &mag)
        }
        var bad = 0, first = -1
        for i in got.indices where !(abs(got[i] - want[i]) <= 1.2e-7 * 16 * Float(g.patchSize + 30) * mag[i] + 1e-30) {
            if first < 0 { first = i }
            bad += 1
        }
        return (bad, first)
    }

    @Test("forward matches the naive convolution, with and without bias, on 1 and 2 threads", arguments: geometries)
    func forward(name: String, g: ConvGeometry) {
        #expect(Winograd.applies(g), "\(name) should take the Winograd path")
        var rng = Rand(state: UInt64(g.inputCount &* 7 &+ g.weightCount) | 1)
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount), bias = rng.floats(g.outChannels)
        for threads in [1, 2] {
            for b in [bias, nil] {
                var got = [Float](repeating: .nan, count: g.outputCount)
                b.withOptionalPointer { bp in
                    ConvKernels.forward(g, input: input, weights: weights, bias: bp, output: &got, workspace: ConvWorkspace(), threads: threads)
                }
                let (bad, first) = worst(g, got, input: input, weights: weights, bias: b)
                #expect(bad == 0, "\(name) threads=\(threads) bias=\(b != nil): \(bad) wrong, first at \(first)")
            }
        }
    }

    @Test("several bands: any thread count (and so any banding) gives the same bits")
    func bandsAndThreads() {
        // 64 + 64 channels, 35 tiles a row: several bands, cut differently for 1, 2 and 3 threads.
        let g = Self.geometry(c: 64, h: 70, w: 70, k: 64, pad: 1)
        let plans = [1, 2, 3].map { Winograd.Plan(g, threads: $0) }
        #expect(plans.allSatisfy { $0.bands > 1 })
        #expect(Set(plans.map(\.rowsPerBand)).count > 1)
        var rng = Rand(state: 9)
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount), bias = rng.floats(g.outChannels)
        let workspace = ConvWorkspace()
        var outputs: [[Float]] = []
        for threads in [1, 2, 3] {
            var got = [Float](repeating: .nan, count: g.outputCount)
            ConvKernels.forward(g, input: input, weights: weights, bias: bias, output: &got, workspace: workspace, threads: threads)
            outputs.append(got)
        }
        #expect(outputs[0] == outputs[1])
        #expect(outputs[0] == outputs[2])
        let (bad, first) = worst(g, outputs[0], input: input, weights: weights, bias: bias)
        #expect(bad == 0, "\(bad) wrong, first at \(first)")
    }

    @Test("a conv layer over a batch transforms its filters once and matches the naive loop per image")
    func layerBatch() throws {
        let network = try Network(spec: SpecParser.parse("input 28x28x32\nconv 32 3x3 pad 1"), seed: 3)
        let conv = try #require(network.layers.first as? Convolution)
        #expect(Winograd.applies(conv.geometry))
        var rng = Rand(state: 4)
        let images = 3
        let input = rng.floats(images * 28 * 28 * 32)
        let out = network.scores(Tensor(batch: images, volume: Volume(width: 28, height: 28, depth: 32), data: input),
                                 PassContext(training: false, threads: 2))
        let g = conv.geometry
        for i in 0..<images {
            let image = Array(input[(i * g.inputCount)..<((i + 1) * g.inputCount)])
            let got = Array(out.data[(i * g.outputCount)..<((i + 1) * g.outputCount)])
            let (bad, first) = worst(g, got, input: image, weights: conv.weight.value, bias: conv.bias?.value)
            #expect(bad == 0, "image \(i): \(bad) wrong, first at \(first)")
        }
    }
}
