/// Characters ordered from empty to full ink, for drawing intensity without colour.
public struct ShadeRamp: Hashable, Sendable {
    public let characters: [Character]

    public init(_ characters: String) { self.characters = Array(characters) }

    /// Block shades: 5 levels, used when Unicode is available.
    public static let blocks = ShadeRamp(" ░▒▓█")
    /// ASCII density ramp: 10 levels, for non-UTF-8 locales.
    public static let ascii = ShadeRamp(" .:-=+*#%@")

    public static func forGlyphs(_ mode: GlyphMode) -> ShadeRamp { mode == .unicode ? .blocks : .ascii }

    /// The character for `t` in 0...1 (clamped; NaN counts as 0). Levels are equal-width bins.
    public func character(for t: Float) -> Character {
        let t = t.isNaN ? 0 : min(1, max(0, t))
        let n = characters.count
        return characters[min(n - 1, Int(t * Float(n)))]
    }
}
