/// What the terminal can show. It travels inside the `CellGrid`, so a view that only
/// receives a grid can still choose shade characters over colours, or ASCII over Unicode.
public struct Capabilities: Hashable, Sendable {
    public var colorMode: ColorMode
    public var glyphMode: GlyphMode

    public init(colorMode: ColorMode = .colors256, glyphMode: GlyphMode = .unicode) {
        self.colorMode = colorMode
        self.glyphMode = glyphMode
    }

    public static let full = Capabilities()
    public static let monochromeASCII = Capabilities(colorMode: .monochrome, glyphMode: .ascii)
}
