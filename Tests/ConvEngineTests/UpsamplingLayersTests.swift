import Testing
@testable import ConvEngine

/// The layers that go up on numbers small enough to work out by hand: what a transposed
/// convolution stamps and what each upsampling mode fills in; and that they (with grouped,
/// dilated convs) give the same bits run after run for a given thread count.
@Suite struct UpsamplingLayersTests {
    /// One layer's output for one image, its parameters set to `weights` (in `parameters` order).
    func run(_ text: String, input: [Float], weights: [[Float]] = []) throws -> (Network, [Float]) {
        let spec = try SpecParser.parse(text)
        let network = try Network(spec: spec, seed: 1)
        for (p, w) in zip(network.parameters, weights) { p.value = w }
        let y = network.scores(Tensor(batch: 1, volume: spec.input, data: input), PassContext(training: true, threads: 1))
        return (network, y.data)
    }

    @Test func aStride2DeconvStampsEachPixelsFilterSideBySide() throws {
        // Input [1 2] (2 wide, 1 high), filter [[1 2] [3 4]]: each pixel stamps filter x value.
        let (_, y) = try run("input 2x1x1\ndeconv 1 2x2 stride 2 nobias\n", input: [1, 2], weights: [[1, 2, 3, 4]])
        #expect(y == [1, 2, 2, 4,
                      3, 4, 6, 8])
    }

    @Test func aStride1DeconvAddsWhereStampsOverlapAndPaddingCrops() throws {
        // Stamps at x = 0 and x = 1 overlap in the middle column: [1, 2+2, 4] and [3, 4+6, 8].
        let (_, y) = try run("input 2x1x1\ndeconv 1 2x2 nobias\n", input: [1, 2], weights: [[1, 2, 3, 4]])
        #expect(y == [1, 4, 4,
                      3, 10, 8])
        // pad 1x0 crops a row from the top and the bottom of the 2 there are: (1 - 1)*1 - 2*1 + 2 = 0
        // rows, refused rather than computed.
        #expect(throws: SpecError.self) { try Network(spec: SpecParser.parse("input 2x1x1\ndeconv 1 2x2 pad 1x0\n"), seed: 1) }
        // The bias lands on every output pixel, reached or not (outpad adds an unreached column).
        let (_, z) = try run("input 1x1x1\ndeconv 1 1x1 stride 2 outpad 1\n", input: [3], weights: [[2], [0.5]])
        #expect(z == [6.5, 0.5, 0.5, 0.5])
    }

    @Test func nearestUpsamplingCopiesEachPixelIntoABlock() throws {
        let (_, y) = try run("input 2x2x1\nupsample 2x\n", input: [1, 2, 3, 4])
        #expect(y == [1, 1, 2, 2,
                      1, 1, 2, 2,
                      3, 3, 4, 4,
                      3, 3, 4, 4])
    }

    @Test func bilinearUpsamplingSamplesPixelCentresAsAlignCornersFalse() throws {
        // Output pixel o samples (o + 0.5)/2 - 0.5: -0.25 (clamped to 0), 0.25, 0.75, 1.25 (the last
        // pixel repeats): 1, 0.75*1 + 0.25*3, 0.25*1 + 0.75*3, 3. One row in, two identical rows out.
        let (_, y) = try run("input 2x1x1\nupsample 2x bilinear\n", input: [1, 3])
        #expect(y == [1, 1.5, 2.5, 3,
                      1, 1.5, 2.5, 3])
    }

    /// Two passes with the same thread count give the same bits (deconv and grouped, dilated convs).
    @Test(arguments: [1, 2])
    func resultsAreBitIdenticalForAThreadCount(threads: Int) throws {
        let spec = try SpecParser.parse("input 8x8x4\nconv 8 3x3 pad 2 dilation 2 groups 2\nrelu\ndeconv 8 4x4 stride 2 pad 1\nupsample 2x bilinear\nfc 3\n")
        func pass() throws -> ([Float], [[Float]]) {
            let network = try Network(spec: spec, seed: 5)
            var rng = SeededRandom(seed: 9)
            let x = Tensor(batch: 3, volume: spec.input, data: (0..<(3 * spec.input.count)).map { _ in Float(rng.nextGaussian()) })
            let context = PassContext(training: true, threads: threads)
            let y = network.scores(x, context)
            network.backward(Tensor(batch: 3, volume: y.volume, data: y.data), context)
            return (y.data, network.parameters.map(\.gradient))
        }
        let (a, b) = (try pass(), try pass())
        #expect(a.0.map(\.bitPattern) == b.0.map(\.bitPattern))
        #expect(a.1.map { $0.map(\.bitPattern) } == b.1.map { $0.map(\.bitPattern) })
    }
}
