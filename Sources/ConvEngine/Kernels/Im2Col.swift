/// Rearranges an image into the im2col matrix (one column per output pixel, one row per
/// (c, ky, kx) tap) and back. The matrix is written straight into the GEMM's packed-B panel
/// layouts: that skips a packing pass and the cache-set conflicts of reading a row-major
/// matrix with a power-of-two row stride (notes/performance.md: ~60 -> ~120 GFLOP/s per core on
/// CIFAR-sized convs). Out-of-image taps are zero.
enum Im2Col {
    /// The output columns [lo, hi) whose tap at kernel column kx lands inside the image.
    @inline(__always)
    static func validColumns(_ g: ConvGeometry, kx: Int) -> (lo: Int, hi: Int) {
        // ix = ox * sx + kx - padLeft must satisfy 0 <= ix < W.
        let sx = g.strideX
        let first = g.padLeft &- kx                     // smallest ox*sx allowed
        let last = g.inWidth &- 1 &+ g.padLeft &- kx    // largest ox*sx allowed
        let lo = first <= 0 ? 0 : (first &+ sx &- 1) / sx
        let hi = last < 0 ? 0 : min(g.outWidth, last / sx &+ 1)
        return (min(lo, hi), hi)
    }

    /// Panels of 32 columns that cover the output pixels.
    static func panelCount(_ g: ConvGeometry) -> Int { (g.outputPixels + 31) / 32 }

    /// Shapes: input [C][H][W] -> B = im2col [C*kh*kw][OH*OW] as GEMM panels for C = W * B:
    /// panel q (pixels 32q..<32q+32) at dst + q * patchSize * 32, tap row p of it at + p * 32.
    /// Writes panelCount * patchSize * 32 floats; pixels past OH*OW are zero.
    static func packColumns(_ g: ConvGeometry, input: UnsafePointer<Float>,
                            into dst: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, sx = g.strideX
        let panelStride = g.patchSize &* 32
        var p = 0
        for c in 0..<g.inChannels {
            let plane = input + c &* g.inHeight &* g.inWidth
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    let rowBase = dst + p &* 32
                    let (lo, hi) = validColumns(g, kx: kx)
                    for oy in 0..<g.outHeight {
                        let iy = oy &* g.strideY &- g.padTop &+ ky
                        let rowInside = iy >= 0 && iy < g.inHeight
                        // src[ox * sx] is the tap for output column ox (formed only for valid ox).
                        let src = plane + (iy &* g.inWidth &+ kx &- g.padLeft)
                        let n0 = oy &* ow
                        var ox = 0
                        while ox < ow {
                            let pix = n0 &+ ox
                            let lane = pix & 31
                            let len = min(32 &- lane, ow &- ox)
                            let d = rowBase + ((pix >> 5) &* panelStride &+ lane)
                            let a = rowInside ? min(max(lo &- ox, 0), len) : 0
                            let b = rowInside ? min(max(hi &- ox, 0), len) : 0
                            var t = 0
                            while t < a { d[t] = 0; t &+= 1 }
                            if sx == 1 {
                                let s = src + ox
                                while t < b { d[t] = s[t]; t &+= 1 }
                            } else {
                                while t < b { d[t] = src[(ox &+ t) &* sx]; t &+= 1 }
                            }
                            while t < len { d[t] = 0; t &+= 1 }
                            ox &+= len
                        }
                    }
                    if n & 31 != 0 {
                        let d = rowBase + ((n >> 5) &* panelStride)
                        for lane in (n & 31)..<32 { d[lane] = 0 }
                    }
                    p &+= 1
                }
            }
        }
    }

    /// Shapes: input [C][H][W] -> B = im2col^T [OH*OW][C*kh*kw] as GEMM panels for
    /// dW = dOut * B: panel q (taps 32q..<32q+32) at dst + q * OH*OW * 32, pixel row n of it at
    /// + n * 32. Writes ceil(patchSize/32) * OH*OW * 32 floats; taps past patchSize are zero.
    static func packRows(_ g: ConvGeometry, input: UnsafePointer<Float>,
                         into dst: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, sx = g.strideX
        let panelStride = n &* 32
        var p = 0
        for c in 0..<g.inChannels {
            let plane = input + c &* g.inHeight &* g.inWidth
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    let base = dst + ((p >> 5) &* panelStride &+ (p & 31))
                    let (lo, hi) = validColumns(g, kx: kx)
                    for oy in 0..<g.outHeight {
                        let iy = oy &* g.strideY &- g.padTop &+ ky
                        var d = base + oy &* ow &* 32
                        if iy < 0 || iy >= g.inHeight {
                            for _ in 0..<ow { d.pointee = 0; d += 32 }
                            continue
                        }
                        let src = plane + (iy &* g.inWidth &+ kx &- g.padLeft)
                        var ox = 0
                        while ox < lo { d.pointee = 0; d += 32; ox &+= 1 }
                        while ox < hi { d.pointee = src[ox &* sx]; d += 32; ox &+= 1 }
                        while ox < ow { d.pointee = 0; d += 32; ox &+= 1 }
                    }
                    p &+= 1
                }
            }
        }
        let padded = (p + 31) & ~31
        if padded > p {
            let last = dst + (p >> 5) &* panelStride
            for pix in 0..<n {
                let d = last + pix &* 32
                for lane in (p & 31)..<32 { d[lane] = 0 }
            }
        }
    }

    /// Shapes: columns [C*kh*kw][OH*OW] (row-major, row stride OH*OW) -> image [C][H][W]:
    /// the adjoint of im2col. Each tap's value is added to the input pixel it came from;
    /// taps that fell outside the image are dropped. Overwrites image.
    static func accumulateImage(_ g: ConvGeometry, columns: UnsafePointer<Float>,
                                into image: UnsafeMutablePointer<Float>) {
        let n = g.outputPixels, ow = g.outWidth, sx = g.strideX
        image.update(repeating: 0, count: g.inputCount)
        var p = 0
        for c in 0..<g.inChannels {
            let plane = image + c &* g.inHeight &* g.inWidth
            for ky in 0..<g.kernelHeight {
                for kx in 0..<g.kernelWidth {
                    let row = columns + p &* n
                    let (lo, hi) = validColumns(g, kx: kx)
                    for oy in 0..<g.outHeight {
                        let iy = oy &* g.strideY &- g.padTop &+ ky
                        if iy < 0 || iy >= g.inHeight { continue }
                        let d = plane + (iy &* g.inWidth &+ kx &- g.padLeft)
                        let s = row + oy &* ow
                        if sx == 1 {
                            var ox = lo
                            while ox < hi { d[ox] += s[ox]; ox &+= 1 }
                        } else {
                            var ox = lo
                            while ox < hi { d[ox &* sx] += s[ox]; ox &+= 1 }
                        }
                    }
                    p &+= 1
                }
            }
        }
    }
}
