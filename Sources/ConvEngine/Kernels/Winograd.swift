import Dispatch

/// Forward pass of 3x3 stride-1 convolutions (VGG's, ResNet's) through Winograd F(2x2, 3x3)
/// (WinogradTransforms): pad the image, transform 4x4 input tiles, 16 GEMMs
/// [K x C] . [C x tiles], transform each tile's 16 sums back into a 2x2 output block. 2.25x fewer multiplies than im2col + GEMM.
/// The image goes through in bands of tile rows so the transformed tiles (16 x (C + K) floats a
/// tile) stay a few MB. Every output is computed the same way whatever the thread count and
/// banding, so results do not depend on either. Backward passes keep im2col (ConvKernels).
enum Winograd {
    /// Where it pays: enough channels and tiles for the 16 small GEMMs to run near full speed.
    /// Measured per image on one thread against im2col + GEMM: 56x56x64 1.75x, 28x28x128 1.7x,
    /// 14x14x256 1.4x, 32x32x32 1.3x faster; but 32x32x16 0.93x, 16x16x64 0.9x, 16x16x32 0.77x.
    static func applies(_ g: ConvGeometry) -> Bool {
        g.kernelHeight == 3 && g.kernelWidth == 3 && g.strideY == 1 && g.strideX == 1 && g.isDense
            && g.inChannels >= 32 && g.outChannels >= 32
            && (g.outputPixels >= 784 || (g.inChannels >= 128 && g.outputPixels >= 196))
    }

    /// Rows a panel of transformed filters: the micro-kernel height the GEMM picks for K rows.
    static func panelRows(_ g: ConvGeometry) -> Int { GEMMMicroKernel.rowsPerPanel(m: g.outChannels) }
    /// Floats from one element's transformed filters to the next.
    static func elementStride(_ g: ConvGeometry) -> Int {
        let mr = panelRows(g)
        return (g.outChannels + mr - 1) / mr &* mr &* g.inChannels
    }
    static func transformedWeightCount(_ g: ConvGeometry) -> Int { 16 &* elementStride(g) }

    /// Floats of transformed input and GEMM products a band may hold (4 MB: measured a little
    /// faster than 2 or 8 MB on VGG-16).
    static let bandBudget = 1 << 20

    /// How one image is cut into 2x2 tiles and bands of tile rows.
    struct Plan {
        let tilesY, tilesX: Int
        /// The zero-padded plane every tile reads from: 2 * tiles + 2 rows and columns.
        let planeHeight, planeWidth: Int
        let rowsPerBand, bands: Int

        init(_ g: ConvGeometry, threads: Int) {
            tilesY = (g.outHeight + 1) / 2
            tilesX = (g.outWidth + 1) / 2
            planeHeight = 2 &* tilesY &+ 2
            planeWidth = 2 &* tilesX &+ 2
            let perTile = 16 &* (g.inChannels &+ g.outChannels)
            let rowsMax = max(1, Winograd.bandBudget / (perTile &* tilesX))
            var bands = (tilesY + rowsMax - 1) / rowsMax
            // A multiple of the thread count, so that bands shared between threads come out even.
            if threads > 1 && bands > 1 { bands = min(tilesY, (bands + threads - 1) / threads &* threads) }
            rowsPerBand = (tilesY + bands - 1) / bands
            self.bands = (tilesY + rowsPerBand - 1) / rowsPerBand
        }

        var planeCount: Int { planeHeight &* planeWidth }
        func tileRows(_ band: Int) -> Range<Int> { band &* rowsPerBand ..< min(tilesY, (band &+ 1) &* rowsPerBand) }
    }

    /// Shapes: weights [K][C][3][3] -> u [16][K/mr][C][mr] (WinogradTransforms.weights), panels
    /// split between threads.
    static func transformWeights(_ g: ConvGeometry, weights: UnsafePointer<Float>, into u: UnsafeMutablePointer<Float>,
                                 threads: Int) {
        let mr = panelRows(g)
        let panels = (g.outChannels + mr - 1) / mr
        let t = g.outChannels &* g.inChannels >= 4096 ? max(1, min(threads, panels)) : 1
        let chunk = (panels + t - 1) / t
        let stride = elementStride(g)
        nonisolated(unsafe) let w = weights, u = u
        parallel(t) { i in
            WinogradTransforms.weights(w, filters: g.outChannels, channels: g.inChannels, mr: mr,
                                       panels: min(panels, i &* chunk) ..< min(panels, (i &+ 1) &* chunk), eStride: stride, into: u)
        }
    }

    /// Shapes: input [C][H][W], u (transformWeights), bias [K] or nil -> output [K][OH][OW].
    /// Overwrites output.
    static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>, transformedWeights u: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                        workspace: ConvWorkspace, threads: Int) {
        let plan = Plan(g, threads: threads)
        let helpers = workspace.helpers(max(0, threads - 1))
        let spaces = [workspace] + helpers
        // Slack past the last plane: a tile run reads up to 32 floats beyond its row.
        let padded = workspace.paddedBuffer(g.inChannels &* plan.planeCount &+ 64)
        pad(g, plan, image: input, into: padded, threads: threads)
        nonisolated(unsafe) let x = UnsafePointer(padded), uu = u, b = bias, y = output
        if threads > 1 && plan.bands >= threads {
            parallel(threads) { worker in
                var band = worker
                while band < plan.bands {
                    runBand(g, plan, band, padded: x, u: uu, bias: b, output: y, spaces: [spaces[worker]])
                    band &+= threads
                }
            }
        } else {
            for band in 0..<plan.bands {
                runBand(g, plan, band, padded: x, u: uu, bias: b, output: y, spaces: spaces)
            }
        }
    }

    /// One band of tile rows: transform its tiles, 16 GEMMs, transform back. With several
    /// workspaces the three phases split between threads (by channel, element, filter); the
    /// transformed tiles and products live in the first workspace.
    static func runBand(_ g: ConvGeometry, _ plan: Plan, _ band: Int, padded: UnsafePointer<Float>,
                        u: UnsafePointer<Float>, bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>,
                        spaces: [ConvWorkspace]) {
        let rows = plan.tileRows(band)
        let tiles = rows.count &* plan.tilesX
        let c = g.inChannels, k = g.outChannels
        // Transformed tiles as 16 plain [C x tiles] matrices whose rows have 16 floats of slack:
        // every tile run is one full-width vector store, a short run's spare lanes landing on
        // tiles the next run writes (or in the slack). Writing the GEMM's packed panels directly
        // instead split runs at 32-tile panel edges into scalar stores, twice this whole pass.
        let ldv = tiles &+ 16
        let vStride = c &* ldv                                   // one element's C x tiles matrix
        let mStride = k &* tiles                                 // one element's K x tiles products
        let mr = panelRows(g), uStride = elementStride(g)
        nonisolated(unsafe) let v = spaces[0].columnBuffer(16 &* vStride)
        nonisolated(unsafe) let m = spaces[0].productBuffer(16 &* mStride &+ 16)
        let t = spaces.count

        // B^T d B of every tile and channel (tile = column). Each thread owns whole channels, so
        // a run's spare lanes are only ever overwritten by the same thread, later.
        parallel(t) { worker in
            withUnsafeTemporaryAllocation(of: SIMD16<Float>.self, capacity: 16) { staging in
                let s = staging.baseAddress!
                for ch in stride(from: worker, to: c, by: t) {
                    let plane = padded + ch &* plan.planeCount
                    let row = v + ch &* ldv
                    for ty in rows {
                        var tx = 0
                        while tx < plan.tilesX {
                            WinogradTransforms.input(plane, rowStride: plan.planeWidth, ty: ty, tx: tx, into: s)
                            let dst = row + ((ty &- rows.lowerBound) &* plan.tilesX &+ tx)
                            for e in 0..<16 {
                                UnsafeMutableRawPointer(dst + e &* vStride).storeBytes(of: s[e], as: SIMD16<Float>.self)
                            }
                            tx &+= 16
                        }
                    }
                }
            }
        }

        // M_e [K x tiles] = U_e [K x C] . V_e [C x tiles], one element per thread at a time.
        parallel(t) { worker in
            for e in stride(from: worker, to: 16, by: t) {
                GEMMDriver.runParallel(
                    m: k, n: tiles, k: c,
                    a: GEMMOperandA(base: u + e &* uStride, ld: c &* mr, transposed: false, alpha: 1, packedRows: mr),
                    b: .matrix(UnsafePointer(v + e &* vStride), ld: ldv, transposed: false),
                    beta: 0, c: m + e &* mStride, ldc: tiles, threads: 1, scratch: spaces[worker].gemm)
            }
        }

        // A^T M A + bias: each tile's 2x2 block of every output channel.
        let oh = g.outHeight, ow = g.outWidth
        parallel(t) { worker in
            for f in stride(from: worker, to: k, by: t) {
                let plane = output + f &* oh &* ow
                let b = bias?[f] ?? 0
                for ty in rows {
                    let oy = 2 &* ty
                    var tx = 0
                    while tx < plan.tilesX {
                        let p = (ty &- rows.lowerBound) &* plan.tilesX &+ tx
                        let (y00, y01, y10, y11) = WinogradTransforms.output(UnsafePointer(m + (f &* tiles &+ p)), eStride: mStride, bias: b)
                        let lanes = min(16, plan.tilesX &- tx)
                        let ox = 2 &* tx
                        let top = plane + (oy &* ow &+ ox)
                        if lanes == 16 && ox &+ 32 <= ow && oy &+ 1 < oh {
                            UnsafeMutableRawPointer(top).storeBytes(of: WinogradTransforms.interleave(y00, y01), as: SIMD32<Float>.self)
                            UnsafeMutableRawPointer(top + ow).storeBytes(of: WinogradTransforms.interleave(y10, y11), as: SIMD32<Float>.self)
                        } else {
                            for l in 0..<lanes {
                                let x = 2 &* l
                                let right = ox &+ x &+ 1 < ow, below = oy &+ 1 < oh
                                top[x] = y00[l]
                                if right { top[x &+ 1] = y01[l] }
                                if below { top[ow &+ x] = y10[l] }
                                if right && below { top[ow &+ x &+ 1] = y11[l] }
                            }
                        }
                        tx &+= 16
                    }
                }
            }
        }
    }

    /// Shapes: image [C][H][W] -> planes [C][PH][PW] with pixel (y, x) at (y + padTop, x + padLeft),
    /// zeros elsewhere (and in the 64 floats of slack after the last plane).
    static func pad(_ g: ConvGeometry, _ plan: Plan, image: UnsafePointer<Float>, into padded: UnsafeMutablePointer<Float>,
                    threads: Int) {
        let ph = plan.planeHeight, pw = plan.planeWidth
        let x0 = max(0, -g.padLeft), x1 = min(g.inWidth, pw &- g.padLeft)
        (padded + g.inChannels &* plan.planeCount).update(repeating: 0, count: 64)
        nonisolated(unsafe) let image = image, padded = padded
        let t = g.inChannels &* plan.planeCount >= 1 << 16 ? threads : 1
        parallel(t) { worker in
            for c in stride(from: worker, to: g.inChannels, by: t) {
                for py in 0..<ph {
                    let row = padded + (c &* ph &+ py) &* pw
                    let y = py &- g.padTop
                    guard y >= 0 && y < g.inHeight && x1 > x0 else { row.update(repeating: 0, count: pw); continue }
                    let start = x0 &+ g.padLeft, end = x1 &+ g.padLeft
                    row.update(repeating: 0, count: start)
                    (row + start).update(from: image + ((c &* g.inHeight &+ y) &* g.inWidth &+ x0), count: x1 &- x0)
                    (row + end).update(repeating: 0, count: pw &- end)
                }
            }
        }
    }

    /// Runs body(0..<count) on that many threads (inline for one).
    static func parallel(_ count: Int, _ body: (Int) -> Void) {
        if count <= 1 { body(0); return }
        withoutActuallyEscaping(body) { body in
            nonisolated(unsafe) let body = body
            WorkerPool.shared.perform(iterations: count) { body($0) }
        }
    }
}
