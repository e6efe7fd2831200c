/// A terminal colour: the terminal's own default, or one of the xterm 256-colour palette.
///
/// Widgets always think in 256 colours; the backend downgrades at draw time (see `ColorMode`),
/// so a view renders identically for every terminal and tests need only one expectation.
public enum Color: Hashable, Sendable {
    case `default`
    case palette(UInt8)

    public static let black = Color.palette(0)
    public static let red = Color.palette(1)
    public static let green = Color.palette(2)
    public static let yellow = Color.palette(3)
    public static let blue = Color.palette(4)
    public static let magenta = Color.palette(5)
    public static let cyan = Color.palette(6)
    public static let white = Color.palette(7)
    public static let brightBlack = Color.palette(8)
    public static let brightRed = Color.palette(9)
    public static let brightGreen = Color.palette(10)
    public static let brightYellow = Color.palette(11)
    public static let brightBlue = Color.palette(12)
    public static let brightMagenta = Color.palette(13)
    public static let brightCyan = Color.palette(14)
    public static let brightWhite = Color.palette(15)

    /// Nearest palette entry to an sRGB triple (6x6x6 cube or grey ramp).
    public static func rgb(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> Color {
        .palette(XtermPalette.nearestIndex(r: r, g: g, b: b))
    }

    /// One of the 6x6x6 cube colours; each component is clamped to 0...5.
    public static func cube(_ r: Int, _ g: Int, _ b: Int) -> Color {
        func c(_ v: Int) -> Int { min(5, max(0, v)) }
        return .palette(UInt8(16 + 36 * c(r) + 6 * c(g) + c(b)))
    }

    /// One of the 24 greys of the palette (232...255); `level` is clamped to 0...23.
    public static func grey(_ level: Int) -> Color {
        .palette(UInt8(232 + min(23, max(0, level))))
    }

    /// The palette index, or nil for the terminal default.
    public var index: UInt8? {
        if case .palette(let i) = self { return i }
        return nil
    }

    /// The sRGB value xterm shows for this colour; `fallback` stands in for `.default`.
    public func rgbValue(fallback: RGB) -> RGB {
        switch self {
        case .default: return fallback
        case .palette(let i): return XtermPalette.rgb(of: i)
        }
    }
}

/// An sRGB triple.
public struct RGB: Hashable, Sendable {
    public var r: UInt8
    public var g: UInt8
    public var b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) {
        self.r = r
        self.g = g
        self.b = b
    }

    /// Perceived brightness in 0...1 (Rec. 601 weights: cheap and good enough for shading).
    public var luminance: Float {
        (0.299 * Float(r) + 0.587 * Float(g) + 0.114 * Float(b)) / 255
    }

    /// Linear mix; `t` = 0 gives self, 1 gives `other`.
    public func mixed(with other: RGB, _ t: Float) -> RGB {
        let t = min(1, max(0, t))
        func m(_ a: UInt8, _ b: UInt8) -> UInt8 {
            UInt8((Float(a) + (Float(b) - Float(a)) * t).rounded())
        }
        return RGB(m(r, other.r), m(g, other.g), m(b, other.b))
    }
}
