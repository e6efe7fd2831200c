import Testing
@testable import ConvEngine

/// Centered-difference gradient checks of the reference layers in Double, with cs231n's relative
/// error |a - b| / max(1e-8, |a| + |b|), and the fast Float runtime checked against the reference.
///
/// A conv bias right before batch norm has a true gradient of exactly zero (the mean is subtracted),
/// which no finite difference can confirm to 1e-7 and which Float round-off turns into noise; like
/// torchvision's nets, the specs here use `nobias` convolutions before batch norm.
@Suite struct GradientCheckTests {
    struct Setup {
        var network: ReferenceNetwork<Double>
        var parameters: [[Double]]
        var input: [Double]
        var labels: [Int]
        var n: Int
    }

    func setup(_ text: String, batch n: Int = 3, seed: UInt64 = 11) throws -> Setup {
        let spec = try SpecParser.parse(text)
        // Start from the runtime's own initialisation so the two paths share parameters.
        let runtime = try Network(spec: spec, seed: seed)
        var rng = SeededRandom(seed: seed &+ 1)
        let parameters = runtime.parameters.map { p in p.value.map { Double($0) + 0.05 * rng.nextGaussian() } }
        let input = (0..<(n * spec.input.count)).map { _ in rng.nextGaussian() }
        let classes = runtime.outputVolume.count
        let labels = (0..<n).map { _ in rng.nextInt(below: classes) }
        return Setup(network: try ReferenceNetwork(spec: spec), parameters: parameters, input: input, labels: labels, n: n)
    }

    /// The largest relative error over every parameter entry (up to `limit` per tensor) and input entry.
    /// `corrupt` may break the analytic gradients first, to show the check notices.
    func maxRelativeError(_ s: Setup, h: Double = 1e-5, limit: Int = 40,
                          corrupt: (inout [[Double]]) -> Void = { _ in }) -> Double {
        var analytic = s.network.lossAndGradients(parameters: s.parameters, input: s.input, batch: s.n, labels: s.labels)
        corrupt(&analytic.parameterGradients)
        var worst = 0.0
        func relative(_ a: Double, _ b: Double) -> Double { abs(a - b) / max(1e-8, abs(a) + abs(b)) }
        for (pi, values) in s.parameters.enumerated() {
            for j in stride(from: 0, to: values.count, by: max(1, values.count / limit)) {
                var plus = s.parameters, minus = s.parameters
                plus[pi][j] += h
                minus[pi][j] -= h
                let lp = s.network.lossAndGradients(parameters: plus, input: s.input, batch: s.n, labels: s.labels).loss
                let lm = s.network.lossAndGradients(parameters: minus, input: s.input, batch: s.n, labels: s.labels).loss
                worst = max(worst, relative((lp - lm) / (2 * h), analytic.parameterGradients[pi][j]))
            }
        }
        for j in stride(from: 0, to: s.input.count, by: max(1, s.input.count / limit)) {
            var plus = s.input, minus = s.input
            plus[j] += h
            minus[j] -= h
            let lp = s.network.lossAndGradients(parameters: s.parameters, input: plus, batch: s.n, labels: s.labels).loss
            let lm = s.network.lossAndGradients(parameters: s.parameters, input: minus, batch: s.n, labels: s.labels).loss
            worst = max(worst, relative((lp - lm) / (2 * h), analytic.inputGradient[j]))
        }
        return worst
    }

    static let smooth: [(String, String)] = [
        ("conv, stride 2, pad 1", "input 5x5x2\nconv 3 3x3 stride 2 pad 1\nfc 3\n"),
        ("conv, non-square, no bias", "input 6x5x2\nconv 2 3x2 stride 1x2 pad 1x0 nobias floor\nfc 3\n"),
        ("avgpool with padding and ceil", "input 5x5x2\nconv 2 1x1\navgpool 3x3 stride 2 pad 1 ceil\nfc 3\n"),
        ("global average pool", "input 4x4x3\nconv 2 3x3\nglobalavgpool\nfc 3\n"),
        ("fully connected", "input 3x2x2\nfc 4\nfc 3\n"),
        ("batch norm", "input 4x4x2\nconv 3 3x3 pad 1 nobias\nbatchnorm\nfc 3\n"),
        ("dropout", "input 4x4x2\nfc 6\ndropout 0.5\nfc 3\n"),
        ("softmax inside", "input 3x3x1\nfc 4\nsoftmax\nfc 3\n"),
        ("flatten", "input 3x3x2\nconv 2 1x1\nflatten\nfc 3\n"),
        ("residual with projection", "input 6x6x2\nresidual {\n  conv 3 3x3 stride 2 pad 1 nobias floor\n  batchnorm\n  shortcut {\n    conv 3 1x1 stride 2 floor\n  }\n}\nfc 3\n"),
        ("concat", "input 5x5x2\nconcat {\n  branch {\n    conv 2 1x1\n  }\n  branch {\n    conv 3 3x3 pad 1\n  }\n  branch {\n    avgpool 3x3 stride 1 pad 1\n  }\n}\nfc 3\n"),
        ("deconv, stride 2, pad 1, outpad 1", "input 3x3x2\ndeconv 3 3x3 stride 2 pad 1 outpad 1\nfc 3\n"),
        ("deconv, non-square, no bias", "input 3x2x2\ndeconv 2 2x3 stride 2x1 pad 0x1 nobias\nfc 3\n"),
        ("deconv of 8 filters at stride 1 (its forward pass as a flipped conv)", "input 3x3x2\ndeconv 8 3x3 pad 1\nfc 3\n"),
        ("upsample nearest", "input 3x2x2\nconv 2 1x1\nupsample 2x\nfc 3\n"),
        ("upsample bilinear 3x", "input 3x2x2\nconv 2 1x1\nupsample 3x bilinear\nfc 3\n"),
        ("sigmoid and tanh", "input 3x3x2\nconv 3 3x3 pad 1\nsigmoid\nconv 2 1x1\ntanh\nfc 3\n"),
        ("dilated conv", "input 7x7x2\nconv 3 3x3 dilation 2 pad 1\nfc 3\n"),
        ("dilated conv, non-square, stride 2", "input 9x8x2\nconv 2 3x2 stride 2 dilation 2x3 floor\nfc 3\n"),
        ("grouped conv", "input 5x5x4\nconv 6 3x3 pad 1 groups 2\nfc 3\n"),
        ("depthwise then pointwise conv", "input 5x5x3\nconv 3 3x3 pad 1 groups 3 nobias\nconv 4 1x1\nfc 3\n"),
    ]

    static let kinked: [(String, String)] = [
        ("relu", "input 4x4x2\nconv 2 3x3 pad 1\nrelu\nfc 3\n"),
        ("leaky relu", "input 4x4x2\nconv 2 3x3 pad 1\nleakyrelu 0.1\nfc 3\n"),
        ("an encoder-decoder", "input 8x8x2\nconv 4 3x3 stride 2 pad 1 floor\nrelu\nconv 8 3x3 pad 2 dilation 2 groups 2\nleakyrelu 0.2\ndeconv 3 4x4 stride 2 pad 1\nupsample 2x bilinear\nglobalavgpool\nfc 3\n"),
        ("maxpool with padding and ceil", "input 5x5x2\nconv 2 1x1\nmaxpool 3x3 stride 2 pad 1 ceil\nfc 3\n"),
        ("small net with residual and concat", """
            input 8x8x3
            conv 4 3x3 pad 1 nobias
            batchnorm
            relu
            maxpool 2x2 stride 2
            residual {
              conv 4 3x3 pad 1
              relu
              conv 4 3x3 pad 1
            }
            relu
            concat {
              branch {
                conv 3 1x1
              }
              branch {
                maxpool 3x3 stride 1 pad 1
              }
            }
            globalavgpool
            fc 4
            softmax
            """),
        ("a ResNet basic block of 8 channels (stride-1 input gradients as forward passes)",
         "input 6x6x8\nconv 8 3x3 pad 1 nobias\nbatchnorm\nrelu\nresidual {\n  conv 8 3x3 pad 1 nobias\n  batchnorm\n  relu\n  conv 8 3x3 pad 1 nobias\n  batchnorm\n}\nrelu\nglobalavgpool\nfc 3\n"),
        ("the ConvNetJS net's shape, shrunk", "input 8x8x3\nconv 4 5x5 pad 2\nrelu\nmaxpool 2x2 stride 2\nconv 5 5x5 pad 2\nrelu\nmaxpool 2x2 stride 2\nfc 4\nsoftmax\n"),
    ]

    @Test(arguments: smooth)
    func smoothLayersPassBelow1e7(name: String, text: String) throws {
        let error = maxRelativeError(try setup(text))
        #expect(error < 1e-7, "\(name): max relative error \(error)")
    }

    @Test(arguments: kinked)
    func layersWithKinksPassBelow1e5(name: String, text: String) throws {
        let error = maxRelativeError(try setup(text))
        #expect(error < 1e-5, "\(name): max relative error \(error)")
    }

    @Test func aBrokenBackwardFailsTheCheck() throws {
        let text = "input 5x5x2\nconv 2 3x3 pad 1\nconv 2 3x3 pad 1\nfc 3\n"
        let s = try setup(text)
        #expect(maxRelativeError(s) < 1e-7, "the intact gradients pass")
        // A sign flip in the second conv's weight gradient (parameters: w1, b1, w2, b2, ...).
        #expect(maxRelativeError(s) { $0[2] = $0[2].map { -$0 } } > 1e-2)
        // A transposed index: the gradient lands on the wrong weights.
        #expect(maxRelativeError(s) { $0[2].reverse() } > 1e-2)
    }

    /// ||a - b||_inf / ||b||_inf: relative to the tensor's scale, so tiny entries do not dominate.
    func relativeDifference(_ a: [Float], _ b: [Double]) -> Double {
        let scale = max(b.map { abs($0) }.max() ?? 0, 1e-12)
        return zip(a, b).map { abs(Double($0) - $1) }.max()! / scale
    }

    @Test(arguments: (smooth + kinked).filter { !$0.1.contains("dropout") })
    func floatRuntimeMatchesTheDoubleReference(name: String, text: String) throws {
        let spec = try SpecParser.parse(text)
        let network = try Network(spec: spec, seed: 21)
        let s = try setup(text, batch: 4, seed: 21)
        for (p, values) in zip(network.parameters, s.parameters) { p.value = values.map { Float($0) } }
        let reference = s.network.lossAndGradients(parameters: s.parameters, input: s.input, batch: s.n, labels: s.labels)
        let referenceScores = s.network.scores(parameters: s.parameters, input: s.input, batch: s.n)
        for threads in [1, 2, 3] {
            let context = PassContext(training: true, threads: threads)
            network.zeroGradients()
            let input = Tensor(batch: s.n, volume: spec.input, data: s.input.map { Float($0) })
            let scores = network.scores(input, context)
            let (loss, _, dscores) = Softmax.crossEntropy(scores: scores, labels: s.labels)
            let dx = network.backward(dscores, context)
            #expect(relativeDifference(scores.data, referenceScores) < 1e-4, "\(name): scores")
            #expect(abs(loss - reference.loss) / reference.loss < 1e-4, "\(name): loss")
            #expect(relativeDifference(dx.data, reference.inputGradient) < 1e-4, "\(name): input gradient")
            for (p, g) in zip(network.parameters, reference.parameterGradients) {
                #expect(relativeDifference(p.gradient, g) < 1e-4, "\(name): \(p.name) gradient, \(threads) threads")
            }
        }
    }

    @Test func dropoutIsTheIdentityInEvaluation() throws {
        let network = try Network(spec: SpecParser.parse("input 4x4x2\ndropout 0.5\nfc 3\n"), seed: 1)
        let x = Tensor(batch: 2, volume: Volume(width: 4, height: 4, depth: 2), data: (0..<64).map { Float($0) / 64 })
        let a = network.scores(x, PassContext(training: false, threads: 1))
        let b = network.scores(x, PassContext(training: false, threads: 1))
        let t = network.scores(x, PassContext(training: true, threads: 1))
        #expect(a == b)
        #expect(a != t)
    }
}
