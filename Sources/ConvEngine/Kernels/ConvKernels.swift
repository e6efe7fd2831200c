import Dispatch

/// Convolution of one image as im2col + GEMM, forward and both backward passes.
/// The `threads:` overloads split each GEMM over threads (worth it for big layers such as
/// VGG's; a CIFAR-sized image is 10-50 us of work, so parallelise over a batch's images instead,
/// one workspace per thread). Results do not depend on the thread count.
public enum ConvKernels {
    /// Shapes: input [C][H][W], weights [K][C*kh*kw], bias [K] or nil -> output [K][OH*OW].
    /// output = weights . im2col(input) + bias. Overwrites output.
    public static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>,
                               weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>, workspace: ConvWorkspace) {
        forward(g, input: input, weights: weights, bias: bias, output: output,
                workspace: workspace, threads: 1)
    }

    public static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>,
                               weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                               output: UnsafeMutablePointer<Float>, workspace: ConvWorkspace,
                               threads: Int) {
        forward(g, input: input, weights: weights, transformedWeights: transformWeights(g, weights, workspace: workspace, threads: threads),
                bias: bias, output: output, workspace: workspace, threads: threads)
    }

    /// The weights in the form `forward` wants for this geometry: Winograd-transformed (in the
    /// workspace) where `Winograd.applies`, else nil. A batch's layer transforms them once.
    static func transformWeights(_ g: ConvGeometry, _ weights: UnsafePointer<Float>, workspace: ConvWorkspace,
                                 threads: Int) -> UnsafePointer<Float>? {
        guard Winograd.applies(g) else { return nil }
        let u = workspace.transformedWeightBuffer(Winograd.transformedWeightCount(g))
        Winograd.transformWeights(g, weights: weights, into: u, threads: threads)
        return UnsafePointer(u)
    }

    /// As above, with `transformedWeights` from `transformWeights` for the same weights.
    static func forward(_ g: ConvGeometry, input: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                        transformedWeights: UnsafePointer<Float>?, bias: UnsafePointer<Float>?,
                        output: UnsafeMutablePointer<Float>, workspace: ConvWorkspace, threads: Int) {
        let kdim = g.patchSize, n = g.outputPixels, m = g.outChannels
        if m == 0 || n == 0 { return }
        if let u = transformedWeights {
            Winograd.forward(g, input: input, transformedWeights: u, bias: bias, output: output,
                             workspace: workspace, threads: threads)
            return
        }
        let (padded, offsets) = prepare(g, input: input, workspace: workspace)
        if DepthwiseConv.applies(g) {
            DepthwiseConv.forward(g, padded: padded, weights: weights, bias: bias?[0] ?? 0, output: output)
            return
        }
        if let bias {
            // Seed C with the bias and let the GEMM add to it: no second pass over the output.
            for k in 0..<m { (output + k &* n).update(repeating: bias[k], count: n) }
        }
        if DirectConv.applies(g) {
            DirectConv.forward(g, padded: padded, offsets: offsets, weights: weights, accumulate: bias != nil,
                               output: output, workspace: workspace, threads: threads)
            return
        }
        // Bands pay off when there are enough of them to keep every thread busy, or when the
        // whole unfolded matrix would be huge; small deep layers (VGG's 14x14) instead split the GEMM.
        let bands = (g.outHeight + rowsPerBand(g) - 1) / rowsPerBand(g)
        if (threads > 1 && bands >= threads) || Im2Col.panelCount(g) &* kdim &* 32 > bandedColumnLimit {
            forwardInBands(g, padded: padded, offsets: offsets, weights: weights, hasBias: bias != nil,
                           output: output, workspace: workspace, threads: threads)
            return
        }
        let columns = workspace.columnBuffer(Im2Col.panelCount(g) * kdim * 32)
        Im2Col.packColumns(g, padded: padded, offsets: offsets, into: columns)
        GEMMDriver.runParallel(
            m: m, n: n, k: kdim,
            a: GEMMOperandA(base: weights, ld: kdim, transposed: false, alpha: 1),
            b: .packed(UnsafePointer(columns), panelStride: kdim * 32),
            beta: bias == nil ? 0 : 1, c: output, ldc: n, threads: threads, scratch: workspace.gemm)
    }

    /// About 2,048 output pixels a band (whole rows): 576 taps x 2,048 x 4 B = 4.7 MB for conv1_2.
    static func rowsPerBand(_ g: ConvGeometry) -> Int {
        max(1, min(g.outHeight, 2048 / max(1, g.outWidth)))
    }

    /// Unfolded columns above this many floats (16 MB) are built a band of output rows at a time.
    static let bandedColumnLimit = 4 << 20

    /// The forward pass of one large image (VGG's 224x224 layers) in bands of output rows: each
    /// band's im2col columns are built and multiplied by one thread, so unfolding runs on every
    /// core and the column buffer stays a few MB instead of 115 MB for conv1_2. Every output
    /// element is still one GEMM dot product in the same k order, so results do not change.
    /// Shapes: padded image [C][PH][PW], weights [K][C*kh*kw] -> output [K][OH*OW] (+= when hasBias).
    static func forwardInBands(_ g: ConvGeometry, padded: UnsafePointer<Float>, offsets: UnsafePointer<Int>,
                               weights: UnsafePointer<Float>, hasBias: Bool, output: UnsafeMutablePointer<Float>,
                               workspace: ConvWorkspace, threads: Int) {
        let kdim = g.patchSize, n = g.outputPixels, m = g.outChannels
        let rowsPerBand = rowsPerBand(g)
        let bands = (g.outHeight + rowsPerBand - 1) / rowsPerBand
        let workers = max(1, min(threads, bands))
        let spaces = [workspace] + workspace.helpers(workers - 1)
        let rowStep = g.strideY * Im2Col.paddedSize(g).width
        nonisolated(unsafe) let padded = padded, offsets = offsets, weights = weights, output = output
        let run: @Sendable (Int) -> Void = { worker in
            let space = spaces[worker]
            var band = worker
            while band < bands {
                let oy0 = band * rowsPerBand
                var sub = g
                sub.outHeight = min(rowsPerBand, g.outHeight - oy0)
                let columns = space.columnBuffer(Im2Col.panelCount(sub) * kdim * 32)
                Im2Col.packColumns(sub, padded: padded + oy0 * rowStep, offsets: offsets, into: columns)
                GEMMDriver.runParallel(
                    m: m, n: sub.outputPixels, k: kdim,
                    a: GEMMOperandA(base: weights, ld: kdim, transposed: false, alpha: 1),
                    b: .packed(UnsafePointer(columns), panelStride: kdim * 32),
                    beta: hasBias ? 1 : 0, c: output + oy0 * g.outWidth, ldc: n, threads: 1, scratch: space.gemm)
                band += workers
            }
        }
        if workers == 1 { run(0) } else { WorkerPool.shared.perform(iterations: workers, run) }
    }

    /// Shapes: input [C][H][W], outputGradient [K][OH*OW] -> weightGradient [K][C*kh*kw] +=
    /// outputGradient . im2col(input)^T, biasGradient [K] (or nil) += row sums of outputGradient.
    /// ACCUMULATES into both, so a batch sums its images' gradients.
    public static func backwardWeights(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                       outputGradient: UnsafePointer<Float>,
                                       weightGradient: UnsafeMutablePointer<Float>,
                                       biasGradient: UnsafeMutablePointer<Float>?,
                                       workspace: ConvWorkspace) {
        backwardWeights(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient,
                        biasGradient: biasGradient, workspace: workspace, threads: 1)
    }

    public static func backwardWeights(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                       outputGradient: UnsafePointer<Float>,
                                       weightGradient: UnsafeMutablePointer<Float>,
                                       biasGradient: UnsafeMutablePointer<Float>?,
                                       workspace: ConvWorkspace, threads: Int) {
        let kdim = g.patchSize, n = g.outputPixels, m = g.outChannels
        if m == 0 || n == 0 { return }
        if let biasGradient {
            for k in 0..<m { biasGradient[k] += rowSum(outputGradient + k &* n, count: n) }
        }
        if kdim == 0 { return }
        if DepthwiseConv.applies(g) {
            let padded = workspace.paddedBuffer(Im2Col.paddedCount(g))
            Im2Col.pad(g, image: input, into: padded)
            DepthwiseConv.accumulateWeightGradient(g, padded: padded, outputGradient: outputGradient, weightGradient: weightGradient)
            return
        }
        if ShiftedWeightGradient.applies(g) {
            ShiftedWeightGradient.accumulate(g, input: input, outputGradient: outputGradient, weightGradient: weightGradient,
                                             workspace: workspace, threads: threads)
            return
        }
        if n <= packedWeightGradientMaxPixels && g.paddedCountFitsInt32 {
            let padded = workspace.paddedBuffer(Im2Col.paddedCount(g))
            Im2Col.pad(g, image: input, into: padded)
            let offsets = workspace.offset32Buffer(kdim)
            Im2Col.tapOffsets(g, into: offsets)
            let rows = workspace.columnBuffer((kdim + 31) / 32 * n * 32)
            Im2Col.packRows(g, padded: padded, offsets32: offsets, into: rows)
            GEMMDriver.runParallel(
                m: m, n: kdim, k: n,
                a: GEMMOperandA(base: outputGradient, ld: n, transposed: false, alpha: 1),
                b: .packed(UnsafePointer(rows), panelStride: n * 32),
                beta: 1, c: weightGradient, ldc: kdim, threads: threads, scratch: workspace.gemm)
            return
        }
        let (padded, offsets) = prepare(g, input: input, workspace: workspace)
        let ld = Im2Col.unfoldedStride(g)
        let rows = workspace.columnBuffer(kdim * ld)
        Im2Col.unfold(g, padded: padded, offsets: offsets, into: rows, ld: ld)
        // Split the taps (GEMMDot's n) between threads in whole 6-tap tiles; each weight is
        // summed by one thread over all pixels, so the result does not depend on threads.
        let tiles = (kdim + GEMMDot.cols - 1) / GEMMDot.cols
        let t = threads > 1 && m &* n &* kdim >= GEMMDriver.parallelThreshold ? min(threads, tiles) : 1
        if t == 1 {
            GEMMDot.accumulate(m: m, n: kdim, k: n, alpha: 1, a: outputGradient, lda: n, b: rows, ldb: ld,
                               c: weightGradient, ldc: kdim)
            return
        }
        let chunk = (tiles + t - 1) / t * GEMMDot.cols
        nonisolated(unsafe) let b = UnsafePointer(rows), c = weightGradient, a = outputGradient
        WorkerPool.shared.perform(iterations: (kdim + chunk - 1) / chunk) { i in
            let j0 = i &* chunk
            GEMMDot.accumulate(m: m, n: min(chunk, kdim &- j0), k: n, alpha: 1, a: a, lda: n,
                               b: b + j0 &* ld, ldb: ld, c: c + j0, ldc: kdim)
        }
    }

    /// Shapes: outputGradient [K][OH*OW], weights [K][C*kh*kw] -> inputGradient [C][H][W] =
    /// col2im(weights^T . outputGradient). OVERWRITES inputGradient.
    public static func backwardInput(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                     weights: UnsafePointer<Float>,
                                     inputGradient: UnsafeMutablePointer<Float>,
                                     workspace: ConvWorkspace) {
        backwardInput(g, outputGradient: outputGradient, weights: weights, inputGradient: inputGradient,
                      workspace: workspace, threads: 1)
    }

    public static func backwardInput(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                     weights: UnsafePointer<Float>,
                                     inputGradient: UnsafeMutablePointer<Float>,
                                     workspace: ConvWorkspace, threads: Int) {
        if let t = transposedGeometry(g) {
            let flipped = workspace.flippedWeightBuffer(g.weightCount)
            flipWeights(g, weights, into: flipped)
            forward(t, input: outputGradient, weights: flipped,
                    transformedWeights: transformWeights(t, flipped, workspace: workspace, threads: threads),
                    bias: nil, output: inputGradient, workspace: workspace, threads: threads)
            return
        }
        backwardInputByColumns(g, outputGradient: outputGradient, weights: weights, inputGradient: inputGradient,
                               workspace: workspace, threads: threads)
    }

    /// For a stride-1 convolution, the geometry whose forward pass is this one's input gradient:
    /// dx[c][y][x] = sum over k, ky, kx of dy[k][y + padTop - ky][x + padLeft - kx] * w[k][c][ky][kx]
    /// is a convolution of dy (K channels, OH x OW) with the filters flipped and transposed
    /// (flipWeights), padded by kh-1-padTop and kw-1-padLeft, giving C channels of H x W; rows and
    /// columns it reads past dy's bottom-right read as zero, as the forward pass's do. So the input
    /// gradient runs on the forward pass's packed im2col + GEMM (or Winograd), with no col2im
    /// scatter. Nil for strides above 1 (the gradient would be a dilated convolution), padding beyond
    /// kernel-1, or too few channels (C < 8) for the forward GEMM's rows.
    static func transposedGeometry(_ g: ConvGeometry) -> ConvGeometry? {
        guard g.strideY == 1, g.strideX == 1, g.isDense, g.inChannels >= 8, g.outChannels > 0, g.outputPixels > 0,
              g.padTop >= 0, g.padLeft >= 0, g.padTop < g.kernelHeight, g.padLeft < g.kernelWidth else { return nil }
        return ConvGeometry(inChannels: g.outChannels, inHeight: g.outHeight, inWidth: g.outWidth, outChannels: g.inChannels,
                            kernelHeight: g.kernelHeight, kernelWidth: g.kernelWidth, strideY: 1, strideX: 1,
                            padTop: g.kernelHeight - 1 - g.padTop, padLeft: g.kernelWidth - 1 - g.padLeft,
                            outHeight: g.inHeight, outWidth: g.inWidth)
    }

    /// Shapes: weights [K][C][kh][kw] -> flipped [C][K][kh][kw], flipped[c][k][i][j] =
    /// weights[k][c][kh-1-i][kw-1-j]: the filters of `transposedGeometry`.
    static func flipWeights(_ g: ConvGeometry, _ weights: UnsafePointer<Float>, into flipped: UnsafeMutablePointer<Float>) {
        let kh = g.kernelHeight, kw = g.kernelWidth, taps = kh &* kw
        let c = g.inChannels, k = g.outChannels
        for ci in 0..<c {
            for ki in 0..<k {
                let src = weights + (ki &* c &+ ci) &* taps
                let dst = flipped + (ci &* k &+ ki) &* taps
                for t in 0..<taps { dst[t] = src[taps &- 1 &- t] }   // (i, j) -> (kh-1-i, kw-1-j) is index reversal
            }
        }
    }

    /// The input gradient as weights^T . outputGradient followed by col2im: any stride or padding.
    /// Shapes as `backwardInput`. OVERWRITES inputGradient.
    static func backwardInputByColumns(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                       weights: UnsafePointer<Float>,
                                       inputGradient: UnsafeMutablePointer<Float>,
                                       workspace: ConvWorkspace, threads: Int) {
        let kdim = g.patchSize, n = g.outputPixels, m = g.outChannels
        if kdim == 0 || n == 0 || m == 0 {
            inputGradient.update(repeating: 0, count: g.inputCount)
            return
        }
        if DepthwiseConv.applies(g) {
            let padded = workspace.paddedBuffer(Im2Col.paddedCount(g))
            DepthwiseConv.inputGradient(g, outputGradient: outputGradient, weights: weights, padded: padded)
            Im2Col.unpad(g, padded: UnsafePointer(padded), into: inputGradient)
            return
        }
        let columns = workspace.columnBuffer(kdim * n)
        GEMMDriver.runParallel(
            m: kdim, n: n, k: m,
            a: GEMMOperandA(base: weights, ld: kdim, transposed: true, alpha: 1),
            b: .matrix(outputGradient, ld: n, transposed: false),
            beta: 0, c: columns, ldc: n, threads: threads, scratch: workspace.gemm)
        let offsets = workspace.offsetBuffer(kdim)
        Im2Col.tapOffsets(g, into: offsets)
        let padded = workspace.paddedBuffer(Im2Col.paddedCount(g))
        Im2Col.accumulatePadded(g, columns: UnsafePointer(columns), offsets: UnsafePointer(offsets), into: padded)
        Im2Col.unpad(g, padded: UnsafePointer(padded), into: inputGradient)
    }

    /// Images of at most this many output pixels take the packed path for the weight gradient;
    /// larger ones the dot-product kernel, whose once-per-entry reductions only pay off over
    /// long dot products. Measured per image: 8x8 output 52 vs 29 GFLOP/s (packed vs dot),
    /// 16x16 53 vs 59, 32x32 39 vs 72.
    static let packedWeightGradientMaxPixels = 128

    /// The zero-padded image and tap offsets that im2col reads, in workspace buffers.
    static func prepare(_ g: ConvGeometry, input: UnsafePointer<Float>, workspace: ConvWorkspace)
        -> (UnsafePointer<Float>, UnsafePointer<Int>) {
        let padded = workspace.paddedBuffer(Im2Col.paddedCount(g))
        Im2Col.pad(g, image: input, into: padded)
        let offsets = workspace.offsetBuffer(g.patchSize)
        Im2Col.tapOffsets(g, into: offsets)
        return (UnsafePointer(padded), UnsafePointer(offsets))
    }

    /// Sum of count floats, in a fixed order (16 lanes, then the lanes, then the tail).
    static func rowSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var acc = SIMD16<Float>()
        var i = 0
        let raw = UnsafeRawPointer(x)
        while i &+ 16 <= count {
            acc += raw.loadUnaligned(fromByteOffset: i &* 4, as: SIMD16<Float>.self)
            i &+= 16
        }
        var s = acc.sum()
        while i < count { s += x[i]; i &+= 1 }
        return s
    }
}
