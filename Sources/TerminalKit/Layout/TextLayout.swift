/// Wrapping and clipping of plain text, one column per `Character`.
public enum TextLayout {
    /// Greedy word wrap to `width` columns. Newlines start new lines (blank lines are kept);
    /// runs of spaces between words collapse to one; a word longer than the width is cut
    /// into width-sized pieces so nothing is ever lost off the right edge.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var out: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            var lineCount = 0
            for word in paragraph.split(separator: " ") {
                var w = Substring(word)
                if lineCount > 0 && lineCount + 1 + w.count <= width {
                    line += " " + w
                    lineCount += 1 + w.count
                    continue
                }
                if lineCount > 0 {
                    out.append(line)
                    line = ""
                    lineCount = 0
                }
                while w.count > width {
                    out.append(String(w.prefix(width)))
                    w = w.dropFirst(width)
                }
                line = String(w)
                lineCount = w.count
            }
            out.append(line)
        }
        return out
    }

    /// Cuts `text` to at most `width` columns; with an ellipsis, a cut text ends in it so the
    /// reader knows something is missing (e.g. "conv3-64 (32x32…").
    public static func clip(_ text: String, width: Int, ellipsis: Character? = nil) -> String {
        guard width > 0 else { return "" }
        guard text.count > width else { return text }
        if let e = ellipsis { return String(text.prefix(width - 1)) + String(e) }
        return String(text.prefix(width))
    }

    /// Pads or clips `text` to exactly `width` columns with the given alignment.
    public static func align(_ text: String, width: Int, _ alignment: Alignment, ellipsis: Character? = nil) -> String {
        let t = clip(text, width: width, ellipsis: ellipsis)
        let pad = width - t.count
        guard pad > 0 else { return t }
        switch alignment {
        case .left: return t + String(repeating: " ", count: pad)
        case .right: return String(repeating: " ", count: pad) + t
        case .center:
            let l = pad / 2
            return String(repeating: " ", count: l) + t + String(repeating: " ", count: pad - l)
        }
    }
}

/// Horizontal alignment of text in a column.
public enum Alignment: Hashable, Sendable {
    case left
    case right
    case center
}
