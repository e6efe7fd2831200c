/// Rearranges an image into the im2col matrix (one column per output pixel, one row per
/// (c, ky, kx) tap) and back. The matrix is written straight into the GEMM's packed-B panel
/// layouts: that skips a packing pass and the cache-set conflicts of reading a row-major
/// matrix with a power-of-two row stride (notes/performance.md: ~60 -> ~120 GFLOP/s per core on
/// CIFAR-sized convs).
/// All three work through a zero-padded copy of the image, big enough for every tap of every
/// output pixel, so the copy loops carry no bounds tests: out-of-image taps just read its zeros.
enum Im2Col {
    /// Rows and columns of the padded image: exactly what the last output pixel's taps reach.
    static func paddedSize(_ g: ConvGeometry) -> (height: Int, width: Int) {
        ((g.outHeight - 1) * g.strideY + (g.kernelHeight - 1) * g.dilationY + 1,
         (g.outWidth - 1) * g.strideX + (g.kernelWidth - 1) * g.dilationX + 1)
    }

    static func paddedCount(_ g: ConvGeometry) -> Int {
        let (h, w) = paddedSize(g)
        return g.inChannels * h * w
    }

    /// Shapes: image [C][H][W] -> padded [C][PH][PW], image pixel (y, x) at (y + padTop, x + padLeft).
    /// Input rows and columns no output reaches (floor rounding) are left out.
    static func pad(_ g: ConvGeometry, image: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>) {
        let (ph, pw) = paddedSize(g)
        let y0 = max(0, -g.padTop), y1 = min(g.inHeight, ph &- g.padTop)
        let x0 = max(0, -g.padLeft), x1 = min(g.inWidth, pw &- g.padLeft)
        if y1 <= y0 || x1 <= x0 {
            padded.update(repeating: 0, count: g.inChannels &* ph &* pw)
            return
        }
        // Only the border is zeroed, not the whole buffer first: the copy covers the rest.
        let top = y0 &+ g.padTop, bottom = y1 &+ g.padTop          // padded rows holding image rows
        let left = x0 &+ g.padLeft, right = x1 &+ g.padLeft        // padded columns holding image columns
        for c in 0..<g.inChannels {
            let plane = padded + c &* ph &* pw
            plane.update(repeating: 0, count: top &* pw)
            for y in y0..<y1 {
                let d = plane + (y &+ g.padTop) &* pw
                d.update(repeating: 0, count: left)
                copyRun(d + left, image + ((c &* g.inHeight &+ y) &* g.inWidth &+ x0), x1 &- x0)
                (d + right).update(repeating: 0, count: pw &- right)
            }
            (plane + bottom &* pw).update(repeating: 0, count: (ph &- bottom) &* pw)
        }
    }

    /// Shapes: padded [C][PH][PW] -> image [C][H][W]; the adjoint of `pad` (drops the border).
    static func unpad(_ g: ConvGeometry, padded: UnsafePointer<Float>, into image: UnsafeMutablePointer<Float>) {
        let (ph, pw) = paddedSize(g)
        let y0 = max(0, -g.padTop), y1 = min(g.inHeight, ph &- g.padTop)
        let x0 = max(0, -g.padLeft), x1 = min(g.inWidth, pw &- g.padLeft)
        if y1 <= y0 || x1 <= x0 || y0 > 0 || x0 > 0 || y1 < g.inHeight || x1 < g.inWidth {
            image.update(repeating: 0, count: g.inputCount)   // some pixels feed no output
        }
        if y1 <= y0 || x1 <= x0 { return }
        for c in 0..<g.inChannels {
            for y in y0..<y1 {
                let s = padded + ((c &* ph &+ y &+ g.padTop) &* pw &+ x0 &+ g.padLeft)
                let d = image + ((c &* g.inHeight &+ y) &* g.inWidth &+ x0)
                copyRun(d, UnsafePointer(s), x1 &- x0)
            }
        }
    }

    /// offsets[p] for tap p = (c*kh + ky)*kw + kx: where output pixel (0, 0) reads it in the
    /// padded image. Pixel (oy, ox) reads offsets[p] + oy*sy*PW + ox*sx.
    static func tapOffsets<I: FixedWidthInteger>(_ g: ConvGeometry, into offsets: UnsafeMutablePointer<I>) {
        let (ph, pw) = paddedSize(g)
        var p = 0
        for c in 0..<g.inChannels {
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    offsets[p] = I(truncatingIfNeeded: (c &* ph &+ ky &* g.dilationY) &* pw &+ kx &* g.dilationX)
                    p &+= 1
                }
            }
        }
    }

    static func panelCount(_ g: ConvGeometry) -> Int { (g.outputPixels + 31) / 32 }

    /// Shapes: padded image -> B = im2col [C*kh*kw][OH*OW] as GEMM panels for C = W * B:
    /// panel q (pixels 32q..<32q+32) at dst + q * patchSize * 32, tap row p of it at + p * 32.
    /// Writes panelCount * patchSize * 32 floats; pixels past OH*OW are zero.
    static func packColumns(_ g: ConvGeometry, padded: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                            into dst: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, oh = g.outHeight, sx = g.strideX, taps = g.patchSize
        let rowStep = g.strideY &* paddedSize(g).width
        let panelStride = taps &* 32
        // Output rows that tile the 32-pixel panels exactly (OW = 8, 16, 32, 64...) are copied
        // whole, without splitting at panel edges: the common case gets short loops.
        let rowsTile = sx == 1 && (ow & 31 == 0 || 32 % ow == 0)
        for p in 0..<taps {
            let rowBase = dst + p &* 32
            let tap = padded + offsets[p]
            if rowsTile && ow >= 32 {
                for oy in 0..<oh {
                    let src = tap + oy &* rowStep
                    var d = rowBase + ((oy &* ow) >> 5) &* panelStride
                    var ox = 0
                    while ox < ow { copyRun(d, src + ox, 32); d += panelStride; ox &+= 32 }
                }
            } else if rowsTile {
                for oy in 0..<oh {
                    let pix = oy &* ow
                    copyRun(rowBase + ((pix >> 5) &* panelStride &+ (pix & 31)), tap + oy &* rowStep, ow)
                }
            } else {
                for oy in 0..<oh {
                    let src = tap + oy &* rowStep
                    let n0 = oy &* ow
                    var ox = 0
                    while ox < ow {
                        let pix = n0 &+ ox
                        let lane = pix & 31
                        let len = min(32 &- lane, ow &- ox)
                        let d = rowBase + ((pix >> 5) &* panelStride &+ lane)
                        let s = src + ox &* sx
                        for t in 0..<len { d[t] = s[t &* sx] }
                        ox &+= len
                    }
                }
            }
            if n & 31 != 0 {
                let d = rowBase + ((n >> 5) &* panelStride)
                for lane in (n & 31)..<32 { d[lane] = 0 }
            }
        }
    }

    /// Row stride for `unfold`'s output: whole SIMD16 vectors, and never a multiple of 4 KiB,
    /// whose rows would all fall in the same L1 sets when GEMMDot reads six of them at once.
    static func unfoldedStride(_ g: ConvGeometry) -> Int {
        let ld = (g.outputPixels + 15) & ~15
        return ld % 1024 == 0 ? ld + 16 : ld
    }

    /// Shapes: padded image -> im2col [C*kh*kw][OH*OW], plain row-major with row stride `ld`,
    /// for GEMMDot.
    static func unfold(_ g: ConvGeometry, padded: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                       into dst: UnsafeMutablePointer<Float>, ld: Int) {
        let ow = g.outWidth, sx = g.strideX, taps = g.patchSize
        let rowStep = g.strideY &* paddedSize(g).width
        for p in 0..<taps {
            let tap = padded + offsets[p]
            let row = dst + p &* ld
            for oy in 0..<g.outHeight {
                let d = row + oy &* ow
                let s = tap + oy &* rowStep
                if sx == 1 {
                    copyRun(d, s, ow)
                } else {
                    for ox in 0..<ow { d[ox] = s[ox &* sx] }
                }
            }
        }
    }

    /// Shapes: padded image -> B = im2col^T [OH*OW][C*kh*kw] as GEMM panels for
    /// dW = dOut * B: panel q (taps 32q..<32q+32) at dst + q * OH*OW * 32, pixel row n of it at
    /// + n * 32. Writes ceil(patchSize/32) * OH*OW * 32 floats; taps past patchSize are zero.
    /// Each pixel row is gathered through the tap offsets (offsets32: `tapOffsets` as Int32, half
    /// the table); writing whole rows avoids the AVX-512 scatters (slow here) that a tap-by-tap
    /// transpose compiles to.
    static func packRows(_ g: ConvGeometry, padded: UnsafePointer<Float>, offsets32: UnsafePointer<Int32>,
                         into dst: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, sx = g.strideX, taps = g.patchSize
        let rowStep = g.strideY &* paddedSize(g).width
        var q0 = 0
        while q0 < taps {
            let lanes = min(32, taps &- q0)
            let offs = offsets32 + q0
            var d = dst + (q0 >> 5) &* (n &* 32)
            for oy in 0..<g.outHeight {
                for ox in 0..<ow {
                    let src = padded + (oy &* rowStep &+ ox &* sx)
                    if lanes == 32 {
                        for l in 0..<32 { d[l] = src[Int(offs[l])] }
                    } else {
                        for l in 0..<lanes { d[l] = src[Int(offs[l])] }
                        for l in lanes..<32 { d[l] = 0 }
                    }
                    d += 32
                }
            }
            q0 &+= 32
        }
    }

    /// Shapes: columns [C*kh*kw][OH*OW] (row-major) -> padded image gradient [C][PH][PW]: the
    /// adjoint of im2col, each tap's value added to the padded pixel it was read from.
    /// Overwrites padded.
    static func accumulatePadded(_ g: ConvGeometry, columns: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                                 into padded: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, sx = g.strideX, taps = g.patchSize
        let rowStep = g.strideY &* paddedSize(g).width
        padded.update(repeating: 0, count: paddedCount(g))
        for p in 0..<taps {
            let tap = padded + offsets[p]
            let row = columns + p &* n
            for oy in 0..<g.outHeight {
                let d = tap + oy &* rowStep
                let s = row + oy &* ow
                if sx == 1 {
                    addRun(d, s, ow)
                } else {
                    for ox in 0..<ow { d[ox &* sx] += s[ox] }
                }
            }
        }
    }

    /// d[0..<count] = s[0..<count]; SIMD because runs are short (8-32) and a memcpy call costs
    /// as much as the copy.
    @inline(__always)
    static func copyRun(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, _ count: Int) {
        let dr = UnsafeMutableRawPointer(d), sr = UnsafeRawPointer(s)
        var t = 0
        while t &+ 16 <= count {
            dr.storeBytes(of: sr.loadUnaligned(fromByteOffset: t &* 4, as: SIMD16<Float>.self),
                          toByteOffset: t &* 4, as: SIMD16<Float>.self)
            t &+= 16
        }
        if t &+ 8 <= count {
            dr.storeBytes(of: sr.loadUnaligned(fromByteOffset: t &* 4, as: SIMD8<Float>.self),
                          toByteOffset: t &* 4, as: SIMD8<Float>.self)
            t &+= 8
        }
        while t < count { d[t] = s[t]; t &+= 1 }
    }

    /// d[0..<count] += s[0..<count].
    @inline(__always)
    static func addRun(_ d: UnsafeMutablePointer<Float>, _ s: UnsafePointer<Float>, _ count: Int) {
        let dr = UnsafeMutableRawPointer(d), sr = UnsafeRawPointer(s)
        var t = 0
        while t &+ 16 <= count {
            let v = dr.loadUnaligned(fromByteOffset: t &* 4, as: SIMD16<Float>.self)
                + sr.loadUnaligned(fromByteOffset: t &* 4, as: SIMD16<Float>.self)
            dr.storeBytes(of: v, toByteOffset: t &* 4, as: SIMD16<Float>.self)
            t &+= 16
        }
        while t < count { d[t] += s[t]; t &+= 1 }
    }
}
