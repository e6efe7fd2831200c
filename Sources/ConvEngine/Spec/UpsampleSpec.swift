/// How `upsample` fills the new pixels.
public enum UpsampleMode: String, Hashable, Sendable, CaseIterable {
    /// Each input pixel becomes an s x s block of copies.
    case nearest
    /// Each output pixel mixes the 2 x 2 input pixels around its centre, weighted by distance.
    /// Pixel centres line up as PyTorch's `align_corners=False` (nn.Upsample's default): output
    /// pixel o samples input position (o + 0.5) / s - 0.5, clamped at 0 and at the last pixel.
    case bilinear
}

/// `upsample 2x [nearest|bilinear]`: width and height times `scale`, depth unchanged, no parameters.
public struct UpsampleSpec: Hashable, Sendable {
    public var scale: Int
    public var mode: UpsampleMode

    public init(scale: Int, mode: UpsampleMode = .nearest) {
        self.scale = scale
        self.mode = mode
    }

    /// Scales above this are refused: nobody means `upsample 1000x`, and it would only make huge volumes.
    public static let largestScale = 32
}
