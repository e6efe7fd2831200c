/// Wrapped prose with light emphasis: `**bold**` and `` `code` ``, scrolled by whole lines.
/// The markers are removed; a lone `*` or backtick with no partner is left as written.
public struct TextPane: Widget {
    public var text: String
    public var scroll: Int
    public var style: Style
    public var boldStyle: Style
    public var codeStyle: Style

    public init(
        _ text: String, scroll: Int = 0, style: Style = .plain, boldStyle: Style = .bold,
        codeStyle: Style = Style(foreground: .cyan)
    ) {
        self.text = text
        self.scroll = max(0, scroll)
        self.style = style
        self.boldStyle = boldStyle
        self.codeStyle = codeStyle
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
            out += wrap(styled(String(paragraph)), width: width)
        }
        return out
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
    func wrap(_ chars: [(Character, Style)], width: Int) -> [[Span]] {
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
        for var word in words {
            if !line.isEmpty && line.count + 1 + word.count <= width {
                line.append((" ", line.last!.1 == word.first!.1 ? word.first!.1 : style))
                line += word
                continue
            }
            if !line.isEmpty { lines.append(line); line = [] }
            while word.count > width {
                lines.append(Array(word.prefix(width)))
                word = Array(word.dropFirst(width))
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
