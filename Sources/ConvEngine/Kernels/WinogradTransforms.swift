/// The three transforms of Winograd's F(2x2, 3x3) minimal filtering (Lavin & Gray, 2015):
/// a 2x2 block of a 3x3 convolution's output is A^T [ (G g G^T) ⊙ (B^T d B) ] A, where g is the
/// 3x3 filter and d the 4x4 input tile under the block. The 16 element-wise products, summed over
/// channels, become 16 independent GEMMs [K x C] . [C x tiles] with 2.25x fewer multiplies than
/// the direct convolution's. Only additions and halvings appear in the transforms, so rounding
/// stays within a few ulps of the direct sum.
///   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
///   G   = [1 0 0; ½ ½ ½; ½ -½ ½; 0 0 1]
///   A^T = [1 1 1 0; 0 1 -1 -1]
/// Element e = 4*i + j of a transformed tile is row i, column j. Sixteen tiles (or filters) go
/// through at once, one per SIMD lane; values are named locals, never arrays (which allocate).
enum WinogradTransforms {
    typealias V = SIMD16<Float>

    /// Shapes: weights [K][C][3][3] -> u [16][panels][C][mr]: for each element e, G g G^T of
    /// every filter pair (k, c), laid out as the GEMM's k-major A panels of mr filters (rows
    /// k = mr*q + r) over all C channels, rows past K zero. Only panels in `panels`; `eStride`
    /// floats apart per element. Lanes are a panel's rows, so each (e, c) is one contiguous store.
    static func weights(_ w: UnsafePointer<Float>, filters: Int, channels: Int, mr: Int, panels: Range<Int>,
                        eStride: Int, into u: UnsafeMutablePointer<Float>) {
        let c = channels
        // Filters arrive as [k][c][9]; lanes want [tap][row]: the 9 taps of mr filters are
        // transposed through a small buffer with plain scalar moves (inserting lane by lane
        // serialises on the vector register).
        withUnsafeTemporaryAllocation(of: V.self, capacity: 9) { staging in
            let taps = staging.baseAddress!
            let t = UnsafeMutableRawPointer(taps).assumingMemoryBound(to: Float.self)
            for q in panels {
                let k0 = q &* mr, h = min(mr, filters &- k0)
                t.update(repeating: 0, count: 144)
                let panel = u + q &* c &* mr
                for ch in 0..<c {
                    for r in 0..<h {
                        let src = w + ((k0 &+ r) &* c &+ ch) &* 9
                        for tap in 0..<9 { t[tap &* 16 &+ r] = src[tap] }
                    }
                    // Whole-vector stores spill past this slot into the next channels', which are
                    // written later; near the panel's end only the slot itself is written.
                    let whole = ch &* mr &+ 16 <= c &* mr
                    let slot = panel + ch &* mr
                    @inline(__always) func put(_ e: Int, _ v: V) {
                        let dst = slot + e &* eStride
                        if whole {
                            UnsafeMutableRawPointer(dst).storeBytes(of: v, as: V.self)
                        } else {
                            for l in 0..<mr { dst[l] = v[l] }
                        }
                    }
                    // One row of G g G^T from one row (a, b, c) of G g.
                    @inline(__always) func row(_ i: Int, _ a: V, _ b: V, _ c: V) {
                        put(i &* 4, a)
                        put(i &* 4 &+ 1, (a + b + c) * 0.5)
                        put(i &* 4 &+ 2, (a - b + c) * 0.5)
                        put(i &* 4 &+ 3, c)
                    }
                    let g00 = taps[0], g01 = taps[1], g02 = taps[2]
                    let g10 = taps[3], g11 = taps[4], g12 = taps[5]
                    let g20 = taps[6], g21 = taps[7], g22 = taps[8]
                    row(0, g00, g01, g02)
                    row(1, (g00 + g10 + g20) * 0.5, (g01 + g11 + g21) * 0.5, (g02 + g12 + g22) * 0.5)
                    row(2, (g00 - g10 + g20) * 0.5, (g01 - g11 + g21) * 0.5, (g02 - g12 + g22) * 0.5)
                    row(3, g20, g21, g22)
                }
            }
        }
    }

    /// Shapes: one padded channel plane (row stride `rowStride`), 16 tiles from tile column `tx`
    /// of tile row `ty` -> staging [16 elements][16 lanes], B^T d B of tile tx + lane.
    /// Reads 34 floats of 4 rows from column 2*tx: callers leave slack past the plane's end.
    @inline(__always)
    static func input(_ plane: UnsafePointer<Float>, rowStride: Int, ty: Int, tx: Int,
                      into staging: UnsafeMutablePointer<V>) {
        typealias W = SIMD32<Float>
        // B^T applied along one row of the tile: (d0 - d2, d1 + d2, d2 - d1, d1 - d3).
        @inline(__always) func row(_ i: Int) -> (V, V, V, V) {
            let r = UnsafeRawPointer(plane + ((2 &* ty &+ i) &* rowStride &+ 2 &* tx))
            let a = r.loadUnaligned(as: W.self)
            let b = r.loadUnaligned(fromByteOffset: 8, as: W.self)
            let d0 = evens(a), d1 = odds(a), d2 = evens(b), d3 = odds(b)
            return (d0 - d2, d1 + d2, d2 - d1, d1 - d3)
        }
        let (s00, s01, s02, s03) = row(0)
        let (s10, s11, s12, s13) = row(1)
        let (s20, s21, s22, s23) = row(2)
        let (s30, s31, s32, s33) = row(3)
        // ... and down the columns.
        staging[0] = s00 - s20; staging[1] = s01 - s21; staging[2] = s02 - s22; staging[3] = s03 - s23
        staging[4] = s10 + s20; staging[5] = s11 + s21; staging[6] = s12 + s22; staging[7] = s13 + s23
        staging[8] = s20 - s10; staging[9] = s21 - s11; staging[10] = s22 - s12; staging[11] = s23 - s13
        staging[12] = s10 - s30; staging[13] = s11 - s31; staging[14] = s12 - s32; staging[15] = s13 - s33
    }

    // SIMD32's evenHalf/oddHalf are out-of-line lane loops here (a third of the transform's
    // time); lane lists like these fold into single shuffles.
    @inline(__always) static func evens(_ a: SIMD32<Float>) -> V {
        V(a[0], a[2], a[4], a[6], a[8], a[10], a[12], a[14], a[16], a[18], a[20], a[22], a[24], a[26], a[28], a[30])
    }

    @inline(__always) static func odds(_ a: SIMD32<Float>) -> V {
        V(a[1], a[3], a[5], a[7], a[9], a[11], a[13], a[15], a[17], a[19], a[21], a[23], a[25], a[27], a[29], a[31])
    }

    /// Shapes: two 16-lane vectors -> 32 lanes a0 b0 a1 b1 ... (one output row of 16 tiles).
    @inline(__always) static func interleave(_ a: V, _ b: V) -> SIMD32<Float> {
        SIMD32(lowHalf: V(a[0], b[0], a[1], b[1], a[2], b[2], a[3], b[3], a[4], b[4], a[5], b[5], a[6], b[6], a[7], b[7]),
               highHalf: V(a[8], b[8], a[9], b[9], a[10], b[10], a[11], b[11], a[12], b[12], a[13], b[13], a[14], b[14], a[15], b[15]))
    }

    /// Shapes: element e's summed products of 16 consecutive tiles at m + e*eStride (lane = tile)
    /// -> their 2x2 outputs (y00, y01, y10, y11), each plus `bias`. Reads 16 floats per element.
    @inline(__always)
    static func output(_ m: UnsafePointer<Float>, eStride: Int, bias: Float) -> (V, V, V, V) {
        let raw = UnsafeRawPointer(m)
        @inline(__always) func load(_ e: Int) -> V { raw.loadUnaligned(fromByteOffset: e &* eStride &* 4, as: V.self) }
        // A^T applied down the columns: (m0 + m1 + m2, m1 - m2 - m3) for each column j.
        @inline(__always) func column(_ j: Int) -> (V, V) {
            let m0 = load(j), m1 = load(4 &+ j), m2 = load(8 &+ j), m3 = load(12 &+ j)
            return (m0 + m1 + m2, m1 - m2 - m3)
        }
        let (t00, t10) = column(0), (t01, t11) = column(1), (t02, t12) = column(2), (t03, t13) = column(3)
        let b = V(repeating: bias)
        return (t00 + t01 + t02 + b, t01 - t02 - t03 + b, t10 + t11 + t12 + b, t11 - t12 - t13 + b)
    }
}
