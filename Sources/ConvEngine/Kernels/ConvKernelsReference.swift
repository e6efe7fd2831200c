/// Naive loop-nest convolutions, the oracles for `ConvKernels` in tests. Double accumulation,
/// no im2col, indices straight from the definition.
extension ConvKernels {
    /// Shapes: input [C][H][W], weights [K][C][kh][kw], bias [K]? -> output [K][OH][OW] (overwritten).
    public static func referenceForward(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                        output: UnsafeMutablePointer<Float>) {
        for k in 0..<g.outChannels {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    var sum = Double(bias?[k] ?? 0)
                    for c in 0..<g.inChannels {
                        for ky in 0..<g.kernelHeight {
                            for kx in 0..<g.kernelWidth {
                                let iy = oy * g.strideY - g.padTop + ky
                                let ix = ox * g.strideX - g.padLeft + kx
                                guard iy >= 0, iy < g.inHeight, ix >= 0, ix < g.inWidth else { continue }
                                let w = weights[((k * g.inChannels + c) * g.kernelHeight + ky) * g.kernelWidth + kx]
                                sum += Double(w) * Double(input[(c * g.inHeight + iy) * g.inWidth + ix])
                            }
                        }
                    }
                    output[(k * g.outHeight + oy) * g.outWidth + ox] = Float(sum)
                }
            }
        }
    }

    /// Shapes: input [C][H][W], outputGradient [K][OH][OW] -> weightGradient [K][C][kh][kw] +=,
    /// biasGradient [K]? +=.
    public static func referenceBackwardWeights(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                                outputGradient: UnsafePointer<Float>,
                                                weightGradient: UnsafeMutablePointer<Float>,
                                                biasGradient: UnsafeMutablePointer<Float>?) {
        for k in 0..<g.outChannels {
            if let biasGradient {
                var sum = 0.0
                for i in 0..<g.outputPixels { sum += Double(outputGradient[k * g.outputPixels + i]) }
                biasGradient[k] += Float(sum)
            }
            for c in 0..<g.inChannels {
                for ky in 0..<g.kernelHeight {
                    for kx in 0..<g.kernelWidth {
                        var sum = 0.0
                        for oy in 0..<g.outHeight {
                            for ox in 0..<g.outWidth {
                                let iy = oy * g.strideY - g.padTop + ky
                                let ix = ox * g.strideX - g.padLeft + kx
                                guard iy >= 0, iy < g.inHeight, ix >= 0, ix < g.inWidth else { continue }
                                sum += Double(outputGradient[(k * g.outHeight + oy) * g.outWidth + ox])
                                    * Double(input[(c * g.inHeight + iy) * g.inWidth + ix])
                            }
                        }
                        weightGradient[((k * g.inChannels + c) * g.kernelHeight + ky) * g.kernelWidth + kx] += Float(sum)
                    }
                }
            }
        }
    }

    /// Shapes: outputGradient [K][OH][OW], weights [K][C][kh][kw] -> inputGradient [C][H][W] (overwritten).
    public static func referenceBackwardInput(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                              weights: UnsafePointer<Float>,
                                              inputGradient: UnsafeMutablePointer<Float>) {
        var sums = [Double](repeating: 0, count: g.inputCount)
        for k in 0..<g.outChannels {
            for oy in 0..<g.outHeight {
                for ox in 0..<g.outWidth {
                    let d = Double(outputGradient[(k * g.outHeight + oy) * g.outWidth + ox])
                    for c in 0..<g.inChannels {
                        for ky in 0..<g.kernelHeight {
                            for kx in 0..<g.kernelWidth {
                                let iy = oy * g.strideY - g.padTop + ky
                                let ix = ox * g.strideX - g.padLeft + kx
                                guard iy >= 0, iy < g.inHeight, ix >= 0, ix < g.inWidth else { continue }
                                let w = weights[((k * g.inChannels + c) * g.kernelHeight + ky) * g.kernelWidth + kx]
                                sums[(c * g.inHeight + iy) * g.inWidth + ix] += d * Double(w)
                            }
                        }
                    }
                }
            }
        }
        for i in 0..<g.inputCount { inputGradient[i] = Float(sums[i]) }
    }
}
