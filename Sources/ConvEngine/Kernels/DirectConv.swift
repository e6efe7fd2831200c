import Dispatch

/// Stride-1 convolutions whose 32-pixel GEMM panels are whole runs of output rows (OW a multiple
/// of 32, or OW = 16 with an even OH): the GEMM reads its B operand straight from the padded
/// image instead of from im2col's packed copy. Tap p of pixels 32q..<32q+32 is 32 consecutive
/// floats (or two runs of 16 in consecutive rows) of the padded image at a fixed offset, so the
/// micro-kernel loads its two B vectors from there through the tap offset table. im2col wrote
/// C*kh*kw*OH*OW floats per image only to have them read back once (9x the image for a 3x3
/// conv; for ResNet-20 about 370 MB a batch of 32, as long as half the GEMM itself).
/// Each C entry is the same sum in the same order whatever the thread count (threads take whole
/// panels), so results do not depend on it.
enum DirectConv {
    static let mr = 8

    /// Whether `forward` applies: stride 1, filters in whole 8-row panels, panels of whole rows.
    static func applies(_ g: ConvGeometry) -> Bool {
        g.strideY == 1 && g.strideX == 1 && g.isDense && g.outChannels > 0 && g.outChannels % mr == 0 && g.patchSize > 0
            && (g.outWidth % 32 == 0 || (g.outWidth == 16 && g.outHeight % 2 == 0)) && g.outHeight > 0
    }

    /// Shapes: padded image [C][PH][PW] (Im2Col.pad), tap offsets [C*kh*kw], weights [K][C*kh*kw]
    /// -> output [K][OH*OW] (+= when accumulate: the bias was seeded there).
    static func forward(_ g: ConvGeometry, padded: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                        weights: UnsafePointer<Float>, accumulate: Bool, output: UnsafeMutablePointer<Float>,
                        workspace: ConvWorkspace, threads: Int) {
        let kdim = g.patchSize, n = g.outputPixels, m = g.outChannels
        let kc = GEMMDriver.kBlock(kdim, kc: GEMMMicroKernel.aRowStride)
        let kBlocks = (kdim + kc - 1) / kc
        let rowPanels = m / mr
        let panelFloats = mr &* GEMMMicroKernel.aRowStride
        // Weights in the RowA kernels' layout, every k-block: block b, panel i at (b*rowPanels + i) * panelFloats.
        let a = workspace.directWeightBuffer(kBlocks &* rowPanels &* panelFloats)
        for b in 0..<kBlocks {
            let p0 = b &* kc, kb = min(kc, kdim &- p0)
            GEMMPacking.packA(weights, lda: kdim, transposed: false, alpha: 1, i0: 0, rows: m, p0: p0, kb: kb, mr: mr,
                              into: a + b &* rowPanels &* panelFloats)
        }
        let pw = Im2Col.paddedSize(g).width
        let ow = g.outWidth
        // Panel q: its first 16 pixels start at output (oy, ox); the next 16 at +16 in the same row
        // (OW a multiple of 32) or at the start of the next row (OW = 16).
        let half = ow == 16 ? pw : 16
        let panels = n / 32
        nonisolated(unsafe) let x = padded, offs = offsets, c = output, aa = UnsafePointer(a)
        let t = threads > 1 && m &* n &* kdim >= GEMMDriver.parallelThreshold ? min(threads, panels) : 1
        let run: @Sendable (Int) -> Void = { part in
            for q in (panels &* part / t) ..< (panels &* (part &+ 1) / t) {
                let pix = q &* 32
                let oy = pix / ow, ox = pix &- oy &* ow
                let lo = x + (oy &* pw &+ ox)
                for i in 0..<rowPanels {
                    let tile = c + (i &* mr &* n &+ pix)
                    for b in 0..<kBlocks {
                        let p0 = b &* kc
                        let mode = b > 0 || accumulate ? GEMMMicroKernel.accumulate : GEMMMicroKernel.overwrite
                        kernel8x32(kc: min(kc, kdim &- p0), a: aa + (b &* rowPanels &+ i) &* panelFloats, lo: lo, hi: lo + half,
                                   offsets: offs + p0, c: tile, ldc: n, mode: mode)
                    }
                }
            }
        }
        if t == 1 { run(0) } else { WorkerPool.shared.perform(iterations: t, run) }
    }

    /// a: A panel [8][256] (RowA layout), B row p = 16 floats at lo + offsets[p] then 16 at
    /// hi + offsets[p], c: [8][32] tile of C with row stride ldc. As GEMMMicroKernel.kernel8x32RowA
    /// but for where B comes from; same accumulation order.
    @inline(never)
    static func kernel8x32(kc: Int, a: UnsafePointer<Float>, lo: UnsafePointer<Float>, hi: UnsafePointer<Float>,
                           offsets: UnsafePointer<Int>, c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        let l = UnsafeRawPointer(lo), h = UnsafeRawPointer(hi)
        var pa = a
        var p = 0
        while p < kc {
            let off = offsets[p] &* 4
            let b0 = l.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let b1 = h.loadUnaligned(fromByteOffset: off, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[1024])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[1280])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[1536])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[1792])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            pa += 1
            p &+= 1
        }
        GEMMMicroKernel.storeRow(c, c0a, c0b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: 0)
        GEMMMicroKernel.storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: 0)
    }
}
