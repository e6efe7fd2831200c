/// ASCII stand-ins for the non-ASCII characters widgets and apps commonly use, so a
/// non-UTF-8 terminal shows a readable approximation instead of blanks or mojibake.
public enum GlyphFallback {
    public static func ascii(_ ch: Character) -> Character {
        if ch.isASCII { return ch }
        switch ch {
        case "─", "━", "═", "┄", "╌": return "-"
        case "│", "┃", "║", "┆", "╎": return "|"
        case "┌", "┐", "└", "┘", "├", "┤", "┬", "┴", "┼", "╭", "╮", "╯", "╰": return "+"
        case "█", "▓", "▉", "▊": return "#"
        case "▒", "▋", "▌", "▍": return "="
        case "░", "▎", "▏": return "-"
        case "▀": return "\""
        case "▄": return "_"
        case "•", "●", "○", "◆", "■", "□", "★": return "*"
        case "…": return "~"
        case "→": return ">"
        case "←": return "<"
        case "↑": return "^"
        case "↓": return "v"
        case "×": return "x"
        case "·": return "."
        case "–", "—": return "-"
        case "“", "”", "„": return "\""
        case "‘", "’": return "'"
        default:
            // Braille dots become a star so plots keep their shape.
            if let s = ch.unicodeScalars.first, (0x2801...0x28FF).contains(s.value) { return "*" }
            return "?"
        }
    }
}
