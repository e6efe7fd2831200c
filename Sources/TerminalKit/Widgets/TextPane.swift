/// Wrapped prose with light emphasis: `**bold**` and `` `code` ``, scrolled by whole lines.
/// The markers are removed; a lone `*` or backtick with no partner is left as written.
///
/// Each line of `text` is a paragraph, re-wrapped to the width it is drawn at. A paragraph that
/// starts with spaces keeps them on every line it wraps to; one that starts with a list marker
/// (`- `, `* `, `a) `) indents its continuation lines under the item's text. A line starting with
/// `TextPane.verbatim` is drawn as written (spaces kept, no markup, clipped, not wrapped): code.
/// Text between two `TextPane.ok` marks is drawn in `okStyle` (a task the engine saw done).
public struct TextPane: Widget {
    public var text: String
    public var scroll: Int
    public var style: Style
    public var boldStyle: Style
    public var codeStyle: Style
    public var okStyle: Style

    /// Starts a line drawn verbatim in `codeStyle`.
    public static let verbatim: Character = "\u{1}"
    /// Surrounds text drawn in `okStyle`.
    public static let ok: Character = "\u{3}"

    public init(
        _ text: String, scroll: Int = 0, style: Style = .plain, boldStyle: Style = .bold,
        codeStyle: Style = Style(foreground: .cyan), okStyle: Style = Style(foreground: .green, attributes: .bold)
    ) {
        self.text = text
        self.scroll = max(0, scroll)
        self.style = style
        self.boldStyle = boldStyle
        self.codeStyle = codeStyle
        self.okStyle = okStyle
    }

    /// A run of characters sharing one style.
    public struct Span: Hashable, Sendable {
        public var text: String
        public var style: Style
    }

    /// The wrapped lines as styled spans, for `width` columns.
    public func lines(width: Int) -> [[Span]] {
        guard width > 0 else { return [] }
        var out: [[Span]] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if paragraph.first == TextPane.verbatim {
                out.append([Span(text: String(paragraph.dropFirst().prefix(width)), style: codeStyle)])
                continue
            }
            let indent = min(paragraph.prefix { $0 == " " }.count, width / 2)
            let body = paragraph.drop { $0 == " " }
            let hang = min(TextPane.listMarkerWidth(body), max(0, width / 2 - indent))
            let pad = [Span(text: String(repeating: " ", count: indent), style: style)]
            let hangPad = [Span(text: String(repeating: " ", count: indent + hang), style: style)]
            for (i, line) in wrap(styled(String(body)), width: max(1, width - indent), restWidth: max(1, width - indent - hang)).enumerated() {
                let lead = i == 0 ? pad : hangPad
                out.append((lead.first!.text.isEmpty ? [] : lead) + line)
            }
        }
        return out
    }

    /// `- item`, `* item` and `a) choice` hang their continuation lines under the text.
    static func listMarkerWidth(_ s: Substring) -> Int {
        if s.hasPrefix("- ") || s.hasPrefix("* ") { return 2 }
        let chars = Array(s.prefix(3))
        if chars.count == 3, chars[0].isLetter || chars[0].isNumber, chars[1] == ")", chars[2] == " " { return 3 }
        return 0
    }

    /// How many lines the text takes at `width`, so callers can clamp their scroll.
    public func lineCount(width: Int) -> Int { lines(width: width).count }

    public func render(into grid: inout CellGrid, area: Rect) {
        let all = lines(width: area.width)
        for (i, line) in all.dropFirst(scroll).prefix(area.height).enumerated() {
            var x = area.x
            for span in line { x += grid.write(span.text, x: x, y: area.y + i, style: span.style, clip: area) }
        }
    }

    // Marks each character with its style, dropping matched markers.
    func styled(_ s: String) -> [(Character, Style)] {
        let chars = Array(s)
        var out: [(Character, Style)] = []
        var i = 0
        while i < chars.count {
            if chars[i] == "`", let end = chars[(i + 1)...].firstIndex(of: "`") {
                out += chars[(i + 1)..<end].map { ($0, codeStyle) }
                i = end + 1
            } else if chars[i] == "*", i + 1 < chars.count, chars[i + 1] == "*",
                      let end = TextPane.find("**", in: chars, from: i + 2) {
                out += chars[(i + 2)..<end].map { ($0, boldStyle) }
                i = end + 2
            } else if chars[i] == TextPane.ok, let end = chars[(i + 1)...].firstIndex(of: TextPane.ok) {
                // Bold markers inside stay readable as emphasis: drop them, keep the colour.
                out += chars[(i + 1)..<end].filter { $0 != "*" }.map { ($0, okStyle) }
                i = end + 1
            } else {
                out.append((chars[i], style))
                i += 1
            }
        }
        return out
    }

    static func find(_ marker: String, in chars: [Character], from start: Int) -> Int? {
        let m = Array(marker)
        guard start <= chars.count - m.count else { return nil }
        for i in start...(chars.count - m.count) where Array(chars[i..<(i + m.count)]) == m { return i }
        return nil
    }

    // Greedy word wrap over styled characters (same rules as TextLayout.wrap).
    func wrap(_ chars: [(Character, Style)], width: Int, restWidth: Int? = nil) -> [[Span]] {
        var words: [[(Character, Style)]] = []
        var current: [(Character, Style)] = []
        for c in chars {
            if c.0 == " " {
                if !current.isEmpty { words.append(current); current = [] }
            } else {
                current.append(c)
            }
        }
        if !current.isEmpty { words.append(current) }

        var lines: [[(Character, Style)]] = []
        var line: [(Character, Style)] = []
        // The first line may be wider than the rest (a list item's continuation lines hang).
        var width = width
        let rest = restWidth ?? width
        for var word in words {
            if !line.isEmpty && line.count + 1 + word.count <= width {
                line.append((" ", line.last!.1 == word.first!.1 ? word.first!.1 : style))
                line += word
                continue
            }
            if !line.isEmpty { lines.append(line); line = []; width = rest }
            while word.count > width {
                lines.append(Array(word.prefix(width)))
                word = Array(word.dropFirst(width))
                width = rest
            }
            line = word
        }
        lines.append(line)
        return lines.map(TextPane.spans)
    }

    static func spans(_ chars: [(Character, Style)]) -> [Span] {
        var out: [Span] = []
        for (c, s) in chars {
            if let last = out.last, last.style == s {
                out[out.count - 1].text.append(c)
            } else {
                out.append(Span(text: String(c), style: s))
            }
        }
        return out
    }
}
