/// How many colours the terminal shows. Widgets draw in 256 colours; the backend (and
/// `downgrade`) maps to what the terminal really has.
public enum ColorMode: Hashable, Sendable {
    case colors256
    case colors8
    case monochrome

    /// The colour to actually send: unchanged for 256, nearest of the 8 ANSI colours for 8,
    /// and the terminal default for monochrome.
    public func downgrade(_ color: Color) -> Color {
        switch self {
        case .colors256: return color
        case .monochrome: return .default
        case .colors8:
            guard case .palette(let i) = color else { return .default }
            return .palette(ColorMode.nearestANSI8(i))
        }
    }

    /// Nearest of the 8 basic ANSI colours to a palette entry. Bright system colours fold onto
    /// their base colour; greys split into black and white at a mid-dark threshold (by plain
    /// distance, mid grey would land on yellow); everything else goes by squared distance.
    public static func nearestANSI8(_ index: UInt8) -> UInt8 {
        if index < 8 { return index }
        if index < 16 { return index - 8 }
        let c = XtermPalette.rgb(of: index)
        let hi = max(c.r, c.g, c.b), lo = min(c.r, c.g, c.b)
        if hi - lo < 48 { return (Int(c.r) + Int(c.g) + Int(c.b)) / 3 < 96 ? 0 : 7 }
        var best: UInt8 = 0
        var bestDistance = Int.max
        for i in 0..<8 {
            let d = XtermPalette.distance(c, XtermPalette.system[i])
            if d < bestDistance {
                bestDistance = d
                best = UInt8(i)
            }
        }
        return best
    }
}

/// Which characters the terminal can show: Unicode needs a UTF-8 locale; otherwise ASCII.
public enum GlyphMode: Hashable, Sendable {
    case unicode
    case ascii
}
