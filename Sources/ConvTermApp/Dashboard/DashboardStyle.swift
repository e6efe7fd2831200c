import TerminalKit

/// The dashboard's few styles. Colour is never the only signal: headings are bold, and bars
/// (status, selection, prompts) fall back to reverse video when the terminal has no colour.
enum DashboardStyle {
    static let heading = Style(foreground: .palette(75), attributes: .bold)
    static let label = Style(foreground: .palette(245))
    static let value = Style.plain
    static let correct = Style(foreground: .palette(40))
    static let wrong = Style(foreground: .palette(196))
    static let warning = Style(foreground: .palette(214), attributes: .bold)
    static let footerKey = Style(foreground: .palette(75), attributes: .bold)

    /// A coloured bar, or reverse video in monochrome (where the colours would vanish).
    static func bar(foreground: Color, background: Color, _ caps: Capabilities) -> Style {
        caps.colorMode == .monochrome ? Style(attributes: [.bold, .reverse])
                                      : Style(foreground: foreground, background: background, attributes: .bold)
    }

    static func selected(_ caps: Capabilities) -> Style { bar(foreground: .black, background: .palette(75), caps) }
    static func prompt(_ caps: Capabilities) -> Style { bar(foreground: .black, background: .palette(214), caps) }

    static func status(_ phase: DashboardState.Phase, _ caps: Capabilities) -> Style {
        switch phase {
        case .training: bar(foreground: .brightWhite, background: .palette(28), caps)
        case .paused: bar(foreground: .black, background: .palette(220), caps)
        case .diverged: bar(foreground: .brightWhite, background: .palette(160), caps)
        }
    }
}
