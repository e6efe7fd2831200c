/// The conv kernels' oracles, for tests: the reference layers' own convolution (one image, in
/// Double) behind the pointer signatures of `ConvKernels`, so the fast kernels and the gradient
/// checks are measured against the same loops.
extension ConvKernels {
    /// Shapes: input [C][H][W], weights [K][C][kh][kw], bias [K]? -> output [K][OH][OW] (overwritten).
    public static func referenceForward(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                        weights: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                                        output: UnsafeMutablePointer<Float>) {
        let y = ReferenceLayers.convForward(doubles(input, g.inputCount), n: 1, g, doubles(weights, g.weightCount),
                                            bias.map { doubles($0, g.outChannels) })
        for i in 0..<g.outputCount { output[i] = Float(y[i]) }
    }

    /// Shapes: input [C][H][W], outputGradient [K][OH][OW] -> weightGradient [K][C][kh][kw] +=,
    /// biasGradient [K]? +=.
    public static func referenceBackwardWeights(_ g: ConvGeometry, input: UnsafePointer<Float>,
                                                outputGradient: UnsafePointer<Float>,
                                                weightGradient: UnsafeMutablePointer<Float>,
                                                biasGradient: UnsafeMutablePointer<Float>?) {
        let (_, dw, db) = ReferenceLayers.convBackward(doubles(input, g.inputCount), n: 1, g,
                                                       [Double](repeating: 0, count: g.weightCount),
                                                       doubles(outputGradient, g.outputCount))
        for i in 0..<g.weightCount { weightGradient[i] += Float(dw[i]) }
        if let biasGradient { for k in 0..<g.outChannels { biasGradient[k] += Float(db[k]) } }
    }

    /// Shapes: outputGradient [K][OH][OW], weights [K][C][kh][kw] -> inputGradient [C][H][W] (overwritten).
    public static func referenceBackwardInput(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>,
                                              weights: UnsafePointer<Float>,
                                              inputGradient: UnsafeMutablePointer<Float>) {
        let (dx, _, _) = ReferenceLayers.convBackward([Double](repeating: 0, count: g.inputCount), n: 1, g,
                                                      doubles(weights, g.weightCount), doubles(outputGradient, g.outputCount))
        for i in 0..<g.inputCount { inputGradient[i] = Float(dx[i]) }
    }

    private static func doubles(_ p: UnsafePointer<Float>, _ count: Int) -> [Double] {
        UnsafeBufferPointer(start: p, count: count).map(Double.init)
    }
}
