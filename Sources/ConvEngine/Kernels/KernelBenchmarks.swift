import Dispatch

/// Timing of the kernels for `convterm bench`; not a test. Figures are medians of several runs
/// after a warm-up, because this machine is shared and single runs move by 10-30%.
public enum KernelBenchmarks {
    /// One measurement: the median time of a run and the rate it implies.
    public struct Result: Sendable, CustomStringConvertible {
        public var name: String
        public var seconds: Double
        public var gflops: Double
        public var description: String {
            let us = seconds * 1e6
            return "\(name): \(us < 10_000 ? "\(Double(Int(us * 10)) / 10) us" : "\(Double(Int(us / 100)) / 10) ms"), "
                + "\(Double(Int(gflops * 10)) / 10) GFLOP/s"
        }
    }

    /// Median seconds of `runs` timed calls of `body` after `warmup` untimed ones; each timed
    /// call repeats body until it has run for at least `minSeconds`, so tiny kernels time fairly.
    public static func medianSeconds(warmup: Int = 2, runs: Int = 7, minSeconds: Double = 0.02,
                                     _ body: () -> Void) -> Double {
        for _ in 0..<warmup { body() }
        var times: [Double] = []
        for _ in 0..<runs {
            var reps = 0
            let start = DispatchTime.now().uptimeNanoseconds
            var elapsed = 0.0
            repeat {
                body()
                reps += 1
                elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            } while elapsed < minSeconds
            times.append(elapsed / Double(reps))
        }
        times.sort()
        return times[times.count / 2]
    }

    /// GFLOP/s (2mnk flops) of C[m x n] = A[m x k] * B[k x n], row-major, no transposes, on
    /// `threads` threads.
    public static func gemm(m: Int, n: Int, k: Int, threads: Int = 1, transposeA: Bool = false,
                            transposeB: Bool = false, runs: Int = 7) -> Result {
        let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: k * n)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        for i in 0..<(m * k) { a[i] = Float(i % 7) * 0.25 - 0.75 }
        for i in 0..<(k * n) { b[i] = Float(i % 5) * 0.5 - 1 }
        c.initialize(repeating: 0, count: m * n)
        let s = medianSeconds(runs: runs) {
            GEMM.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                          a: a, lda: transposeA ? m : k, b: b, ldb: transposeB ? k : n,
                          beta: 0, c: c, ldc: n, threads: threads)
        }
        let name = "gemm \(m)x\(n)x\(k)\(transposeA ? " tA" : "")\(transposeB ? " tB" : "") \(threads)t"
        return Result(name: name, seconds: s, gflops: 2 * Double(m) * Double(n) * Double(k) / s / 1e9)
    }

    /// GFLOP/s of the product a conv forward pass runs: C[m x n] = W[m x k] * B[k x n] with B
    /// already in panel layout, as im2col writes it (so no B packing, unlike `gemm`).
    public static func prepackedGEMM(m: Int, n: Int, k: Int, runs: Int = 7) -> Result {
        let panels = (n + 31) / 32
        let a = UnsafeMutablePointer<Float>.allocate(capacity: m * k)
        let b = UnsafeMutablePointer<Float>.allocate(capacity: panels * k * 32)
        let c = UnsafeMutablePointer<Float>.allocate(capacity: m * n)
        defer { a.deallocate(); b.deallocate(); c.deallocate() }
        for i in 0..<(m * k) { a[i] = Float(i % 7) * 0.25 - 0.75 }
        for i in 0..<(panels * k * 32) { b[i] = Float(i % 5) * 0.5 - 1 }
        let scratch = GEMMScratch()
        let s = medianSeconds(runs: runs) {
            GEMMDriver.runParallel(m: m, n: n, k: k,
                                   a: GEMMOperandA(base: a, ld: k, transposed: false, alpha: 1),
                                   b: .packed(b, panelStride: k * 32), beta: 0, c: c, ldc: n,
                                   threads: 1, scratch: scratch)
        }
        return Result(name: "conv gemm \(m)x\(n)x\(k) (B pre-packed) 1t", seconds: s,
                      gflops: 2 * Double(m) * Double(n) * Double(k) / s / 1e9)
    }

    /// The three convolutions of the ConvNetJS CIFAR-10 demo network (one image each).
    public static let cifarConvs: [(String, ConvGeometry)] = [
        ("conv1 32x32x3 K16 5x5", ConvGeometry(inChannels: 3, inHeight: 32, inWidth: 32, outChannels: 16,
            kernelHeight: 5, kernelWidth: 5, strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 32, outWidth: 32)),
        ("conv2 16x16x16 K20 5x5", ConvGeometry(inChannels: 16, inHeight: 16, inWidth: 16, outChannels: 20,
            kernelHeight: 5, kernelWidth: 5, strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 16, outWidth: 16)),
        ("conv3 8x8x20 K20 5x5", ConvGeometry(inChannels: 20, inHeight: 8, inWidth: 8, outChannels: 20,
            kernelHeight: 5, kernelWidth: 5, strideY: 1, strideX: 1, padTop: 2, padLeft: 2, outHeight: 8, outWidth: 8)),
    ]

    /// Per-image times of forward, backwardWeights and backwardInput for one geometry, on one
    /// thread with one workspace (as a batch worker would run them). GFLOP/s counts 2 flops per
    /// multiply-add of the pass.
    public static func conv(_ g: ConvGeometry, name: String, runs: Int = 7) -> [Result] {
        let input = UnsafeMutablePointer<Float>.allocate(capacity: g.inputCount)
        let dInput = UnsafeMutablePointer<Float>.allocate(capacity: g.inputCount)
        let weights = UnsafeMutablePointer<Float>.allocate(capacity: g.weightCount)
        let dWeights = UnsafeMutablePointer<Float>.allocate(capacity: g.weightCount)
        let bias = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels)
        let dBias = UnsafeMutablePointer<Float>.allocate(capacity: g.outChannels)
        let output = UnsafeMutablePointer<Float>.allocate(capacity: g.outputCount)
        let dOutput = UnsafeMutablePointer<Float>.allocate(capacity: g.outputCount)
        defer {
            for p in [input, dInput, weights, dWeights, bias, dBias, output, dOutput] { p.deallocate() }
        }
        for i in 0..<g.inputCount { input[i] = Float(i % 11) * 0.1 - 0.5 }
        for i in 0..<g.weightCount { weights[i] = Float(i % 7) * 0.01 - 0.03 }
        for i in 0..<g.outputCount { dOutput[i] = Float(i % 5) * 0.01 - 0.02 }
        bias.initialize(repeating: 0.1, count: g.outChannels)
        dWeights.initialize(repeating: 0, count: g.weightCount)
        dBias.initialize(repeating: 0, count: g.outChannels)
        let ws = ConvWorkspace()
        let flops = 2 * Double(g.multiplyAdds)
        func result(_ pass: String, _ s: Double) -> Result {
            Result(name: "\(name) \(pass)", seconds: s, gflops: flops / s / 1e9)
        }
        let f = medianSeconds(runs: runs) {
            ConvKernels.forward(g, input: input, weights: weights, bias: bias, output: output, workspace: ws)
        }
        let bw = medianSeconds(runs: runs) {
            ConvKernels.backwardWeights(g, input: input, outputGradient: dOutput, weightGradient: dWeights,
                                        biasGradient: dBias, workspace: ws)
        }
        let bi = medianSeconds(runs: runs) {
            ConvKernels.backwardInput(g, outputGradient: dOutput, weights: weights, inputGradient: dInput,
                                      workspace: ws)
        }
        return [result("forward", f), result("backwardWeights", bw), result("backwardInput", bi)]
    }

    /// The standard set for `convterm bench`: square GEMMs on 1 and `threads` threads, the
    /// ConvNetJS conv GEMMs, and the per-image conv passes.
    public static func standardSuite(threads: Int = 2, runs: Int = 7) -> [Result] {
        var results: [Result] = []
        for size in [256, 1024] {
            for t in Set([1, max(1, threads)]).sorted() {
                results.append(gemm(m: size, n: size, k: size, threads: t, runs: runs))
            }
        }
        for (m, n, k) in [(16, 1024, 75), (20, 256, 400), (20, 64, 500)] {
            results.append(gemm(m: m, n: n, k: k, threads: 1, runs: runs))
            results.append(prepackedGEMM(m: m, n: n, k: k, runs: runs))
        }
        for (name, g) in cifarConvs { results += conv(g, name: name, runs: runs) }
        return results
    }
}
