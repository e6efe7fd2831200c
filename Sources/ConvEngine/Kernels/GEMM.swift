/// Single-precision matrix multiply, the engine's workhorse: every convolution and fully
/// connected layer lands here. Pure Swift; see notes/performance.md for how it reaches BLAS speed.
public enum GEMM {
    /// Row-major: C[m x n] = alpha * op(A) * op(B) + beta * C. op(A) is m x k (A stored k x m when
    /// transposeA), op(B) is k x n (B stored n x k when transposeB). beta == 0 never reads C, so
    /// garbage or NaN there does not leak into the result. With threads > 1 large products are
    /// split across threads; the result is bit-identical for any thread count.
    public static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                alpha: Float, a: UnsafePointer<Float>, lda: Int,
                                b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                                threads: Int = 1) {
        precondition(m >= 0 && n >= 0 && k >= 0, "GEMM: negative size")
        precondition(lda >= max(1, transposeA ? m : k), "GEMM: lda too small")
        precondition(ldb >= max(1, transposeB ? k : n), "GEMM: ldb too small")
        precondition(ldc >= max(1, n), "GEMM: ldc too small")
        if !transposeA && transposeB && m <= GEMMDriver.dotMaxRows && k >= 32 && n > 0 && alpha != 0 {
            GEMMDriver.runDot(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb,
                              beta: beta, c: c, ldc: ldc, threads: threads)
            return
        }
        GEMMDriver.runParallel(
            m: m, n: n, k: k,
            a: GEMMOperandA(base: a, ld: lda, transposed: transposeA, alpha: alpha),
            b: .matrix(b, ld: ldb, transposed: transposeB),
            beta: beta, c: c, ldc: ldc, threads: threads, scratch: nil)
    }

    /// Plain triple loop with the same semantics, the oracle for tests. Accumulates in Double.
    public static func reference(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                 alpha: Float, a: UnsafePointer<Float>, lda: Int,
                                 b: UnsafePointer<Float>, ldb: Int,
                                 beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let av = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let bv = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(av) * Double(bv)
                }
                let old = beta == 0 ? 0 : Double(beta) * Double(c[i * ldc + j])
                c[i * ldc + j] = Float(Double(alpha) * sum + old)
            }
        }
    }
}
