/// `deconv N FxF [stride S] [pad P] [outpad Q]`: a transposed convolution ("deconvolution", the
/// lecture's upsampling layer). Each input pixel stamps its N filters of F x F, scaled by its
/// value, into the output at S-pixel steps; overlapping stamps add up. The output is
/// (in - 1) S - 2P + F + Q wide: padding crops P from each side, and `outpad` Q adds rows and
/// columns at the bottom and right (Q < S), choosing which of the S input sizes a stride-S conv
/// maps to the same output this layer inverts (PyTorch's `output_padding`).
/// Weights are [input depth, N, F, F], PyTorch's ConvTranspose2d layout.
public struct DeconvSpec: Hashable, Sendable {
    public var filters: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int = 1
    public var strideWidth: Int = 1
    public var padHeight: Int = 0
    public var padWidth: Int = 0
    public var outputPaddingHeight: Int = 0
    public var outputPaddingWidth: Int = 0
    public var bias: Bool = true

    public init(filters: Int, kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
                padHeight: Int = 0, padWidth: Int = 0, outputPaddingHeight: Int = 0, outputPaddingWidth: Int = 0,
                bias: Bool = true) {
        self.filters = filters
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padHeight = padHeight
        self.padWidth = padWidth
        self.outputPaddingHeight = outputPaddingHeight
        self.outputPaddingWidth = outputPaddingWidth
        self.bias = bias
    }
}
