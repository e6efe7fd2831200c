import Dispatch

/// The weight gradient of a stride-1 convolution without an im2col matrix.
///
/// For stride 1, the input pixels one filter tap (ty, tx) sees over all output pixels form the
/// zero-padded image shifted by (ty * dilationY, tx * dilationX): on the padded grid (row
/// stride pw) output pixel (y, x) sits at q = y * pw + x and its tap reads padded[q + offset].
/// Spreading dy onto the same grid (zeros in the pw - OW columns no output owns) turns each tap's
/// gradient into one dot-product GEMM over q, reading the padded planes in place:
///   dW[k][c][tap] += sum_q spread[k][q] * padded[c][q + offset(tap)].
/// That skips writing the C * kh * kw x OH * OW im2col matrix, which for 3x3 layers on 32x32
/// images costs as much memory traffic as the multiply-adds themselves.
enum ShiftedWeightGradient {
    /// Stride 1, at least one whole 4-channel tile (with fewer, an RGB first layer, every dot
    /// product falls to the one-column kernel) and long dot products: each weight's sum ends in a
    /// 16-lane reduction, which only pays off over many pixels. Measured per image, one thread,
    /// CPU time (min of 28 alternated runs): 32x32x16 K16 3x3 79 vs 68 GFLOP/s for im2col + GEMMDot;
    /// 16x16x32 K32 3x3 51 vs 58, 16x16x16 K20 5x5 51 vs 54 — those stay on im2col.
    static let minimumPixels = 512

    static func applies(_ g: ConvGeometry) -> Bool {
        g.strideY == 1 && g.strideX == 1 && g.inChannels >= 4 && g.outputPixels >= minimumPixels
            && g.paddedCountFitsInt32
    }

    /// Shapes: input [C][H][W], outputGradient [K][OH][OW] -> weightGradient [K][C][kh][kw] +=.
    /// Taps are split between threads; each tap's sums are the same on any thread count.
    static func accumulate(_ g: ConvGeometry, input: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                           weightGradient: UnsafeMutablePointer<Float>, workspace: ConvWorkspace, threads: Int) {
        let (ph, pw) = Im2Col.paddedSize(g)
        let plane = ph &* pw
        let k = g.outChannels, c = g.inChannels, taps = g.kernelHeight &* g.kernelWidth
        // The sums run over whole SIMD16 vectors: past the last output pixel the spread gradient
        // is zero, and the padded image gets 16 zeros of slack so the longest shifted read stays
        // inside the buffer (and reads zeros, never stale NaNs).
        let length = (g.outHeight &- 1) &* pw &+ g.outWidth
        let length16 = (length &+ 15) & ~15
        let padded = workspace.paddedBuffer(plane &* c &+ 16)
        Im2Col.pad(g, image: input, into: padded)
        (padded + plane &* c).update(repeating: 0, count: 16)

        // Row stride of the spread gradient: never a multiple of 4 KiB (see Im2Col.unfoldedStride).
        let ld = length16 % 1024 == 0 ? length16 &+ 16 : length16
        let spread = workspace.columnBuffer(k &* ld &+ taps &* k &* c)
        for row in 0..<k {
            let src = outputGradient + row &* g.outputPixels
            let dst = spread + row &* ld
            for y in 0..<g.outHeight {
                let d = dst + y &* pw
                Im2Col.copyRun(d, src + y &* g.outWidth, g.outWidth)
                if y &+ 1 < g.outHeight { (d + g.outWidth).update(repeating: 0, count: pw &- g.outWidth) }
            }
            (dst + length).update(repeating: 0, count: ld &- length)
        }

        // products[tap][k][c], summed once per image then added into dW's [k][c][tap] order.
        let products = spread + k &* ld
        products.update(repeating: 0, count: taps &* k &* c)
        nonisolated(unsafe) let a = UnsafePointer(spread), b = UnsafePointer(padded), p = products
        let run: @Sendable (Int) -> Void = { tap in
            let ty = tap / g.kernelWidth, tx = tap % g.kernelWidth
            let offset = ty &* g.dilationY &* pw &+ tx &* g.dilationX
            GEMMDot.accumulate(m: k, n: c, k: length16, alpha: 1, a: a, lda: ld, b: b + offset, ldb: plane,
                               c: p + tap &* k &* c, ldc: c)
        }
        if threads <= 1 || k &* c &* length16 &* taps < GEMMDriver.parallelThreshold {
            for tap in 0..<taps { run(tap) }
        } else {
            // At most `threads` indices: each tap writes its own product, so any split sums the same.
            let parts = min(taps, threads)
            WorkerPool.shared.perform(iterations: parts) { part in
                for tap in stride(from: part, to: taps, by: parts) { run(tap) }
            }
        }
        for row in 0..<k {
            for channel in 0..<c {
                let dw = weightGradient + (row &* c &+ channel) &* taps
                for tap in 0..<taps { dw[tap] += products[(tap &* k &+ row) &* c &+ channel] }
            }
        }
    }
}
