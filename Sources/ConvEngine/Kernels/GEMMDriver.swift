import Dispatch

/// op(A) as the driver sees it: op(A)[i][p] = alpha * base[i*ld + p], or base[p*ld + i] transposed.
/// Or, with `packedRows` = mr > 0, panels already in the micro-kernels' k-major layout for the
/// whole k range (Winograd writes its transformed filters so, once a layer): rows mr*q..<mr*q+mr
/// at base + q*ld, element (row r, p) at + p*mr + r; alpha 1, and the driver must use that mr.
struct GEMMOperandA {
    var base: UnsafePointer<Float>
    var ld: Int
    var transposed: Bool
    var alpha: Float
    var packedRows = 0

    func offsetRows(_ i0: Int) -> GEMMOperandA {
        var s = self
        if packedRows > 0 {
            s.base = base + (i0 / packedRows) &* ld
        } else {
            s.base = transposed ? base + i0 : base + i0 &* ld
        }
        return s
    }
}

/// op(B) as the driver sees it: either a strided matrix it packs itself, or panels that were
/// written ready-packed for the whole k range (im2col does this, saving a copy and the cache-set
/// conflicts of reading power-of-two-strided rows): panel j at base + j*panelStride, its k-row p at
/// + p*32.
enum GEMMOperandB {
    case matrix(UnsafePointer<Float>, ld: Int, transposed: Bool)
    case packed(UnsafePointer<Float>, panelStride: Int)

    /// Columns from j0 on; j0 must be a multiple of 32 for packed operands.
    func offsetColumns(_ j0: Int) -> GEMMOperandB {
        switch self {
        case let .matrix(b, ld, t): return .matrix(t ? b + j0 &* ld : b + j0, ld: ld, transposed: t)
        case let .packed(b, stride): return .packed(b + (j0 / GEMMMicroKernel.nr) &* stride, panelStride: stride)
        }
    }
}

/// The cache-blocked loops around the micro-kernels (Goto's scheme): B in kc x nc blocks (L2),
/// A in mc x kc blocks, one kc x 32 B panel in L1 while A panels stream past it.
enum GEMMDriver {
    /// Splits k into equal blocks of at most kc, so k = 400 runs as 2 x 200 rather than 256 + 144.
    static func kBlock(_ k: Int, kc: Int) -> Int {
        let blocks = (k + kc - 1) / kc
        return (k + blocks - 1) / blocks
    }

    /// Shapes: C[m x n] (row stride ldc) = op(A)[m x k] * op(B)[k x n] + beta * C; alpha is in `a`.
    /// One thread; k > 0. `mr` is the micro-kernel height (callers splitting m keep the whole
    /// product's choice so every row is computed the same way).
    static func run(m: Int, n: Int, k: Int, a: GEMMOperandA, b: GEMMOperandB, beta: Float,
                    c: UnsafeMutablePointer<Float>, ldc: Int, mr: Int, scratch: GEMMScratch) {
        let nr = GEMMMicroKernel.nr
        let kcFull = kBlock(k, kc: scratch.blocking.kc)
        let mc = max(mr, (scratch.blocking.mc / mr) * mr)
        let nc = scratch.blocking.nc
        let firstMode = beta == 0 ? GEMMMicroKernel.overwrite
            : (beta == 1 ? GEMMMicroKernel.accumulate : GEMMMicroKernel.scaleOld)
        let aPack = scratch.aPack
        let tile = scratch.tile

        var jc = 0
        while jc < n {
            let nb = min(nc, n &- jc)
            var pc = 0
            while pc < k {
                let kb = min(kcFull, k &- pc)
                let mode = pc == 0 ? firstMode : GEMMMicroKernel.accumulate
                let bBlock: UnsafePointer<Float>
                let bStride: Int
                switch b {
                case let .matrix(bp, ldb, t):
                    GEMMPacking.packB(bp, ldb: ldb, transposed: t, p0: pc, kb: kb, j0: jc, cols: nb,
                                      into: scratch.bPack)
                    bBlock = UnsafePointer(scratch.bPack)
                    bStride = kb &* nr
                case let .packed(bp, stride):
                    bBlock = bp + ((jc / nr) &* stride &+ pc &* nr)
                    bStride = stride
                }
                var ic = 0
                while ic < m {
                    let mb = min(mc, m &- ic)
                    let rowMajorA: Bool, aPanelStride: Int, aBlock: UnsafePointer<Float>
                    if a.packedRows > 0 {
                        rowMajorA = false
                        aPanelStride = a.ld
                        aBlock = a.base + ((ic / mr) &* a.ld &+ pc &* mr)
                    } else {
                        rowMajorA = GEMMPacking.packA(a.base, lda: a.ld, transposed: a.transposed,
                                                      alpha: a.alpha, i0: ic, rows: mb, p0: pc, kb: kb,
                                                      mr: mr, into: aPack)
                        aPanelStride = rowMajorA ? mr &* GEMMMicroKernel.aRowStride : kb &* mr
                        aBlock = UnsafePointer(aPack)
                    }
                    var jr = 0
                    while jr < nb {
                        let w = min(nr, nb &- jr)
                        let bPanel = bBlock + (jr / nr) &* bStride
                        var ir = 0
                        while ir < mb {
                            let h = min(mr, mb &- ir)
                            let aPanel = aBlock + (ir / mr) &* aPanelStride
                            let cTile = c + ((ic &+ ir) &* ldc &+ jc &+ jr)
                            if h == mr && w == nr {
                                GEMMMicroKernel.run(mr: mr, rowMajorA: rowMajorA, kc: kb, a: aPanel, b: bPanel, c: cTile,
                                                    ldc: ldc, mode: mode, beta: beta)
                            } else {
                                GEMMMicroKernel.run(mr: mr, rowMajorA: rowMajorA, kc: kb, a: aPanel, b: bPanel, c: tile,
                                                    ldc: nr, mode: GEMMMicroKernel.overwrite, beta: 0)
                                GEMMMicroKernel.mergeTile(tile, rows: h, cols: w, into: cTile, ldc: ldc,
                                                          mode: mode, beta: beta)
                            }
                            ir &+= mr
                        }
                        jr &+= nr
                    }
                    ic &+= mc
                }
                pc &+= kb
            }
            jc &+= nb
        }
    }

    /// Products smaller than this many multiply-adds run on one thread: waking a second one
    /// costs more than it saves.
    static let parallelThreshold = 1 << 21

    /// Shapes as `run`. Splits C into `threads` slabs of whole tiles (by columns or by rows,
    /// whichever `prefersColumnSplit` finds cheaper); each slab is computed by one thread with
    /// its own scratch, in the same k order as on one thread, so the result is bit-identical
    /// for any thread count. `scratch` serves the first slab; others borrow from the pool.
    static func runParallel(m: Int, n: Int, k: Int, a: GEMMOperandA, b: GEMMOperandB, beta: Float,
                            c: UnsafeMutablePointer<Float>, ldc: Int, threads: Int,
                            scratch: GEMMScratch?) {
        if m == 0 || n == 0 { return }
        if k == 0 || a.alpha == 0 {
            scale(m: m, n: n, beta: beta, c: c, ldc: ldc)
            return
        }
        let mr = GEMMMicroKernel.rowsPerPanel(m: m)
        precondition(a.packedRows == 0 || a.packedRows == mr, "A packed for \(a.packedRows) rows a panel, the kernel wants \(mr)")
        let nr = GEMMMicroKernel.nr
        let wanted = threads > 1 && m &* n &* k >= parallelThreshold ? threads : 1
        let splitColumns = wanted == 1 || prefersColumnSplit(m: m, n: n, k: k, a: a, b: b, mr: mr, threads: wanted)
        let unit = splitColumns ? nr : mr
        let units = ((splitColumns ? n : m) + unit - 1) / unit
        var t = min(wanted, units)
        if t < 1 { t = 1 }
        if t == 1 {
            if let s = scratch {
                run(m: m, n: n, k: k, a: a, b: b, beta: beta, c: c, ldc: ldc, mr: mr, scratch: s)
            } else {
                GEMMScratchPool.shared.withScratch { s in
                    run(m: m, n: n, k: k, a: a, b: b, beta: beta, c: c, ldc: ldc, mr: mr, scratch: s)
                }
            }
            return
        }
        let chunk = ((units + t - 1) / t) * unit
        let total = splitColumns ? n : m
        t = (total + chunk - 1) / chunk
        nonisolated(unsafe) let cc = c
        nonisolated(unsafe) let aa = a
        nonisolated(unsafe) let bb = b
        nonisolated(unsafe) let first = scratch
        WorkerPool.shared.perform(iterations: t) { i in
            let start = i &* chunk
            let len = min(chunk, total &- start)
            let own = i == 0 ? first : nil
            let s = own ?? GEMMScratchPool.shared.acquire()
            if splitColumns {
                run(m: m, n: len, k: k, a: aa, b: bb.offsetColumns(start), beta: beta,
                    c: cc + start, ldc: ldc, mr: mr, scratch: s)
            } else {
                run(m: len, n: n, k: k, a: aa.offsetRows(start), b: bb, beta: beta,
                    c: cc + start &* ldc, ldc: ldc, mr: mr, scratch: s)
            }
            if own == nil { GEMMScratchPool.shared.release(s) }
        }
    }

    /// A products of at most this many rows with B transposed (fully connected layers on a few
    /// images) go to GEMMDot, which reads B in place once instead of packing it.
    static let dotMaxRows = 8

    /// Shapes: C[m x n] = alpha * A[m x k] * B[n x k]^T + beta * C via GEMMDot, columns split
    /// between threads in whole 6-column tiles (one thread per C entry, so thread-count free).
    static func runDot(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                       b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>,
                       ldc: Int, threads: Int) {
        scale(m: m, n: n, beta: beta, c: c, ldc: ldc)
        let tiles = (n + GEMMDot.cols - 1) / GEMMDot.cols
        let t = threads > 1 && m &* n &* k >= parallelThreshold ? min(threads, tiles) : 1
        if t == 1 {
            GEMMDot.accumulate(m: m, n: n, k: k, alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc)
            return
        }
        let chunk = (tiles + t - 1) / t * GEMMDot.cols
        nonisolated(unsafe) let aa = a, bb = b, cc = c
        WorkerPool.shared.perform(iterations: (n + chunk - 1) / chunk) { i in
            let j0 = i &* chunk
            GEMMDot.accumulate(m: m, n: min(chunk, n &- j0), k: k, alpha: alpha, a: aa, lda: lda,
                               b: bb + j0 &* ldb, ldb: ldb, c: cc + j0, ldc: ldc)
        }
    }

    /// Whether to split C between threads by columns (each thread packs all of A) rather than
    /// by rows (each packs all of B): a rough cycle count of the slower thread either way, the
    /// multiply at 16 multiply-adds a cycle plus packing (gathers ~1 cycle a float, scalar
    /// copies ~0.5, vector copies ~0.2, pre-packed B nothing), with whole tiles per thread.
    /// (More, thinner slabs handed out dynamically were tried for balance under load: each
    /// repacks the other operand from memory, and 1024^3 got slower.)
    static func prefersColumnSplit(m: Int, n: Int, k: Int, a: GEMMOperandA, b: GEMMOperandB,
                                   mr: Int, threads t: Int) -> Bool {
        let nr = GEMMMicroKernel.nr
        let mUnits = (m + mr - 1) / mr, nUnits = (n + nr - 1) / nr
        if mUnits < t { return true }
        if nUnits < t { return false }
        let mRows = Double(min(m, (mUnits + t - 1) / t * mr))      // rows of the biggest row slab
        let nCols = Double(min(n, (nUnits + t - 1) / t * nr))      // columns of the biggest column slab
        let aCost = a.packedRows > 0 ? 0 : (a.transposed ? 0.5 : 0.2)
        let bCost: Double
        switch b {
        case .packed: bCost = 0
        case let .matrix(_, _, transposed): bCost = transposed ? 1.0 : 0.2
        }
        let kk = Double(k), mm = Double(m), nn = Double(n)
        let byColumns = mm * nCols * kk / 16 + mm * kk * aCost + nCols * kk * bCost
        let byRows = mRows * nn * kk / 16 + mRows * kk * aCost + nn * kk * bCost
        return byColumns <= byRows
    }

    /// C[m x n] = beta * C, with beta == 0 writing zeros (never reading C, which may hold NaN).
    static func scale(m: Int, n: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            let row = c + i &* ldc
            if beta == 0 {
                for j in 0..<n { row[j] = 0 }
            } else if beta != 1 {
                for j in 0..<n { row[j] *= beta }
            }
        }
    }
}
