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
        // Huge-page-advised like numpy's arrays, so both sides of the comparison page alike.
        let a = LargeAllocation.floats(m * k), b = LargeAllocation.floats(k * n), c = LargeAllocation.floats(m * n)
        defer { LargeAllocation.deallocate(a); LargeAllocation.deallocate(b); LargeAllocation.deallocate(c) }
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
}
