/// The line-drawing and block characters widgets use, in a Unicode and an ASCII set, so a
/// non-UTF-8 locale gets a readable screen instead of blanks.
public struct Glyphs: Sendable {
    public let horizontal: Character
    public let vertical: Character
    public let topLeft: Character
    public let topRight: Character
    public let bottomLeft: Character
    public let bottomRight: Character
    public let upperHalf: Character
    public let fullBlock: Character
    /// Left-aligned partial blocks from 1/8 to 7/8 of a cell (bars). ASCII has none.
    public let eighths: [Character]
    public let ellipsis: Character
    public let bullet: Character
    public let arrowUp: Character
    public let arrowDown: Character

    public static let unicode = Glyphs(
        horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘",
        upperHalf: "▀", fullBlock: "█", eighths: ["▏", "▎", "▍", "▌", "▋", "▊", "▉"],
        ellipsis: "…", bullet: "●", arrowUp: "↑", arrowDown: "↓"
    )

    public static let ascii = Glyphs(
        horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+",
        upperHalf: "#", fullBlock: "#", eighths: [],
        ellipsis: "~", bullet: "*", arrowUp: "^", arrowDown: "v"
    )

    public static func forMode(_ mode: GlyphMode) -> Glyphs { mode == .unicode ? .unicode : .ascii }
}

extension CellGrid {
    /// The glyph set matching this grid's capabilities.
    public var glyphs: Glyphs { Glyphs.forMode(capabilities.glyphMode) }
}
