/// Text files arrive with LF or CRLF line ends (Windows editors, git's autocrlf). Every text
/// reader normalises once, where the text comes in, so line numbers, columns and tokens are the
/// same whichever a file uses. Swift treats "\r\n" as one Character, so splitting such text on
/// "\n" finds no lines at all: that is why this is needed, not just trimming a trailing "\r".
public enum LineEnds {
    /// `text` with each CRLF turned into LF; a lone CR is left alone (it is not a line end here).
    public static func normalized(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        var scalars = String.UnicodeScalarView()
        var pendingReturn = false
        for scalar in text.unicodeScalars {
            if pendingReturn && scalar != "\n" { scalars.append("\r") }
            pendingReturn = scalar == "\r"
            if !pendingReturn { scalars.append(scalar) }
        }
        if pendingReturn { scalars.append("\r") }
        return String(scalars)
    }
}
