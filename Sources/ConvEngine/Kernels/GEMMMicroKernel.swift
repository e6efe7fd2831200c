/// The register-tiled inner kernels of `GEMM` and what they need to write their tile back.
/// The kernels themselves, one per row count, are in GEMMMicroKernel+Unrolled.swift.
enum GEMMMicroKernel {
    /// Columns of C one kernel call produces: two SIMD16 vectors per row.
    static let nr = 32

    /// Row counts with a kernel, largest first.
    static let rowCounts = [12, 10, 8, 6, 4, 2, 1]

    /// Store modes: the first k-block of a product decides how old C is combined; later blocks add.
    static let overwrite = 0, accumulate = 1, scaleOld = 2

    /// Picks the kernel height for an m-row product. A kernel call costs about 2*MR FMA cycles
    /// per k step plus ~2 for the B loads and loop, and padded rows are computed and thrown
    /// away, so the cheapest cover of m is not always the tallest kernel (M = 16 -> 8, 20 -> 10).
    static func rowsPerPanel(m: Int) -> Int {
        var best = 12, bestCost = Int.max
        for mr in rowCounts {
            let panels = (m + mr - 1) / mr
            let cost = panels * (2 * mr + 2)
            if cost < bestCost { best = mr; bestCost = cost }
        }
        return best
    }

    /// Row stride of A panels packed row by row (`rowMajorA`): the largest kc (GEMMBlocking), fixed so the kernels can
    /// address rows with constant displacements.
    static let aRowStride = 256

    /// Runs the kernel for `mr` rows; rowMajorA selects the A panel layout ([mr][256] rather
    /// than [kc][mr]).
    @inline(__always)
    static func run(mr: Int, rowMajorA: Bool, kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                    c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        if rowMajorA {
            switch mr {
            case 12: kernel12x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            case 10: kernel10x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            case 8: kernel8x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            case 6: kernel6x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            case 4: kernel4x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            case 2: kernel2x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            default: kernel1x32RowA(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
            }
            return
        }
        switch mr {
        case 12: kernel12x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        case 10: kernel10x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        case 8: kernel8x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        case 6: kernel6x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        case 4: kernel4x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        case 2: kernel2x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        default: kernel1x32(kc: kc, a: a, b: b, c: c, ldc: ldc, mode: mode, beta: beta)
        }
    }

    /// c: 32 floats of one row of C; lo, hi: the accumulators for its two halves.
    @inline(__always)
    static func storeRow(_ c: UnsafeMutablePointer<Float>, _ lo: SIMD16<Float>, _ hi: SIMD16<Float>,
                         mode: Int, beta: Float) {
        let raw = UnsafeMutableRawPointer(c)
        switch mode {
        case overwrite:
            raw.storeBytes(of: lo, as: SIMD16<Float>.self)
            raw.storeBytes(of: hi, toByteOffset: 64, as: SIMD16<Float>.self)
        case accumulate:
            let old0 = raw.loadUnaligned(as: SIMD16<Float>.self)
            let old1 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            raw.storeBytes(of: old0 + lo, as: SIMD16<Float>.self)
            raw.storeBytes(of: old1 + hi, toByteOffset: 64, as: SIMD16<Float>.self)
        default:
            let b = SIMD16<Float>(repeating: beta)
            let old0 = raw.loadUnaligned(as: SIMD16<Float>.self)
            let old1 = raw.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            raw.storeBytes(of: lo.addingProduct(b, old0), as: SIMD16<Float>.self)
            raw.storeBytes(of: hi.addingProduct(b, old1), toByteOffset: 64, as: SIMD16<Float>.self)
        }
    }

    /// Copies the valid rows x cols corner of a [mr][32] scratch tile into C with the given mode;
    /// used where C's edge does not fill a whole tile.
    static func mergeTile(_ tile: UnsafePointer<Float>, rows: Int, cols: Int,
                          into c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        for r in 0..<rows {
            let src = tile + r &* nr
            let dst = c + r &* ldc
            switch mode {
            case overwrite: for j in 0..<cols { dst[j] = src[j] }
            case accumulate: for j in 0..<cols { dst[j] += src[j] }
            default: for j in 0..<cols { dst[j] = src[j].addingProduct(beta, dst[j]) }  // fused, as in storeRow
            }
        }
    }
}
