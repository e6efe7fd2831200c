import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/GEMM*.swift: the blocked GEMM against its triple-loop
/// oracle over awkward shapes, strides, scalars and thread counts.
struct GEMMTests {
    struct Case: CustomStringConvertible {
        var transA: Bool, transB: Bool, m: Int, n: Int, k: Int
        var padA = 0, padB = 0, padC = 0
        var alpha: Float = 1, beta: Float = 0
        var threads = 1
        var description: String {
            "tA=\(transA) tB=\(transB) m=\(m) n=\(n) k=\(k) pads=\(padA),\(padB),\(padC) alpha=\(alpha) beta=\(beta) threads=\(threads)"
        }
    }

    /// Runs one case through `multiply` and `reference`; returns how many entries of C are outside
    /// the rounding-error bound, plus the results for further checks.
    private func run(_ t: Case, seed: UInt64) -> (bad: Int, message: String, c: [Float]) {
        var rng = Rand(state: seed)
        let aRows = t.transA ? t.k : t.m, aCols = t.transA ? t.m : t.k
        let bRows = t.transB ? t.n : t.k, bCols = t.transB ? t.k : t.n
        let lda = aCols + t.padA, ldb = bCols + t.padB, ldc = t.n + t.padC
        // Padding between rows holds NaN: reading past a row's end would poison the result.
        var a = [Float](repeating: .nan, count: max(1, aRows * lda))
        var b = [Float](repeating: .nan, count: max(1, bRows * ldb))
        for i in 0..<aRows { for j in 0..<aCols { a[i * lda + j] = rng.float() } }
        for i in 0..<bRows { for j in 0..<bCols { b[i * ldb + j] = rng.float() } }
        var c = [Float](repeating: .nan, count: max(1, t.m * ldc))
        if t.beta != 0 { for i in 0..<t.m { for j in 0..<t.n { c[i * ldc + j] = rng.float() } } }
        var ref = c
        var got = c
        // Bound on the rounding error: gamma_(k+2) times the product of absolute values.
        var mag = c.map { $0.isNaN ? 0 : abs($0) }
        let absA = a.map { $0.isNaN ? 0 : abs($0) }, absB = b.map { $0.isNaN ? 0 : abs($0) }
        GEMM.reference(transposeA: t.transA, transposeB: t.transB, m: t.m, n: t.n, k: t.k,
                       alpha: abs(t.alpha), a: absA, lda: lda, b: absB, ldb: ldb,
                       beta: abs(t.beta), c: &mag, ldc: ldc)
        GEMM.reference(transposeA: t.transA, transposeB: t.transB, m: t.m, n: t.n, k: t.k,
                       alpha: t.alpha, a: a, lda: lda, b: b, ldb: ldb, beta: t.beta, c: &ref, ldc: ldc)
        GEMM.multiply(transposeA: t.transA, transposeB: t.transB, m: t.m, n: t.n, k: t.k,
                      alpha: t.alpha, a: a, lda: lda, b: b, ldb: ldb, beta: t.beta, c: &got, ldc: ldc,
                      threads: t.threads)
        var bad = 0
        var message = ""
        let eps = Float(1.2e-7)
        for i in 0..<t.m {
            for j in 0..<t.n {
                let g = got[i * ldc + j], r = ref[i * ldc + j]
                let tol = Float(t.k + 3) * eps * mag[i * ldc + j] + 1e-30
                if !(abs(g - r) <= tol) {
                    if bad == 0 { message = "\(t): C[\(i)][\(j)] = \(g), expected \(r) (tol \(tol))" }
                    bad += 1
                }
            }
            // Columns of C past n belong to someone else and must be left alone.
            for j in t.n..<ldc where !got[i * ldc + j].isNaN && got[i * ldc + j] != c[i * ldc + j] {
                if bad == 0 { message = "\(t): wrote C[\(i)][\(j)] outside n" }
                bad += 1
            }
        }
        return (bad, message, got)
    }

    static let transposes = [(false, false), (false, true), (true, false), (true, true)]

    @Test("matches the reference for odd, prime and tiny shapes", arguments: transposes)
    func oddShapes(transA: Bool, transB: Bool) {
        let sizes = [1, 2, 3, 7, 13, 17, 31, 33, 97, 129]
        var rng = Rand(state: 42)
        for s in 0..<40 {
            var t = Case(transA: transA, transB: transB,
                         m: sizes[rng.int(0...sizes.count - 1)], n: sizes[rng.int(0...sizes.count - 1)],
                         k: sizes[rng.int(0...sizes.count - 1)])
            t.padA = [0, 0, 3][s % 3]; t.padB = [0, 5, 0][s % 3]; t.padC = [0, 1, 7][s % 3]
            t.alpha = [1, -0.5, 2.25][s % 3]
            t.beta = [0, 1, -1.5, 0.5][s % 4]
            t.threads = 1 + s % 2
            let r = run(t, seed: UInt64(s + 1))
            #expect(r.bad == 0, "\(r.message)")
        }
    }

    @Test("the kernel heights for M = 16 and 20 and every edge row count", arguments: transposes)
    func everyRowCount(transA: Bool, transB: Bool) {
        for m in [1, 4, 5, 6, 8, 9, 10, 11, 12, 15, 16, 20, 24, 25, 121, 131] {
            let t = Case(transA: transA, transB: transB, m: m, n: 65, k: 37, padA: 1, beta: 0.5)
            let r = run(t, seed: UInt64(m))
            #expect(r.bad == 0, "\(r.message)")
        }
    }

    @Test("long k spans several k-blocks; wide n spans several n-blocks")
    func blockBoundaries() {
        for (m, n, k) in [(13, 40, 513), (20, 1100, 77), (130, 33, 257), (16, 1024, 75)] {
            let r = run(Case(transA: false, transB: false, m: m, n: n, k: k, beta: -1), seed: 7)
            #expect(r.bad == 0, "\(r.message)")
        }
    }

    @Test("two threads split large products and give bit-identical results", arguments: transposes)
    func threadsAgree(transA: Bool, transB: Bool) {
        // The first two split by rows, the third by columns.
        for (m, n, k, beta) in [(257, 263, 131, Float(0)), (300, 61, 149, Float(0.75)), (24, 900, 160, Float(0.5))] {
            var t = Case(transA: transA, transB: transB, m: m, n: n, k: k, padA: 2, padC: 3, beta: beta)
            let one = run(t, seed: 99)
            t.threads = 2
            let two = run(t, seed: 99)
            #expect(one.bad == 0, "\(one.message)")
            #expect(two.bad == 0, "\(two.message)")
            #expect(one.c.elementsEqual(two.c) { $0 == $1 || ($0.isNaN && $1.isNaN) })
        }
    }

    @Test("few-row products with B transposed (fully connected layers) take the dot-product path")
    func fewRowsTransposedB() {
        var s: UInt64 = 0
        for m in [1, 2, 3, 4, 5, 7, 8] {
            for (n, k) in [(1, 32), (5, 33), (6, 100), (7, 257), (13, 47), (100, 64)] {
                s += 1
                let t = Case(transA: false, transB: true, m: m, n: n, k: k, padA: Int(s % 3), padB: Int(s % 2),
                             padC: 1, alpha: [1, -2][Int(s % 2)], beta: [0, 1, 0.5][Int(s % 3)])
                let r = run(t, seed: s)
                #expect(r.bad == 0, "\(r.message)")
            }
        }
        // Large enough to be split between two threads.
        var t = Case(transA: false, transB: true, m: 6, n: 611, k: 700, padB: 3, beta: 0)
        let one = run(t, seed: 5)
        t.threads = 2
        let two = run(t, seed: 5)
        #expect(one.bad == 0, "\(one.message)")
        #expect(two.bad == 0, "\(two.message)")
        #expect(one.c == two.c)
    }

    @Test("beta = 0 ignores NaN in C; k = 0 and alpha = 0 only scale C; empty shapes do nothing")
    func degenerateScalars() {
        let r = run(Case(transA: false, transB: true, m: 5, n: 40, k: 9, alpha: 1, beta: 0), seed: 3)
        #expect(r.bad == 0, "\(r.message)")
        var c: [Float] = [1, 2, 3, 4]
        let nanA: [Float] = [.nan, .nan], b: [Float] = [1, 1]
        GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, alpha: 1, a: nanA, lda: 1,
                      b: b, ldb: 2, beta: 2, c: &c, ldc: 2)
        #expect(c == [2, 4, 6, 8])
        GEMM.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 1, alpha: 0, a: nanA, lda: 1,
                      b: b, ldb: 2, beta: 0.5, c: &c, ldc: 2)
        #expect(c == [1, 2, 3, 4])
        GEMM.multiply(transposeA: false, transposeB: false, m: 0, n: 2, k: 1, alpha: 1, a: nanA, lda: 1,
                      b: b, ldb: 2, beta: 0, c: &c, ldc: 2)
        #expect(c == [1, 2, 3, 4])
    }

    @Test("thread split: by rows when each thread packing all of A would cost more, else by columns")
    func splitChoice() {
        func columns(_ m: Int, _ n: Int, _ k: Int) -> Bool {
            let a: [Float] = [0], b: [Float] = [0]
            return a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    GEMMDriver.prefersColumnSplit(
                        m: m, n: n, k: k,
                        a: GEMMOperandA(base: ap.baseAddress!, ld: k, transposed: false, alpha: 1),
                        b: .matrix(bp.baseAddress!, ld: n, transposed: false),
                        mr: GEMMMicroKernel.rowsPerPanel(m: m), threads: 2)
                }
            }
        }
        #expect(!columns(257, 263, 131))
        #expect(!columns(300, 61, 149))
        #expect(columns(24, 900, 160))
        #expect(columns(8, 1000, 100))     // one row panel cannot be split
    }

    @Test("A given as ready-made k-major panels (Winograd's filters) gives the product, split by rows or columns", arguments: [(300, 40, 300), (40, 600, 300), (37, 70, 300)])
    func prepackedA(m: Int, n: Int, k: Int) {
        var rng = Rand(state: UInt64(m * n + k))
        let a = rng.floats(m * k), b = rng.floats(k * n)
        let mr = GEMMMicroKernel.rowsPerPanel(m: m)
        let panels = (m + mr - 1) / mr
        // Panel q holds rows mr*q..<mr*q+mr: element (r, p) at q*k*mr + p*mr + r; rows past m are 0.
        var packed = [Float](repeating: 0, count: panels * k * mr)
        for i in 0..<m { for p in 0..<k { packed[(i / mr) * k * mr + p * mr + i % mr] = a[i * k + p] } }
        var want = [Float](repeating: 0, count: m * n), mag = want
        GEMM.reference(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a, lda: k, b: b, ldb: n, beta: 0, c: &want, ldc: n)
        GEMM.reference(transposeA: false, transposeB: false, m: m, n: n, k: k, alpha: 1, a: a.map(abs), lda: k, b: b.map(abs), ldb: n,
                       beta: 0, c: &mag, ldc: n)
        for threads in [1, 2] {
            var got = [Float](repeating: .nan, count: m * n)
            packed.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    got.withUnsafeMutableBufferPointer { cp in
                        GEMMDriver.runParallel(m: m, n: n, k: k,
                                               a: GEMMOperandA(base: ap.baseAddress!, ld: k * mr, transposed: false, alpha: 1, packedRows: mr),
                                               b: .matrix(bp.baseAddress!, ld: n, transposed: false), beta: 0,
                                               c: cp.baseAddress!, ldc: n, threads: threads, scratch: nil)
                    }
                }
            }
            let bad = (0..<(m * n)).filter { !(abs(got[$0] - want[$0]) <= Float(k + 3) * 1.2e-7 * mag[$0]) }.count
            #expect(bad == 0, "m=\(m) n=\(n) k=\(k) threads=\(threads): \(bad) entries wrong")
        }
    }

    @Test("blockings from other caches (small L1/L2, big L2) give the same product", arguments: [
        GEMMBlocking(CacheSizes(l1Data: 2 << 10, l2: 16 << 10)),      // kc 16, mc 12, nc 256: many blocks
        GEMMBlocking(CacheSizes(l1Data: 16 << 10, l2: 256 << 10)),    // kc 128, mc 60, nc 512
        GEMMBlocking(CacheSizes(l1Data: 48 << 10, l2: 2 << 20)),      // kc 256, mc 252, nc 2048
        GEMMBlocking(kc: 40, mc: 20, nc: 64),                         // mc not a multiple of 12: whole panels still
    ])
    func otherBlockings(blocking: GEMMBlocking) {
        for (m, n, k, transA, transB) in [(37, 300, 301, false, false), (130, 70, 90, true, false), (16, 1024, 144, false, true), (5, 33, 17, true, true)] {
            var rng = Rand(state: UInt64(m + n + k))
            let a = rng.floats(m * k), b = rng.floats(k * n), c0 = rng.floats(m * n)
            var want = c0, mag = c0.map(abs)
            GEMM.reference(transposeA: transA, transposeB: transB, m: m, n: n, k: k, alpha: 1, a: a, lda: transA ? m : k,
                           b: b, ldb: transB ? k : n, beta: 1, c: &want, ldc: n)
            GEMM.reference(transposeA: transA, transposeB: transB, m: m, n: n, k: k, alpha: 1, a: a.map(abs), lda: transA ? m : k,
                           b: b.map(abs), ldb: transB ? k : n, beta: 1, c: &mag, ldc: n)
            var got = c0
            let scratch = GEMMScratch(blocking: blocking)
            a.withUnsafeBufferPointer { ap in
                b.withUnsafeBufferPointer { bp in
                    got.withUnsafeMutableBufferPointer { cp in
                        GEMMDriver.runParallel(m: m, n: n, k: k,
                                               a: GEMMOperandA(base: ap.baseAddress!, ld: transA ? m : k, transposed: transA, alpha: 1),
                                               b: .matrix(bp.baseAddress!, ld: transB ? k : n, transposed: transB), beta: 1,
                                               c: cp.baseAddress!, ldc: n, threads: 1, scratch: scratch)
                    }
                }
            }
            let bad = (0..<(m * n)).filter { !(abs(got[$0] - want[$0]) <= Float(k + 3) * 1.2e-7 * mag[$0]) }.count
            #expect(bad == 0, "\(blocking) m=\(m) n=\(n) k=\(k): \(bad) entries wrong")
        }
    }

    @Test("kernel height choice wastes no rows for the CIFAR filter counts")
    func kernelHeights() {
        #expect(GEMMMicroKernel.rowsPerPanel(m: 16) == 8)
        #expect(GEMMMicroKernel.rowsPerPanel(m: 20) == 10)
        #expect(GEMMMicroKernel.rowsPerPanel(m: 1024) == 12)
        #expect(GEMMMicroKernel.rowsPerPanel(m: 1) == 1)
    }
}
