/// Inputs for the convolution explorer: small integers so every product can be checked by hand
/// (the cs231n demo's style), from one seed so a lesson and a test see the same numbers.
extension ConvolutionWalkthrough {
    /// Integers 0...2 for the input, -1...1 for the weights, and biases 1, 0, 1, 0, ... (the cs231n
    /// demo gives its two filters biases 1 and 0). Defaults: 7x7x3 input, two 3x3 filters, stride 2, pad 1.
    public static func smallIntegers(volume: Volume = Volume(width: 7, height: 7, depth: 3), filterCount: Int = 2,
                                     filterSize: Int = 3, stride: Int = 2, pad: Int = 1,
                                     seed: UInt64 = 7) throws(Problem) -> ConvolutionWalkthrough {
        var rng = SeededRandom(seed: seed)
        let input = (0..<volume.count).map { _ in Float(rng.nextInt(below: 3)) }
        let weightCount = max(0, filterCount) * volume.depth * filterSize * filterSize
        let filters = (0..<weightCount).map { _ in Float(rng.nextInt(below: 3) - 1) }
        let bias = (0..<max(0, filterCount)).map { Float(($0 + 1) % 2) }
        return try ConvolutionWalkthrough(input: input, volume: volume, filters: filters, filterCount: filterCount,
                                          filterHeight: filterSize, filterWidth: filterSize, bias: bias,
                                          stride: stride, pad: pad)
    }

    /// Same filters as `smallIntegers` but over a given input (e.g. a 32x32x3 image as 0...255
    /// bytes): products stay integers, so the written-out sum is exact.
    public static func integerFilters(over input: [Float], volume: Volume, filterCount: Int, filterSize: Int,
                                      stride: Int, pad: Int, seed: UInt64 = 7) throws(Problem) -> ConvolutionWalkthrough {
        var rng = SeededRandom(seed: seed)
        let weightCount = max(0, filterCount) * volume.depth * filterSize * filterSize
        let filters = (0..<weightCount).map { _ in Float(rng.nextInt(below: 3) - 1) }
        let bias = (0..<max(0, filterCount)).map { Float(($0 + 1) % 2) }
        return try ConvolutionWalkthrough(input: input, volume: volume, filters: filters, filterCount: filterCount,
                                          filterHeight: filterSize, filterWidth: filterSize, bias: bias,
                                          stride: stride, pad: pad)
    }
}
