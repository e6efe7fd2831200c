/// Maps a normalised value to a colour. Kept as data (anchor points in sRGB) so the same map
/// serves the 256-colour palette, the PNG snapshot and any legend drawn beside a heat map.
public struct ColorMap: Hashable, Sendable {
    /// Anchors spread evenly over the domain.
    public let anchors: [RGB]
    /// Whether values are signed (domain -1...1, zero in the middle) or unsigned (0...1).
    public let isDiverging: Bool

    public init(anchors: [RGB], diverging: Bool) {
        precondition(anchors.count >= 2, "a colour map needs two anchors")
        self.anchors = anchors
        self.isDiverging = diverging
    }

    /// Black to white.
    public static let grey = ColorMap(anchors: [RGB(0, 0, 0), RGB(255, 255, 255)], diverging: false)

    /// Blue (negative) - near white (zero) - orange (positive): distinguishable under the
    /// common red-green colour blindnesses, unlike red-green maps. Endpoints are ColorBrewer's
    /// RdBu blue #2166ac and PuOr orange #e66101.
    public static let blueWhiteOrange = ColorMap(
        anchors: [RGB(33, 102, 172), RGB(146, 197, 222), RGB(247, 247, 247), RGB(253, 184, 99), RGB(230, 97, 1)],
        diverging: true
    )

    /// The sRGB colour for `t` (0...1, or -1...1 when diverging; clamped).
    public func rgb(_ t: Float) -> RGB {
        var u = t.isNaN ? (isDiverging ? 0 : 0) : t
        if isDiverging { u = (min(1, max(-1, u)) + 1) / 2 } else { u = min(1, max(0, u)) }
        let pos = u * Float(anchors.count - 1)
        let i = min(anchors.count - 2, Int(pos))
        return anchors[i].mixed(with: anchors[i + 1], pos - Float(i))
    }

    /// The palette colour for `t`. The grey map uses the 24-step grey ramp plus pure black
    /// and white (26 levels) rather than cube quantisation, which would give only 6 greys.
    public func color(_ t: Float) -> Color {
        if self == .grey { return ColorMap.greyRamp(t) }
        let c = rgb(t)
        return .rgb(c.r, c.g, c.b)
    }

    /// The 26 greys of the palette from black (16) through 232...255 to white (231).
    public static let greyRampIndices: [UInt8] = [16] + Array(232...255) + [231]

    /// Grey for `t` in 0...1 (clamped; NaN is black).
    public static func greyRamp(_ t: Float) -> Color {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let n = greyRampIndices.count
        return .palette(greyRampIndices[min(n - 1, Int(t * Float(n)))])
    }
}
