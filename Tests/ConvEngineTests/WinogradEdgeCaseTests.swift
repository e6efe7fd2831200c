import Testing
@testable import ConvEngine

/// Edge cases of Sources/ConvEngine/Kernels/Winograd.swift beyond WinogradTests: extreme widths
/// and heights, uneven paddings, cropped and extended outputs, several k- and row-blocks of the
/// packed filters, writes past the output, reused workspaces, batches through layers, and how far
/// one extreme pixel reaches.
struct WinogradEdgeCaseTests {
    static func geo(c: Int, h: Int, w: Int, k: Int, pad: Int, oh: Int? = nil, ow: Int? = nil) -> ConvGeometry {
        ConvGeometry(inChannels: c, inHeight: h, inWidth: w, outChannels: k, kernelHeight: 3, kernelWidth: 3,
                     strideY: 1, strideX: 1, padTop: pad, padLeft: pad,
                     outHeight: oh ?? h + 2 * pad - 2, outWidth: ow ?? w + 2 * pad - 2)
    }

    static let geometries: [(String, ConvGeometry)] = [
        ("pad 0 odd 31x31", geo(c: 32, h: 31, w: 31, k: 37, pad: 0)),
        ("pad 2 odd 27x27", geo(c: 33, h: 27, w: 27, k: 32, pad: 2)),
        ("pad 3 odd 23x27", geo(c: 32, h: 23, w: 27, k: 45, pad: 3)),
        ("ow 32 exactly: whole SIMD32 store reaching the row's end", geo(c: 32, h: 30, w: 32, k: 32, pad: 1)),
        ("ow 31: 16 tiles, last column half out", geo(c: 32, h: 29, w: 31, k: 33, pad: 1)),
        ("ow 34: 17 tiles, run of 1", geo(c: 32, h: 25, w: 34, k: 50, pad: 1)),
        ("ow 2, tall: 1 tile a row", geo(c: 40, h: 400, w: 2, k: 32, pad: 0, oh: 398, ow: 2)),
        ("ow 1: half a tile a row", geo(c: 40, h: 800, w: 1, k: 32, pad: 1, oh: 800, ow: 1)),
        ("oh 1 (one half tile row)", geo(c: 32, h: 1, w: 800, k: 32, pad: 1)),
        ("crop: outputs reach only part of the input", geo(c: 32, h: 40, w: 41, k: 32, pad: 1, oh: 30, ow: 29)),
        ("beyond: outputs past the padded bottom/right", geo(c: 32, h: 28, w: 27, k: 32, pad: 1, oh: 31, ow: 33)),
        ("K 20 (mr 10), C 128, 14x14", geo(c: 128, h: 14, w: 14, k: 40, pad: 1)),
        ("K 36 (mr 12) C 129 odd 15x14", geo(c: 129, h: 15, w: 14, k: 36, pad: 1)),
        ("K 64 (mr 8?) 33x33", geo(c: 32, h: 33, w: 33, k: 64, pad: 1)),
        ("pad 0 rows, 2 columns", ConvGeometry(inChannels: 32, inHeight: 31, inWidth: 27, outChannels: 32, kernelHeight: 3, kernelWidth: 3,
                                               strideY: 1, strideX: 1, padTop: 0, padLeft: 2, outHeight: 29, outWidth: 29)),
        ("pad 2 rows, 0 columns", ConvGeometry(inChannels: 32, inHeight: 27, inWidth: 33, outChannels: 32, kernelHeight: 3, kernelWidth: 3,
                                               strideY: 1, strideX: 1, padTop: 2, padLeft: 0, outHeight: 29, outWidth: 31)),
        ("C 300: two k-blocks of packed A", geo(c: 300, h: 14, w: 15, k: 32, pad: 1)),
        ("K 130: two mc blocks of packed A", geo(c: 32, h: 28, w: 29, k: 130, pad: 1)),
        ("2100 wide: over 1024 tiles a band, two nc blocks", geo(c: 32, h: 2, w: 2100, k: 33, pad: 1)),
        ("70x70 64/64: several bands (band-parallel for 2+ threads)", geo(c: 64, h: 70, w: 69, k: 64, pad: 1)),
    ]

    @Test("Winograd edge geometries: right answer, no writes past the output, same bits for 1...5 threads", arguments: geometries)
    func edges(name: String, g: ConvGeometry) {
        #expect(Winograd.applies(g), "\(name)")
        var rng = Rand(state: UInt64(g.inputCount &* 3 &+ g.outChannels))
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount), bias = rng.floats(g.outChannels)
        var first: [Float]? = nil
        let canary = 97
        for threads in 1...5 {
            var got = [Float](repeating: .nan, count: g.outputCount + canary)
            got.withUnsafeMutableBufferPointer { y in
                for i in g.outputCount..<y.count { y[i] = 12345 }
            }
            got.withUnsafeMutableBufferPointer { y in
                ConvKernels.forward(g, input: input, weights: weights, bias: bias, output: y.baseAddress!, workspace: ConvWorkspace(), threads: threads)
            }
            #expect(got[g.outputCount...].allSatisfy { $0 == 12345 }, "\(name) threads \(threads): wrote past the output")
            let out = Array(got[0..<g.outputCount])
            if let first { #expect(out == first, "\(name): threads \(threads) differ from 1") } else { first = out }
            let (bad, at) = WinogradTests().worst(g, out, input: input, weights: weights, bias: bias)
            #expect(bad == 0, "\(name) threads \(threads): \(bad) wrong, first at \(at)")
        }
    }

    @Test("Winograd: one workspace reused over geometries of different sizes, smaller after bigger")
    func reusedWorkspace() {
        let ws = ConvWorkspace()
        for (i, (name, g)) in Self.geometries.enumerated() {
            var rng = Rand(state: UInt64(i + 11))
            let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount)
            for threads in [3, 1, 2] {
                var got = [Float](repeating: .nan, count: g.outputCount)
                ConvKernels.forward(g, input: input, weights: weights, bias: nil, output: &got, workspace: ws, threads: threads)
                let (bad, at) = WinogradTests().worst(g, got, input: input, weights: weights, bias: nil)
                #expect(bad == 0, "\(name) threads \(threads): \(bad) wrong, first at \(at)")
            }
        }
    }

    @Test("conv layers over batches of 1...5 images on 1...4 threads: same scores as per-image naive loops", arguments: [1, 2, 3, 5])
    func layerBatches(images: Int) throws {
        let spec = "input 33x31x32\nconv 40 3x3 pad 1\nconv 33 3x3 pad 0\nconv 36 3x3 pad 2"
        let network = try Network(spec: SpecParser.parse(spec), seed: 5)
        var rng = Rand(state: 8)
        let input = Tensor(batch: images, volume: network.spec.input, data: rng.floats(images * network.spec.input.count))
        var outs: [Tensor] = []
        for threads in 1...4 {
            outs.append(network.scores(input, PassContext(training: false, threads: threads)))
            outs.append(network.scores(input, PassContext(training: false, threads: threads, retainsActivations: false)))
        }
        for o in outs { #expect(o == outs[0]) }
        // Naive per layer.
        var x = input.data
        for layer in network.layers {
            let conv = try #require(layer as? Convolution)
            let g = conv.geometry
            #expect(Winograd.applies(g))
            var y = [Float](repeating: 0, count: images * g.outputCount)
            for i in 0..<images {
                let img = Array(x[(i * g.inputCount)..<((i + 1) * g.inputCount)])
                var o = [Float](repeating: 0, count: g.outputCount)
                conv.bias!.value.withUnsafeBufferPointer { b in
                    ConvKernels.referenceForward(g, input: img, weights: conv.weight.value, bias: b.baseAddress, output: &o)
                }
                for j in 0..<g.outputCount { y[i * g.outputCount + j] = o[j] }
            }
            x = y
        }
        var worst: Float = 0
        for i in x.indices { worst = max(worst, abs(x[i] - outs[0].data[i]) / max(1, abs(x[i]))) }
        #expect(worst < 1e-3, "worst relative error \(worst)")
    }

    @Test("a non-finite or huge input pixel reaches no output outside its 3x3 neighbourhood, though Winograd mixes a whole 4x4 tile")
    func tileContamination() {
        let g = Self.geo(c: 32, h: 28, w: 28, k: 32, pad: 1)
        var rng = Rand(state: 1)
        var input = rng.floats(g.inputCount)
        let weights = rng.floats(g.weightCount)
        for (value, label) in [(Float.infinity, "inf"), (1e8, "1e8")] {
            input[10 * 28 + 10] = value                      // channel 0, row 10, col 10
            var got = [Float](repeating: 0, count: g.outputCount), want = got
            ConvKernels.forward(g, input: input, weights: weights, bias: nil, output: &got, workspace: ConvWorkspace(), threads: 1)
            ConvKernels.referenceForward(g, input: input, weights: weights, bias: nil, output: &want)
            // Outputs outside rows/cols 9...11 do not see the pixel in a direct convolution.
            var far = 0, worst: Float = 0
            for f in 0..<32 { for y in 0..<28 { for x in 0..<28 where !((9...11).contains(y) && (9...11).contains(x)) {
                let i = (f * 28 + y) * 28 + x
                if !got[i].isFinite { far += 1 } else { worst = max(worst, abs(got[i] - want[i])) }
            } } }
            #expect(far == 0 && worst < 1e-4, "\(label): \(far) non-finite outputs outside the neighbourhood, worst error there \(worst)")
        }
    }
}
