import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/ConvKernels.swift and Im2Col.swift: the im2col + GEMM
/// convolutions against the naive loop nests, over the CIFAR demo's layers and awkward geometries.
struct ConvKernelsTests {

    /// (name, geometry); sizes follow out = (in + padBefore + padAfter - kernel) / stride + 1.
    static let geometries: [(String, ConvGeometry)] = [
        ("ConvNetJS conv1 32x32x3 K16 5x5 pad 2",
         ConvGeometry(inChannels: 3, inHeight: 32, inWidth: 32, outChannels: 16, kernelHeight: 5, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 32, outWidth: 32)),
        ("ConvNetJS conv2 16x16x16 K20 5x5 pad 2",
         ConvGeometry(inChannels: 16, inHeight: 16, inWidth: 16, outChannels: 20, kernelHeight: 5, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 16, outWidth: 16)),
        ("ConvNetJS conv3 8x8x20 K20 5x5 pad 2",
         ConvGeometry(inChannels: 20, inHeight: 8, inWidth: 8, outChannels: 20, kernelHeight: 5, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 8, outWidth: 8)),
        ("stride 2, 3x3 pad 1, 32x32x3 K8",
         ConvGeometry(inChannels: 3, inHeight: 32, inWidth: 32, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
                      strideY: 2, strideX: 2, padTop: 1, padLeft: 1, outHeight: 16, outWidth: 16)),
        ("1x1 kernel 8x8x12 K7",
         ConvGeometry(inChannels: 12, inHeight: 8, inWidth: 8, outChannels: 7, kernelHeight: 1, kernelWidth: 1,
                      strideY: 1, strideX: 1, padTop: 0, padLeft: 0, outHeight: 8, outWidth: 8)),
        ("non-square 3x5 kernel, strides 1x2, 10x12x4 K5",
         ConvGeometry(inChannels: 4, inHeight: 10, inWidth: 12, outChannels: 5, kernelHeight: 3, kernelWidth: 5,
                      strideY: 1, strideX: 2, padTop: 1, padLeft: 2, outHeight: 10, outWidth: 6)),
        ("ceil rounding: extra bottom-right pad, 8x8x3 3x3 s2 -> 4x4",
         ConvGeometry(inChannels: 3, inHeight: 8, inWidth: 8, outChannels: 5, kernelHeight: 3, kernelWidth: 3,
                      strideY: 2, strideX: 2, padTop: 0, padLeft: 0, outHeight: 4, outWidth: 4)),
        ("asymmetric: pad top 1 left 0, bottom 2 right 1, 9x11x2 K3 4x3 s3x2",
         ConvGeometry(inChannels: 2, inHeight: 9, inWidth: 11, outChannels: 3, kernelHeight: 4, kernelWidth: 3,
                      strideY: 3, strideX: 2, padTop: 1, padLeft: 0, outHeight: 4, outWidth: 6)),
        ("7x7 input 3x3 stride 2",
         ConvGeometry(inChannels: 2, inHeight: 7, inWidth: 7, outChannels: 3, kernelHeight: 3, kernelWidth: 3,
                      strideY: 2, strideX: 2, padTop: 0, padLeft: 0, outHeight: 3, outWidth: 3)),
        ("full conv: pad 2 on a 3x3 input, whole rows outside",
         ConvGeometry(inChannels: 2, inHeight: 3, inWidth: 3, outChannels: 2, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 5, outWidth: 5)),
        ("wide 5x40 input, 33 filters, rows cross 32-pixel panels",
         ConvGeometry(inChannels: 3, inHeight: 5, inWidth: 40, outChannels: 33, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 5, outWidth: 40)),
        ("large enough to split over two threads: 24x24x16 K32 5x5 pad 2",
         ConvGeometry(inChannels: 16, inHeight: 24, inWidth: 24, outChannels: 32, kernelHeight: 5, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 24, outWidth: 24)),
        // The stride-1 input gradient as a forward pass over dy (ConvKernels.transposedGeometry):
        ("ResNet-20 stage 1: 32x32x16 K16 3x3 pad 1",
         ConvGeometry(inChannels: 16, inHeight: 32, inWidth: 32, outChannels: 16, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 32, outWidth: 32)),
        ("ResNet-20 stage 3: 8x8x64 K64 3x3 pad 1",
         ConvGeometry(inChannels: 64, inHeight: 8, inWidth: 8, outChannels: 64, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 8, outWidth: 8)),
        ("transposed edge: 8 channels, no padding (flipped pad 2), 7x9 input",
         ConvGeometry(inChannels: 8, inHeight: 7, inWidth: 9, outChannels: 5, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 0, padLeft: 0, outHeight: 5, outWidth: 7)),
        ("transposed edge: pad top 2 left 0 on 3x3, bottom-right input rows feeding no output",
         ConvGeometry(inChannels: 9, inHeight: 6, inWidth: 7, outChannels: 3, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 0, outHeight: 5, outWidth: 4)),
        ("transposed edge: non-square 2x4 kernel, 10 channels, one filter",
         ConvGeometry(inChannels: 10, inHeight: 5, inWidth: 6, outChannels: 1, kernelHeight: 2, kernelWidth: 4,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 3, outHeight: 6, outWidth: 9)),
        // B read in place (DirectConv): rows of 16 pixels in pairs, 288 taps in two k-blocks.
        ("ResNet-20 stage 2: 16x16x32 K32 3x3 pad 1",
         ConvGeometry(inChannels: 32, inHeight: 16, inWidth: 16, outChannels: 32, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 16, outWidth: 16)),
        ("in place: 64-wide rows, 2 of them, 5x5 pad 2 on 3 channels, K8",
         ConvGeometry(inChannels: 3, inHeight: 2, inWidth: 64, outChannels: 8, kernelHeight: 5, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 2, outWidth: 64)),
        ("in place: 16-wide rows, no padding, 1x3 kernel, K24",
         ConvGeometry(inChannels: 5, inHeight: 4, inWidth: 18, outChannels: 24, kernelHeight: 1, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 0, padLeft: 0, outHeight: 4, outWidth: 16)),
        // Dilated: taps spread by the tap offsets; these shapes would otherwise take DirectConv
        // (16-wide rows, K a multiple of 8) and the flipped-forward input gradient (C >= 8).
        ("dilated 2: 16x16x8 K32 3x3 pad 2 (spans 5)",
         ConvGeometry(inChannels: 8, inHeight: 16, inWidth: 16, outChannels: 32, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 16, outWidth: 16, dilationY: 2, dilationX: 2)),
        ("dilated 3x2, stride 2, 11x13x3 K5 3x3 (spans 7x5)",
         ConvGeometry(inChannels: 3, inHeight: 11, inWidth: 13, outChannels: 5, kernelHeight: 3, kernelWidth: 3,
                      strideY: 2, strideX: 2, padTop: 1, padLeft: 0, outHeight: 3, outWidth: 5, dilationY: 3, dilationX: 2)),
        // Stride 1 and >= 512 pixels: the weight gradient reads shifted padded planes
        // (ShiftedWeightGradient); 7 channels = one 4-wide tile + 3 single columns, 6 filters =
        // one 4-row tile + 2 rows, taps 2 and 3 apart, uneven pads.
        ("shifted weight gradient: 23x25x7 K6 3x5 dilated 2x3, pads 2/6",
         ConvGeometry(inChannels: 7, inHeight: 23, inWidth: 25, outChannels: 6, kernelHeight: 3, kernelWidth: 5,
                      strideY: 1, strideX: 1, padTop: 2, padLeft: 6, outHeight: 23, outWidth: 25, dilationY: 2, dilationX: 3)),
        ("shifted weight gradient: 24x26x10 K9 2x2 no padding, channel tiles of 6 and 4",
         ConvGeometry(inChannels: 10, inHeight: 24, inWidth: 26, outChannels: 9, kernelHeight: 2, kernelWidth: 2,
                      strideY: 1, strideX: 1, padTop: 0, padLeft: 0, outHeight: 23, outWidth: 25)),
        // One channel, one filter, stride 1: a depthwise conv's group (DepthwiseConv).
        ("depthwise: one channel 3x3 pad 1, 20x37 (two 16-pixel runs and a tail)",
         ConvGeometry(inChannels: 1, inHeight: 20, inWidth: 37, outChannels: 1, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 20, outWidth: 37)),
        ("depthwise: one channel 5x3 dilated 2x3, pads 3/2, 18x21",
         ConvGeometry(inChannels: 1, inHeight: 18, inWidth: 21, outChannels: 1, kernelHeight: 5, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 3, padLeft: 2, outHeight: 16, outWidth: 19, dilationY: 2, dilationX: 3)),
        ("depthwise: one channel 3x3 no padding, 9x9 (tails only), input rows past the last output",
         ConvGeometry(inChannels: 1, inHeight: 9, inWidth: 9, outChannels: 1, kernelHeight: 3, kernelWidth: 3,
                      strideY: 1, strideX: 1, padTop: 0, padLeft: 0, outHeight: 6, outWidth: 7)),
    ]

    /// Entries of got outside eps * (terms + 3) * magnitude, where magnitude is the same
    /// computation on absolute values; returns (count, first offending index).
    private func violations(_ got: [Float], _ want: [Float], _ mag: [Float], terms: Int) -> (Int, Int) {
        var bad = 0, first = -1
        for i in got.indices where !(abs(got[i] - want[i]) <= 1.2e-7 * Float(terms + 3) * mag[i] + 1e-30) {
            if first < 0 { first = i }
            bad += 1
        }
        return (bad, first)
    }

    @Test("forward matches the naive convolution, with and without bias", arguments: geometries)
    func forward(name: String, g: ConvGeometry) {
        var rng = Rand(state: UInt64(g.inputCount &* 31 &+ g.weightCount) | 1)
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount), bias = rng.floats(g.outChannels)
        let workspace = ConvWorkspace()
        for useBias in [true, false] {
            var got = [Float](repeating: .nan, count: g.outputCount)
            var want = got, mag = got
            let b: [Float]? = useBias ? bias : nil
            b.withOptionalPointer { bp in
                ConvKernels.forward(g, input: input, weights: weights, bias: bp, output: &got, workspace: workspace)
                ConvKernels.referenceForward(g, input: input, weights: weights, bias: bp, output: &want)
            }
            b.map { $0.map(abs) }.withOptionalPointer { bp in
                ConvKernels.referenceForward(g, input: input.map(abs), weights: weights.map(abs), bias: bp, output: &mag)
            }
            let (bad, first) = violations(got, want, mag, terms: g.patchSize)
            #expect(bad == 0, "\(name) bias=\(useBias): \(bad) wrong, first at \(first): \(first >= 0 ? "\(got[first]) vs \(want[first])" : "")")
        }
    }

    @Test("backwardWeights accumulates the naive weight and bias gradients", arguments: geometries)
    func backwardWeights(name: String, g: ConvGeometry) {
        var rng = Rand(state: UInt64(g.inputCount &* 31 &+ g.weightCount) | 2)
        let input = rng.floats(g.inputCount), dOut = rng.floats(g.outputCount)
        let dW0 = rng.floats(g.weightCount), dB0 = rng.floats(g.outChannels)
        var dW = dW0, dB = dB0, wantW = dW0, wantB = dB0
        var magW = dW0.map(abs), magB = dB0.map(abs)
        ConvKernels.backwardWeights(g, input: input, outputGradient: dOut, weightGradient: &dW,
                                    biasGradient: &dB, workspace: ConvWorkspace())
        ConvKernels.referenceBackwardWeights(g, input: input, outputGradient: dOut, weightGradient: &wantW,
                                             biasGradient: &wantB)
        ConvKernels.referenceBackwardWeights(g, input: input.map(abs), outputGradient: dOut.map(abs),
                                             weightGradient: &magW, biasGradient: &magB)
        let (bad, first) = violations(dW, wantW, magW, terms: g.outputPixels)
        #expect(bad == 0, "\(name): \(bad) weight gradients wrong, first at \(first)")
        let (badB, firstB) = violations(dB, wantB, magB, terms: g.outputPixels)
        #expect(badB == 0, "\(name): \(badB) bias gradients wrong, first at \(firstB)")
        // Split over threads (taps, or GEMM slabs), one image: the same bits as on one thread.
        for threads in [2, 3] {
            var split = dW0
            ConvKernels.backwardWeights(g, input: input, outputGradient: dOut, weightGradient: &split,
                                        biasGradient: nil, workspace: ConvWorkspace(), threads: threads)
            #expect(split == dW, "\(name): \(threads) threads change the weight gradient")
        }
        if name.hasPrefix("depthwise") {
            #expect(DepthwiseConv.applies(g), "\(name) no longer takes the depthwise path it is here to test")
        }
        if name.hasPrefix("shifted") || name.hasPrefix("ResNet-20 stage 1") {
            #expect(ShiftedWeightGradient.applies(g), "\(name) no longer takes the shifted-plane path it is here to test")
        }
    }

    @Test("backwardInput overwrites with the naive input gradient", arguments: geometries)
    func backwardInput(name: String, g: ConvGeometry) {
        var rng = Rand(state: UInt64(g.inputCount &* 31 &+ g.weightCount) | 3)
        let weights = rng.floats(g.weightCount), dOut = rng.floats(g.outputCount)
        var got = [Float](repeating: .nan, count: g.inputCount)
        var want = got, mag = got
        ConvKernels.backwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &got,
                                  workspace: ConvWorkspace())
        ConvKernels.referenceBackwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &want)
        ConvKernels.referenceBackwardInput(g, outputGradient: dOut.map(abs), weights: weights.map(abs),
                                           inputGradient: &mag)
        let (bad, first) = violations(got, want, mag, terms: g.outChannels * g.kernelHeight * g.kernelWidth)
        #expect(bad == 0, "\(name): \(bad) input gradients wrong, first at \(first)")
    }

    @Test("which forward passes read the image in place (DirectConv)")
    func directChoice() {
        let picked = Self.geometries.filter { DirectConv.applies($0.1) }.map(\.0)
        #expect(picked == ["ConvNetJS conv1 32x32x3 K16 5x5 pad 2", "ResNet-20 stage 1: 32x32x16 K16 3x3 pad 1",
                           "ResNet-20 stage 2: 16x16x32 K32 3x3 pad 1", "in place: 64-wide rows, 2 of them, 5x5 pad 2 on 3 channels, K8",
                           "in place: 16-wide rows, no padding, 1x3 kernel, K24"])
    }

    @Test("reading the image in place gives the same bits on 1, 2 and 3 threads", arguments: [12, 17, 18])
    func directThreads(index: Int) {
        let g = Self.geometries[index].1
        var rng = Rand(state: UInt64(index))
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount)
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            var out = [Float](repeating: .nan, count: g.outputCount)
            ConvKernels.forward(g, input: input, weights: weights, bias: nil, output: &out, workspace: ConvWorkspace(), threads: threads)
            results.append(out)
        }
        #expect(results[1] == results[0] && results[2] == results[0])
    }

    @Test("which input gradients run as a forward pass over dy")
    func transposedGeometryChoice() throws {
        let resnet = Self.geometries[12].1
        let t = try #require(ConvKernels.transposedGeometry(resnet))
        #expect(t.inChannels == 16 && t.outChannels == 16 && t.padTop == 1 && t.outHeight == 32 && t.inHeight == 32)
        #expect(ConvKernels.transposedGeometry(Self.geometries[3].1) == nil, "stride 2")
        #expect(ConvKernels.transposedGeometry(Self.geometries[0].1) == nil, "3 input channels")
        #expect(ConvKernels.transposedGeometry(Self.geometries[20].1) == nil, "dilated")
        let noPad = try #require(ConvKernels.transposedGeometry(Self.geometries[14].1))
        #expect(noPad.padTop == 2 && noPad.padLeft == 2 && noPad.outHeight == 7 && noPad.outWidth == 9)
        var tooMuchPad = resnet
        tooMuchPad.padTop = 3
        #expect(ConvKernels.transposedGeometry(tooMuchPad) == nil)
    }

    @Test("a stride-1 input gradient big enough for Winograd (28x28x32 K40) matches the naive one; 1, 2, 3 threads agree bit for bit")
    func backwardInputThroughWinograd() throws {
        let g = ConvGeometry(inChannels: 32, inHeight: 28, inWidth: 28, outChannels: 40, kernelHeight: 3, kernelWidth: 3,
                             strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 28, outWidth: 28)
        #expect(Winograd.applies(try #require(ConvKernels.transposedGeometry(g))))
        var rng = Rand(state: 8)
        let weights = rng.floats(g.weightCount), dOut = rng.floats(g.outputCount)
        var want = [Float](repeating: 0, count: g.inputCount), mag = want
        ConvKernels.referenceBackwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &want)
        ConvKernels.referenceBackwardInput(g, outputGradient: dOut.map(abs), weights: weights.map(abs), inputGradient: &mag)
        var results: [[Float]] = []
        for threads in [1, 2, 3] {
            var got = [Float](repeating: .nan, count: g.inputCount)
            ConvKernels.backwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &got,
                                      workspace: ConvWorkspace(), threads: threads)
            results.append(got)
        }
        // Winograd's bound (WinogradTests): its transforms add a few roundings per term.
        let terms = g.outChannels * 9
        let bad = results[0].indices.filter { !(abs(results[0][$0] - want[$0]) <= 1.2e-7 * 16 * Float(terms + 30) * mag[$0] + 1e-30) }
        #expect(bad.isEmpty, "\(bad.count) wrong, first at \(bad.first ?? -1)")
        #expect(results[1] == results[0] && results[2] == results[0])
    }

    @Test("one workspace serves layers of every size in turn; two threads give identical bits")
    func workspaceReuseAndThreads() {
        let workspace = ConvWorkspace()
        var rng = Rand(state: 11)
        // Small, large, small again: buffers grow and are reused without stale data leaking in.
        for (_, g) in [Self.geometries[9], Self.geometries[11], Self.geometries[0], Self.geometries[2]] {
            let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount)
            let dOut = rng.floats(g.outputCount)
            var out1 = [Float](repeating: 0, count: g.outputCount), out2 = out1
            ConvKernels.forward(g, input: input, weights: weights, bias: nil, output: &out1, workspace: workspace)
            ConvKernels.forward(g, input: input, weights: weights, bias: nil, output: &out2, workspace: workspace,
                                threads: 2)
            #expect(out1 == out2)
            var dW1 = [Float](repeating: 0, count: g.weightCount), dW2 = dW1
            ConvKernels.backwardWeights(g, input: input, outputGradient: dOut, weightGradient: &dW1,
                                        biasGradient: nil, workspace: workspace)
            ConvKernels.backwardWeights(g, input: input, outputGradient: dOut, weightGradient: &dW2,
                                        biasGradient: nil, workspace: workspace, threads: 2)
            #expect(dW1 == dW2)
            var dI1 = [Float](repeating: 0, count: g.inputCount), dI2 = dI1
            ConvKernels.backwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &dI1,
                                      workspace: workspace)
            ConvKernels.backwardInput(g, outputGradient: dOut, weights: weights, inputGradient: &dI2,
                                      workspace: workspace, threads: 2)
            #expect(dI1 == dI2)
            var want = [Float](repeating: 0, count: g.outputCount)
            ConvKernels.referenceForward(g, input: input, weights: weights, bias: nil, output: &want)
            let worst = zip(out1, want).map { abs($0 - $1) }.max() ?? 0
            #expect(worst < 1e-3)
        }
    }

    @Test("a large image's forward pass in bands of rows equals the one-piece pass, bit for bit")
    func bandedForward() {
        // 70 output columns: 29 rows a band, so three bands shared by two threads; bias included.
        let g = ConvGeometry(inChannels: 3, inHeight: 70, inWidth: 70, outChannels: 8, kernelHeight: 3, kernelWidth: 3,
                             strideY: 1, strideX: 1, padTop: 1, padLeft: 1, outHeight: 70, outWidth: 70)
        var rng = Rand(state: 5)
        let input = rng.floats(g.inputCount), weights = rng.floats(g.weightCount), bias = rng.floats(g.outChannels)
        var whole = [Float](repeating: 0, count: g.outputCount), banded = whole, want = whole
        ConvKernels.forward(g, input: input, weights: weights, bias: bias, output: &whole, workspace: ConvWorkspace())
        ConvKernels.forward(g, input: input, weights: weights, bias: bias, output: &banded, workspace: ConvWorkspace(), threads: 2)
        #expect(whole == banded)
        ConvKernels.referenceForward(g, input: input, weights: weights, bias: bias, output: &want)
        #expect((zip(banded, want).map { abs($0 - $1) }.max() ?? 1) < 1e-3)
    }

    @Test("geometry helpers")
    func geometryHelpers() {
        let g = Self.geometries[0].1
        #expect(g.patchSize == 75)
        #expect(g.outputPixels == 1024)
        #expect(g.multiplyAdds == 16 * 75 * 1024)
    }
}
