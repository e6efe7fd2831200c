/// One character position of the terminal. Each cell holds exactly one column-wide
/// character; widgets never emit double-width glyphs, which keeps clipping arithmetic exact.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(
        _ character: Character = " ",
        foreground: Color = .default,
        background: Color = .default,
        attributes: Attributes = []
    ) {
        self.character = character
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public init(_ character: Character, style: Style) {
        self.init(character, foreground: style.foreground, background: style.background, attributes: style.attributes)
    }

    public static let blank = Cell()

    public var style: Style {
        Style(foreground: foreground, background: background, attributes: attributes)
    }
}
