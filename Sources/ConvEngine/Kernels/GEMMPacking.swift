/// Copies blocks of A and B into the panel layouts the micro-kernels stream through, so that
/// the kernel reads both with unit stride whatever the transposes and leading dimensions.
/// Ragged edges are zero-padded; padded lanes only feed C entries that are thrown away.
enum GEMMPacking {
    /// A block of op(A): rows i0..<i0+rows, k-range p0..<p0+kb, where op(A)[i][p] is
    /// a[i*lda + p] (or a[p*lda + i] when transposed). Output: ceil(rows/mr) panels, each
    /// [kb][mr] (k-major), scaled by alpha so the kernel never multiplies by it.
    static func packA(_ a: UnsafePointer<Float>, lda: Int, transposed: Bool, alpha: Float,
                      i0: Int, rows: Int, p0: Int, kb: Int, mr: Int,
                      into dst: UnsafeMutablePointer<Float>) {
        var r0 = 0
        var panel = dst
        while r0 < rows {
            let h = min(mr, rows &- r0)
            if transposed {
                // A is stored k x m: each k step reads h consecutive floats.
                for p in 0..<kb {
                    let src = a + ((p0 &+ p) &* lda &+ i0 &+ r0)
                    let d = panel + p &* mr
                    for r in 0..<h { d[r] = alpha * src[r] }
                    for r in h..<mr { d[r] = 0 }
                }
            } else {
                // A is stored m x k: each k step reads one float from each of h rows. Writing
                // row by row instead (stride mr) gets vectorised into AVX-512 scatters, which are
                // slow on this machine; these strided reads become gathers at worst.
                let src = a + ((i0 &+ r0) &* lda &+ p0)
                for p in 0..<kb {
                    let d = panel + p &* mr
                    let s = src + p
                    for r in 0..<h { d[r] = alpha * s[r &* lda] }
                    for r in h..<mr { d[r] = 0 }
                }
            }
            panel += kb &* mr
            r0 &+= mr
        }
    }

    /// A block of op(B): k-range p0..<p0+kb, columns j0..<j0+cols, where op(B)[p][j] is
    /// b[p*ldb + j] (or b[j*ldb + p] when transposed). Output: ceil(cols/32) panels, each
    /// [kb][32], panel stride kb*32.
    static func packB(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
                      p0: Int, kb: Int, j0: Int, cols: Int,
                      into dst: UnsafeMutablePointer<Float>) {
        let nr = GEMMMicroKernel.nr
        var c0 = 0
        var panel = dst
        while c0 < cols {
            let w = min(nr, cols &- c0)
            if transposed {
                // B is stored n x k: each k step gathers one float from each of w rows (as in
                // packA, writing column by column would be vectorised into slow scatters).
                let src = b + ((j0 &+ c0) &* ldb &+ p0)
                for p in 0..<kb {
                    let d = panel + p &* nr
                    let s = src + p
                    for j in 0..<w { d[j] = s[j &* ldb] }
                    for j in w..<nr { d[j] = 0 }
                }
            } else if w == nr {
                for p in 0..<kb {
                    let src = UnsafeRawPointer(b + ((p0 &+ p) &* ldb &+ j0 &+ c0))
                    let d = UnsafeMutableRawPointer(panel + p &* nr)
                    d.storeBytes(of: src.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                    d.storeBytes(of: src.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
                                 toByteOffset: 64, as: SIMD16<Float>.self)
                }
            } else {
                for p in 0..<kb {
                    let src = b + ((p0 &+ p) &* ldb &+ j0 &+ c0)
                    let d = panel + p &* nr
                    for j in 0..<w { d[j] = src[j] }
                    for j in w..<nr { d[j] = 0 }
                }
            }
            panel += kb &* nr
            c0 &+= nr
        }
    }
}
