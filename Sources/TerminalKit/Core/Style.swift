/// Colours and attributes applied together when writing text, so widgets can take one
/// configurable value per role (header, selection, error row) instead of three.
public struct Style: Hashable, Sendable {
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes

    public init(foreground: Color = .default, background: Color = .default, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    public static let plain = Style()
    public static let bold = Style(attributes: .bold)
    public static let reverse = Style(attributes: .reverse)
    public static let dim = Style(attributes: .dim)

    public func with(foreground: Color) -> Style {
        var s = self
        s.foreground = foreground
        return s
    }

    public func with(background: Color) -> Style {
        var s = self
        s.background = background
        return s
    }

    public func adding(_ attributes: Attributes) -> Style {
        var s = self
        s.attributes.formUnion(attributes)
        return s
    }
}
