import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Layers/BatchNorm.swift and Kernels/BatchNormKernels.swift: the
/// vectorised, channel-parallel layer against the Double reference (ReferenceLayers), on shapes
/// whose planes are shorter than, equal to and longer than a SIMD vector, with 1, 2 and 3 threads.
@Suite struct BatchNormTests {
    /// (batch, volume): planes of 1, 5, 16, 17 and 1024 values; batch 1 and odd channel counts.
    static let shapes: [(Int, Volume)] = [
        (3, Volume(width: 1, height: 1, depth: 7)),
        (2, Volume(width: 5, height: 1, depth: 3)),
        (1, Volume(width: 4, height: 4, depth: 5)),
        (4, Volume(width: 17, height: 1, depth: 2)),
        (32, Volume(width: 32, height: 32, depth: 3)),   // 98 K values: the threaded path
    ]

    struct Case {
        var layer: BatchNorm
        var x: [Float], dy: [Float], gamma: [Float], beta: [Float]
    }

    func makeCase(_ n: Int, _ v: Volume, seed: UInt64, epsilon: Double = 1e-5) -> Case {
        var rand = Rand(state: seed)
        let layer = BatchNorm(name: "bn", volume: v, epsilon: epsilon, frozen: false)
        // An offset mean and a spread unlike 1, so the mean and variance both matter.
        let x = rand.floats(n * v.count).map { 3 + 2 * $0 }
        let dy = rand.floats(n * v.count)
        let gamma = rand.floats(v.depth).map { 1 + 0.5 * $0 }, beta = rand.floats(v.depth)
        layer.gamma.value = gamma
        layer.beta.value = beta
        return Case(layer: layer, x: x, dy: dy, gamma: gamma, beta: beta)
    }

    func maxError(_ a: [Float], _ b: [Double]) -> Double {
        let scale = max(1e-6, b.map { abs($0) }.max() ?? 0)
        return zip(a, b).map { abs(Double($0) - $1) }.max()! / scale
    }

    @Test(arguments: shapes.indices, [1, 2, 3])
    func trainingPassesMatchTheDoubleReference(shape: Int, threads: Int) {
        let (n, v) = Self.shapes[shape]
        let c = makeCase(n, v, seed: UInt64(shape * 7 + 1))
        let context = PassContext(training: true, threads: threads)
        let y = c.layer.forward(Tensor(batch: n, volume: v, data: c.x), context)
        let dx = c.layer.backward(Tensor(batch: n, volume: v, data: c.dy), context)
        let ref = ReferenceLayers.batchNormForward(c.x.map(Double.init), n: n, v, gamma: c.gamma.map(Double.init),
                                                   beta: c.beta.map(Double.init), epsilon: 1e-5)
        let back = ReferenceLayers.batchNormBackward(c.dy.map(Double.init), n: n, v, gamma: c.gamma.map(Double.init),
                                                     xhat: ref.xhat, inverseStd: ref.inverseStd)
        #expect(maxError(y.data, ref.y) < 1e-5, "output, \(n)x\(v), \(threads) threads")
        #expect(maxError(dx.data, back.dx) < 1e-4, "input gradient, \(n)x\(v), \(threads) threads")
        #expect(maxError(c.layer.gamma.gradient, back.dgamma) < 1e-4, "gamma gradient")
        #expect(maxError(c.layer.beta.gradient, back.dbeta) < 1e-4, "beta gradient")
        // Running statistics: momentum 0.1 from (0, 1), the variance unbiased.
        let count = Double(n * v.width * v.height)
        for ch in 0..<v.depth {
            var mean = 0.0, squares = 0.0
            for i in 0..<n { for j in 0..<(v.width * v.height) { mean += Double(c.x[(i * v.depth + ch) * v.width * v.height + j]) } }
            mean /= count
            for i in 0..<n { for j in 0..<(v.width * v.height) { let d = Double(c.x[(i * v.depth + ch) * v.width * v.height + j]) - mean; squares += d * d } }
            let unbiased = count > 1 ? squares / (count - 1) : squares / count
            #expect(abs(Double(c.layer.runningMean[ch]) - 0.1 * mean) < 1e-5)
            #expect(abs(Double(c.layer.runningVariance[ch]) - (0.9 + 0.1 * unbiased)) < 1e-5)
        }
    }

    /// With PyTorch's default epsilon and with a large one (`batchnorm eps 0.1`), which must be used.
    @Test(arguments: shapes.indices, [1e-5, 0.1])
    func evaluationIsTheAffineMapOfTheRunningStatistics(shape: Int, epsilon: Double) {
        let (n, v) = Self.shapes[shape]
        let c = makeCase(n, v, seed: 99, epsilon: epsilon)
        c.layer.runningMean = (0..<v.depth).map { Float($0) * 0.5 - 1 }
        c.layer.runningVariance = (0..<v.depth).map { 0.5 + Float($0) }
        let context = PassContext(training: false, threads: 2)
        let y = c.layer.forward(Tensor(batch: n, volume: v, data: c.x), context)
        let dx = c.layer.backward(Tensor(batch: n, volume: v, data: c.dy), context)
        let area = v.width * v.height
        var expected: [Double] = [], expectedDx: [Double] = []
        for i in 0..<(n * v.count) {
            let ch = (i / area) % v.depth
            let inv = 1 / (Double(c.layer.runningVariance[ch]) + epsilon).squareRoot()
            expected.append(Double(c.gamma[ch]) * (Double(c.x[i]) - Double(c.layer.runningMean[ch])) * inv + Double(c.beta[ch]))
            expectedDx.append(Double(c.gamma[ch]) * inv * Double(c.dy[i]))
        }
        #expect(maxError(y.data, expected) < 1e-5)
        #expect(maxError(dx.data, expectedDx) < 1e-5)
        #expect(c.layer.runningMean[1] == 0.5 - 1, "evaluation leaves the running statistics alone")
    }

    @Test(arguments: [2, 3])
    func aThreadCountGivesTheSameBitsAsOneThread(threads: Int) {
        // Channels are split between threads, each computed whole by one: bit-identical.
        let (n, v) = Self.shapes[4]
        let one = makeCase(n, v, seed: 5), many = makeCase(n, v, seed: 5)
        let y1 = one.layer.forward(Tensor(batch: n, volume: v, data: one.x), PassContext(training: true, threads: 1))
        let yt = many.layer.forward(Tensor(batch: n, volume: v, data: many.x), PassContext(training: true, threads: threads))
        let d1 = one.layer.backward(Tensor(batch: n, volume: v, data: one.dy), PassContext(training: true, threads: 1))
        let dt = many.layer.backward(Tensor(batch: n, volume: v, data: many.dy), PassContext(training: true, threads: threads))
        #expect(y1 == yt)
        #expect(d1 == dt)
        #expect(one.layer.gamma.gradient == many.layer.gamma.gradient)
        #expect(one.layer.runningVariance == many.layer.runningVariance)
    }

    @Test func frozenLayersLeaveTheirGradientsAlone() {
        let (n, v) = Self.shapes[2]
        let c = makeCase(n, v, seed: 3)
        c.layer.gamma.frozen = true
        c.layer.beta.frozen = true
        _ = c.layer.forward(Tensor(batch: n, volume: v, data: c.x), PassContext(training: true, threads: 1))
        _ = c.layer.backward(Tensor(batch: n, volume: v, data: c.dy), PassContext(training: true, threads: 1))
        #expect(c.layer.gamma.gradient.allSatisfy { $0 == 0 })
        #expect(c.layer.beta.gradient.allSatisfy { $0 == 0 })
    }
}
