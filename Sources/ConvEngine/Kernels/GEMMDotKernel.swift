/// C[m x n] += A[m x k] * B[n x k]^T where both operands run along k with unit stride: the
/// weight gradient of a convolution, dOut [K][pixels] * im2col [taps][pixels]^T, and a fully
/// connected layer on a few images, x [batch][in] * W [out][in]^T. The packed kernel would need
/// B transposed into k-major panels, a scatter of every element (for the conv it measured
/// slower than the multiply itself, for a big FC layer it doubles the memory traffic); this
/// kernel instead keeps one SIMD16 partial dot product per C entry, 16 k-steps at a time, and
/// reduces them once per tile. It streams B once, so it suits a short A (m small).
enum GEMMDot {
    static let rows = 4, cols = 6

    /// Shapes: a [m][lda], b [n][ldb], c [m][ldc]; k entries of each row are used.
    /// C += alpha * A * B^T. Columns past the last whole 6-column tile use a one-column kernel,
    /// so nothing past B's n rows is read.
    static func accumulate(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                           b: UnsafePointer<Float>, ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        var j = 0
        while j &+ cols <= n {
            var i = 0
            while i &+ rows <= m {
                kernel4x6(k: k, alpha: alpha, a: a + i &* lda, lda: lda, b: b + j &* ldb, ldb: ldb,
                          c: c + (i &* ldc &+ j), ldc: ldc)
                i &+= rows
            }
            while i < m {
                kernel1x6(k: k, alpha: alpha, a: a + i &* lda, b: b + j &* ldb, ldb: ldb, c: c + (i &* ldc &+ j))
                i &+= 1
            }
            j &+= cols
        }
        // Four leftover columns (16, 64 channels) in a 4x4 tile rather than sixteen one-column dots,
        // which load two vectors per multiply-add and run at half speed.
        if n &- j >= 4 {
            var i = 0
            while i &+ rows <= m {
                kernel4x4(k: k, alpha: alpha, a: a + i &* lda, lda: lda, b: b + j &* ldb, ldb: ldb,
                          c: c + (i &* ldc &+ j), ldc: ldc)
                i &+= rows
            }
            while i < m {
                for jj in j..<(j &+ 4) { c[i &* ldc &+ jj] += alpha * dot(a + i &* lda, b + jj &* ldb, k) }
                i &+= 1
            }
            j &+= 4
        }
        while j < n {
            for i in 0..<m {
                let x = a + i &* lda, y = b + j &* ldb
                c[i &* ldc &+ j] += alpha * dot(x, y, k)
            }
            j &+= 1
        }
    }

    /// Shapes: x [k], y [k] -> x . y, 16 lanes at a time then the tail.
    @inline(__always)
    static func dot(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, _ k: Int) -> Float {
        let xr = UnsafeRawPointer(x), yr = UnsafeRawPointer(y)
        var s0 = SIMD16<Float>(), s1 = SIMD16<Float>()
        let k32 = k & ~31
        var off = 0
        while off < k32 &* 4 {
            s0 = s0.addingProduct(xr.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self),
                                  yr.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self))
            s1 = s1.addingProduct(xr.loadUnaligned(fromByteOffset: off &+ 64, as: SIMD16<Float>.self),
                                  yr.loadUnaligned(fromByteOffset: off &+ 64, as: SIMD16<Float>.self))
            off &+= 128
        }
        return horizontalSum(s0 + s1) + tail(x, y, from: k32, to: k)
    }

    @inline(__always)
    static func horizontalSum(_ v: SIMD16<Float>) -> Float {
        let h8 = v.lowHalf + v.highHalf
        let h4 = h8.lowHalf + h8.highHalf
        let h2 = h4.lowHalf + h4.highHalf
        return h2[0] + h2[1]
    }

    /// Dot product of the last k % 16 entries, the part the SIMD loop leaves.
    @inline(__always)
    static func tail(_ x: UnsafePointer<Float>, _ y: UnsafePointer<Float>, from: Int, to: Int) -> Float {
        var s: Float = 0
        var t = from
        while t < to { s = s.addingProduct(x[t], y[t]); t &+= 1 }
        return s
    }

    /// Shapes: a [4][lda], b [6][ldb] -> c [4][ldc] += alpha * a . b^T.
    @inline(never)
    static func kernel4x6(k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                          ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let a0 = UnsafeRawPointer(a + 0 &* lda)
        let a1 = UnsafeRawPointer(a + 1 &* lda)
        let a2 = UnsafeRawPointer(a + 2 &* lda)
        let a3 = UnsafeRawPointer(a + 3 &* lda)
        let b0 = UnsafeRawPointer(b + 0 &* ldb)
        let b1 = UnsafeRawPointer(b + 1 &* ldb)
        let b2 = UnsafeRawPointer(b + 2 &* ldb)
        let b3 = UnsafeRawPointer(b + 3 &* ldb)
        let b4 = UnsafeRawPointer(b + 4 &* ldb)
        let b5 = UnsafeRawPointer(b + 5 &* ldb)
        var s00 = SIMD16<Float>(), s01 = SIMD16<Float>(), s02 = SIMD16<Float>(), s03 = SIMD16<Float>(), s04 = SIMD16<Float>(), s05 = SIMD16<Float>()
        var s10 = SIMD16<Float>(), s11 = SIMD16<Float>(), s12 = SIMD16<Float>(), s13 = SIMD16<Float>(), s14 = SIMD16<Float>(), s15 = SIMD16<Float>()
        var s20 = SIMD16<Float>(), s21 = SIMD16<Float>(), s22 = SIMD16<Float>(), s23 = SIMD16<Float>(), s24 = SIMD16<Float>(), s25 = SIMD16<Float>()
        var s30 = SIMD16<Float>(), s31 = SIMD16<Float>(), s32 = SIMD16<Float>(), s33 = SIMD16<Float>(), s34 = SIMD16<Float>(), s35 = SIMD16<Float>()
        let k16 = k & ~15
        var off = 0
        let end = k16 &* 4
        while off < end {
            let x0 = a0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x1 = a1.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x2 = a2.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x3 = a3.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let y0 = b0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s00 = s00.addingProduct(x0, y0); s10 = s10.addingProduct(x1, y0); s20 = s20.addingProduct(x2, y0); s30 = s30.addingProduct(x3, y0)
            let y1 = b1.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s01 = s01.addingProduct(x0, y1); s11 = s11.addingProduct(x1, y1); s21 = s21.addingProduct(x2, y1); s31 = s31.addingProduct(x3, y1)
            let y2 = b2.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s02 = s02.addingProduct(x0, y2); s12 = s12.addingProduct(x1, y2); s22 = s22.addingProduct(x2, y2); s32 = s32.addingProduct(x3, y2)
            let y3 = b3.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s03 = s03.addingProduct(x0, y3); s13 = s13.addingProduct(x1, y3); s23 = s23.addingProduct(x2, y3); s33 = s33.addingProduct(x3, y3)
            let y4 = b4.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s04 = s04.addingProduct(x0, y4); s14 = s14.addingProduct(x1, y4); s24 = s24.addingProduct(x2, y4); s34 = s34.addingProduct(x3, y4)
            let y5 = b5.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s05 = s05.addingProduct(x0, y5); s15 = s15.addingProduct(x1, y5); s25 = s25.addingProduct(x2, y5); s35 = s35.addingProduct(x3, y5)
            off &+= 64
        }
        let ra0 = a0.assumingMemoryBound(to: Float.self)
        let ra1 = a1.assumingMemoryBound(to: Float.self)
        let ra2 = a2.assumingMemoryBound(to: Float.self)
        let ra3 = a3.assumingMemoryBound(to: Float.self)
        let rb0 = b0.assumingMemoryBound(to: Float.self)
        let rb1 = b1.assumingMemoryBound(to: Float.self)
        let rb2 = b2.assumingMemoryBound(to: Float.self)
        let rb3 = b3.assumingMemoryBound(to: Float.self)
        let rb4 = b4.assumingMemoryBound(to: Float.self)
        let rb5 = b5.assumingMemoryBound(to: Float.self)
        let c0 = c
        c0[0] += alpha * (horizontalSum(s00) + tail(ra0, rb0, from: k16, to: k))
        c0[1] += alpha * (horizontalSum(s01) + tail(ra0, rb1, from: k16, to: k))
        c0[2] += alpha * (horizontalSum(s02) + tail(ra0, rb2, from: k16, to: k))
        c0[3] += alpha * (horizontalSum(s03) + tail(ra0, rb3, from: k16, to: k))
        c0[4] += alpha * (horizontalSum(s04) + tail(ra0, rb4, from: k16, to: k))
        c0[5] += alpha * (horizontalSum(s05) + tail(ra0, rb5, from: k16, to: k))
        let c1 = c + 1 &* ldc
        c1[0] += alpha * (horizontalSum(s10) + tail(ra1, rb0, from: k16, to: k))
        c1[1] += alpha * (horizontalSum(s11) + tail(ra1, rb1, from: k16, to: k))
        c1[2] += alpha * (horizontalSum(s12) + tail(ra1, rb2, from: k16, to: k))
        c1[3] += alpha * (horizontalSum(s13) + tail(ra1, rb3, from: k16, to: k))
        c1[4] += alpha * (horizontalSum(s14) + tail(ra1, rb4, from: k16, to: k))
        c1[5] += alpha * (horizontalSum(s15) + tail(ra1, rb5, from: k16, to: k))
        let c2 = c + 2 &* ldc
        c2[0] += alpha * (horizontalSum(s20) + tail(ra2, rb0, from: k16, to: k))
        c2[1] += alpha * (horizontalSum(s21) + tail(ra2, rb1, from: k16, to: k))
        c2[2] += alpha * (horizontalSum(s22) + tail(ra2, rb2, from: k16, to: k))
        c2[3] += alpha * (horizontalSum(s23) + tail(ra2, rb3, from: k16, to: k))
        c2[4] += alpha * (horizontalSum(s24) + tail(ra2, rb4, from: k16, to: k))
        c2[5] += alpha * (horizontalSum(s25) + tail(ra2, rb5, from: k16, to: k))
        let c3 = c + 3 &* ldc
        c3[0] += alpha * (horizontalSum(s30) + tail(ra3, rb0, from: k16, to: k))
        c3[1] += alpha * (horizontalSum(s31) + tail(ra3, rb1, from: k16, to: k))
        c3[2] += alpha * (horizontalSum(s32) + tail(ra3, rb2, from: k16, to: k))
        c3[3] += alpha * (horizontalSum(s33) + tail(ra3, rb3, from: k16, to: k))
        c3[4] += alpha * (horizontalSum(s34) + tail(ra3, rb4, from: k16, to: k))
        c3[5] += alpha * (horizontalSum(s35) + tail(ra3, rb5, from: k16, to: k))
    }

    /// Shapes: a [4][lda], b [4][ldb] -> c [4][ldc] += alpha * a . b^T.
    @inline(never)
    static func kernel4x4(k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>,
                          ldb: Int, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let a0 = UnsafeRawPointer(a + 0 &* lda)
        let a1 = UnsafeRawPointer(a + 1 &* lda)
        let a2 = UnsafeRawPointer(a + 2 &* lda)
        let a3 = UnsafeRawPointer(a + 3 &* lda)
        let b0 = UnsafeRawPointer(b + 0 &* ldb)
        let b1 = UnsafeRawPointer(b + 1 &* ldb)
        let b2 = UnsafeRawPointer(b + 2 &* ldb)
        let b3 = UnsafeRawPointer(b + 3 &* ldb)
        var s00 = SIMD16<Float>(), s01 = SIMD16<Float>(), s02 = SIMD16<Float>(), s03 = SIMD16<Float>()
        var s10 = SIMD16<Float>(), s11 = SIMD16<Float>(), s12 = SIMD16<Float>(), s13 = SIMD16<Float>()
        var s20 = SIMD16<Float>(), s21 = SIMD16<Float>(), s22 = SIMD16<Float>(), s23 = SIMD16<Float>()
        var s30 = SIMD16<Float>(), s31 = SIMD16<Float>(), s32 = SIMD16<Float>(), s33 = SIMD16<Float>()
        let k16 = k & ~15
        var off = 0
        let end = k16 &* 4
        while off < end {
            let x0 = a0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x1 = a1.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x2 = a2.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let x3 = a3.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let y0 = b0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s00 = s00.addingProduct(x0, y0); s10 = s10.addingProduct(x1, y0); s20 = s20.addingProduct(x2, y0); s30 = s30.addingProduct(x3, y0)
            let y1 = b1.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s01 = s01.addingProduct(x0, y1); s11 = s11.addingProduct(x1, y1); s21 = s21.addingProduct(x2, y1); s31 = s31.addingProduct(x3, y1)
            let y2 = b2.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s02 = s02.addingProduct(x0, y2); s12 = s12.addingProduct(x1, y2); s22 = s22.addingProduct(x2, y2); s32 = s32.addingProduct(x3, y2)
            let y3 = b3.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s03 = s03.addingProduct(x0, y3); s13 = s13.addingProduct(x1, y3); s23 = s23.addingProduct(x2, y3); s33 = s33.addingProduct(x3, y3)
            off &+= 64
        }
        let ra0 = a0.assumingMemoryBound(to: Float.self)
        let ra1 = a1.assumingMemoryBound(to: Float.self)
        let ra2 = a2.assumingMemoryBound(to: Float.self)
        let ra3 = a3.assumingMemoryBound(to: Float.self)
        let rb0 = b0.assumingMemoryBound(to: Float.self)
        let rb1 = b1.assumingMemoryBound(to: Float.self)
        let rb2 = b2.assumingMemoryBound(to: Float.self)
        let rb3 = b3.assumingMemoryBound(to: Float.self)
        let c0 = c + 0 &* ldc
        c0[0] += alpha * (horizontalSum(s00) + tail(ra0, rb0, from: k16, to: k))
        c0[1] += alpha * (horizontalSum(s01) + tail(ra0, rb1, from: k16, to: k))
        c0[2] += alpha * (horizontalSum(s02) + tail(ra0, rb2, from: k16, to: k))
        c0[3] += alpha * (horizontalSum(s03) + tail(ra0, rb3, from: k16, to: k))
        let c1 = c + 1 &* ldc
        c1[0] += alpha * (horizontalSum(s10) + tail(ra1, rb0, from: k16, to: k))
        c1[1] += alpha * (horizontalSum(s11) + tail(ra1, rb1, from: k16, to: k))
        c1[2] += alpha * (horizontalSum(s12) + tail(ra1, rb2, from: k16, to: k))
        c1[3] += alpha * (horizontalSum(s13) + tail(ra1, rb3, from: k16, to: k))
        let c2 = c + 2 &* ldc
        c2[0] += alpha * (horizontalSum(s20) + tail(ra2, rb0, from: k16, to: k))
        c2[1] += alpha * (horizontalSum(s21) + tail(ra2, rb1, from: k16, to: k))
        c2[2] += alpha * (horizontalSum(s22) + tail(ra2, rb2, from: k16, to: k))
        c2[3] += alpha * (horizontalSum(s23) + tail(ra2, rb3, from: k16, to: k))
        let c3 = c + 3 &* ldc
        c3[0] += alpha * (horizontalSum(s30) + tail(ra3, rb0, from: k16, to: k))
        c3[1] += alpha * (horizontalSum(s31) + tail(ra3, rb1, from: k16, to: k))
        c3[2] += alpha * (horizontalSum(s32) + tail(ra3, rb2, from: k16, to: k))
        c3[3] += alpha * (horizontalSum(s33) + tail(ra3, rb3, from: k16, to: k))
    }

    /// Shapes: a [1][k], b [6][ldb] -> c [1][6] += alpha * a . b^T.
    @inline(never)
    static func kernel1x6(k: Int, alpha: Float, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int,
                          c: UnsafeMutablePointer<Float>) {
        let a0 = UnsafeRawPointer(a)
        let b0 = UnsafeRawPointer(b + 0 &* ldb)
        let b1 = UnsafeRawPointer(b + 1 &* ldb)
        let b2 = UnsafeRawPointer(b + 2 &* ldb)
        let b3 = UnsafeRawPointer(b + 3 &* ldb)
        let b4 = UnsafeRawPointer(b + 4 &* ldb)
        let b5 = UnsafeRawPointer(b + 5 &* ldb)
        var s00 = SIMD16<Float>(), s01 = SIMD16<Float>(), s02 = SIMD16<Float>(), s03 = SIMD16<Float>(), s04 = SIMD16<Float>(), s05 = SIMD16<Float>()
        let k16 = k & ~15
        var off = 0
        let end = k16 &* 4
        while off < end {
            let x0 = a0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let y0 = b0.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s00 = s00.addingProduct(x0, y0)
            let y1 = b1.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s01 = s01.addingProduct(x0, y1)
            let y2 = b2.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s02 = s02.addingProduct(x0, y2)
            let y3 = b3.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s03 = s03.addingProduct(x0, y3)
            let y4 = b4.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s04 = s04.addingProduct(x0, y4)
            let y5 = b5.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            s05 = s05.addingProduct(x0, y5)
            off &+= 64
        }
        let ra0 = a0.assumingMemoryBound(to: Float.self)
        let rb0 = b0.assumingMemoryBound(to: Float.self)
        let rb1 = b1.assumingMemoryBound(to: Float.self)
        let rb2 = b2.assumingMemoryBound(to: Float.self)
        let rb3 = b3.assumingMemoryBound(to: Float.self)
        let rb4 = b4.assumingMemoryBound(to: Float.self)
        let rb5 = b5.assumingMemoryBound(to: Float.self)
        let c0 = c
        c0[0] += alpha * (horizontalSum(s00) + tail(ra0, rb0, from: k16, to: k))
        c0[1] += alpha * (horizontalSum(s01) + tail(ra0, rb1, from: k16, to: k))
        c0[2] += alpha * (horizontalSum(s02) + tail(ra0, rb2, from: k16, to: k))
        c0[3] += alpha * (horizontalSum(s03) + tail(ra0, rb3, from: k16, to: k))
        c0[4] += alpha * (horizontalSum(s04) + tail(ra0, rb4, from: k16, to: k))
        c0[5] += alpha * (horizontalSum(s05) + tail(ra0, rb5, from: k16, to: k))
    }

}
