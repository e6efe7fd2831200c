/// One image's convolution geometry. Input [C, H, W], weights [K, C, kh, kw], output [K, OH, OW]
/// (NCHW, contiguous). The caller decides outHeight/outWidth (floor or ceil rounding); input
/// positions they reach beyond the padded edge, at the bottom or right, read as zero.
public struct ConvGeometry: Hashable, Sendable {
    public var inChannels, inHeight, inWidth, outChannels, kernelHeight, kernelWidth,
               strideY, strideX, padTop, padLeft, outHeight, outWidth: Int
    /// Distance between a filter's taps (1 = dense). The im2col path honours it through the tap
    /// offsets and the padded size; Winograd and the direct kernel take dense filters only.
    public var dilationY = 1, dilationX = 1

    public init(inChannels: Int, inHeight: Int, inWidth: Int, outChannels: Int,
                kernelHeight: Int, kernelWidth: Int, strideY: Int, strideX: Int,
                padTop: Int, padLeft: Int, outHeight: Int, outWidth: Int, dilationY: Int = 1, dilationX: Int = 1) {
        self.inChannels = inChannels; self.inHeight = inHeight; self.inWidth = inWidth
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight; self.kernelWidth = kernelWidth
        self.strideY = strideY; self.strideX = strideX
        self.padTop = padTop; self.padLeft = padLeft
        self.outHeight = outHeight; self.outWidth = outWidth
        self.dilationY = dilationY; self.dilationX = dilationX
    }

    /// C * kh * kw: one filter's weights, one column of the im2col matrix, the GEMM's inner size.
    public var patchSize: Int { inChannels * kernelHeight * kernelWidth }
    /// OH * OW: output positions, the im2col matrix's column count.
    public var outputPixels: Int { outHeight * outWidth }
    public var inputCount: Int { inChannels * inHeight * inWidth }
    public var outputCount: Int { outChannels * outHeight * outWidth }
    public var weightCount: Int { outChannels * patchSize }
    /// Multiply-adds of one forward pass (each backward pass costs the same again).
    public var multiplyAdds: Int { outChannels * patchSize * outputPixels }

    var isDense: Bool { dilationY == 1 && dilationX == 1 }

    /// Whether offsets into the zero-padded image fit in Int32 (gathers use 32-bit indices).
    var paddedCountFitsInt32: Bool { Im2Col.paddedCount(self) < Int(Int32.max) }
}
