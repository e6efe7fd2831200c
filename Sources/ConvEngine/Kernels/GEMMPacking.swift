/// Copies blocks of A and B into the panel layouts the micro-kernels stream through, so that
/// the kernel reads both with unit stride whatever the transposes and leading dimensions.
/// Ragged edges are zero-padded; padded lanes only feed C entries that are thrown away.
enum GEMMPacking {
    /// A block of op(A): rows i0..<i0+rows, k-range p0..<p0+kb, where op(A)[i][p] is
    /// a[i*lda + p] (or a[p*lda + i] when transposed), scaled by alpha so the kernel never
    /// multiplies by it. Output: ceil(rows/mr) panels of the layout the copy is cheapest in:
    /// transposed A is already k-major, so panels are [kb][mr] (panel stride kb*mr); untransposed
    /// A is copied row by row into [mr][aRowStride] panels (panel stride mr*aRowStride), which
    /// the RowA kernels read. Returns whether the row layout was used.
    @discardableResult
    static func packA(_ a: UnsafePointer<Float>, lda: Int, transposed: Bool, alpha: Float,
                      i0: Int, rows: Int, p0: Int, kb: Int, mr: Int,
                      into dst: UnsafeMutablePointer<Float>) -> Bool {
        var r0 = 0
        var panel = dst
        if transposed {
            while r0 < rows {
                let h = min(mr, rows &- r0)
                for p in 0..<kb {
                    let src = a + ((p0 &+ p) &* lda &+ i0 &+ r0)
                    let d = panel + p &* mr
                    for r in 0..<h { d[r] = alpha * src[r] }
                    for r in h..<mr { d[r] = 0 }
                }
                panel += kb &* mr
                r0 &+= mr
            }
            return false
        }
        let stride = GEMMMicroKernel.aRowStride
        precondition(kb <= stride, "k-block longer than a row-major A panel row")
        while r0 < rows {
            let h = min(mr, rows &- r0)
            for r in 0..<mr {
                let d = panel + r &* stride
                if r < h {
                    scaledCopy(d, a + ((i0 &+ r0 &+ r) &* lda &+ p0), kb, alpha)
                } else {
                    d.update(repeating: 0, count: kb)
                }
            }
            panel += mr &* stride
            r0 &+= mr
        }
        return true
    }

    /// d[0..<count] = alpha * s[0..<count].
    @inline(__always)
    static func scaledCopy(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, _ count: Int,
                           _ alpha: Float) {
        let dr = UnsafeMutableRawPointer(d), sr = UnsafeRawPointer(s)
        let av = SIMD16<Float>(repeating: alpha)
        var t = 0
        while t &+ 16 <= count {
            dr.storeBytes(of: av * sr.loadUnaligned(fromByteOffset: t &* 4, as: SIMD16<Float>.self),
                          toByteOffset: t &* 4, as: SIMD16<Float>.self)
            t &+= 16
        }
        while t < count { d[t] = alpha * s[t]; t &+= 1 }
    }

    /// A block of op(B): k-range p0..<p0+kb, columns j0..<j0+cols, where op(B)[p][j] is
    /// b[p*ldb + j] (or b[j*ldb + p] when transposed). Output: ceil(cols/32) panels, each
    /// [kb][32], panel stride kb*32.
    static func packB(_ b: UnsafePointer<Float>, ldb: Int, transposed: Bool,
                      p0: Int, kb: Int, j0: Int, cols: Int,
                      into dst: UnsafeMutablePointer<Float>) {
        let nr = GEMMMicroKernel.nr
        let panelStride = kb &* nr
        if !transposed {
            // Row by row across all panels: each row of B is read once, front to back. Going
            // panel by panel instead reads 128 bytes per row with a stride of ldb, which for
            // power-of-two ldb lands every row in the same L1 set (16x1024x75: ~64 -> ~77 GFLOP/s).
            let full = cols / nr
            let rest = cols &- full &* nr
            for p in 0..<kb {
                let src = b + ((p0 &+ p) &* ldb &+ j0)
                var d = dst + p &* nr
                var q = 0
                while q < full {
                    let s = UnsafeRawPointer(src + q &* nr)
                    let dr = UnsafeMutableRawPointer(d)
                    dr.storeBytes(of: s.loadUnaligned(as: SIMD16<Float>.self), as: SIMD16<Float>.self)
                    dr.storeBytes(of: s.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self),
                                  toByteOffset: 64, as: SIMD16<Float>.self)
                    d += panelStride
                    q &+= 1
                }
                if rest > 0 {
                    let s = src + full &* nr
                    for j in 0..<rest { d[j] = s[j] }
                    for j in rest..<nr { d[j] = 0 }
                }
            }
            return
        }
        var c0 = 0
        var panel = dst
        while c0 < cols {
            let w = min(nr, cols &- c0)
            // B is stored n x k: each k step gathers one float from each of w rows (as in
            // packA, writing column by column would be vectorised into slow scatters).
            let src = b + ((j0 &+ c0) &* ldb &+ p0)
            for p in 0..<kb {
                let d = panel + p &* nr
                let s = src + p
                for j in 0..<w { d[j] = s[j &* ldb] }
                for j in w..<nr { d[j] = 0 }
            }
            panel += panelStride
            c0 &+= nr
        }
    }
}
