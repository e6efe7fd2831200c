/// A 3x5 pixel font for ASCII, so grid snapshots show readable text. Lower case is drawn
/// with the upper-case shapes: a snapshot is for checking layout, not typography.
enum PixelFont {
    /// Five rows of three columns, "X" = ink.
    static let glyphs: [Character: String] = [
        "0": "XXXX.XX.XX.XXXX", "1": ".X.XX..X..X.XXX", "2": "XXX..XXXXX..XXX", "3": "XXX..X.XX..XXXX",
        "4": "X.XX.XXXX..X..X", "5": "XXXX..XXX..XXXX", "6": "XXXX..XXXX.XXXX", "7": "XXX..X.X..X..X.",
        "8": "XXXX.XXXXX.XXXX", "9": "XXXX.XXXX..XXXX",
        "A": ".X.X.XXXXX.XX.X", "B": "XX.X.XXX.X.XXX.", "C": ".XXX..X..X...XX", "D": "XX.X.XX.XX.XXX.",
        "E": "XXXX..XX.X..XXX", "F": "XXXX..XX.X..X..", "G": ".XXX..X.XX.X.XX", "H": "X.XX.XXXXX.XX.X",
        "I": "XXX.X..X..X.XXX", "J": "..X..X..XX.X.X.", "K": "X.XX.XXX.X.XX.X", "L": "X..X..X..X..XXX",
        "M": "X.XXXXXXXX.XX.X", "N": "XX.X.XX.XX.XX.X", "O": ".X.X.XX.XX.X.X.", "P": "XX.X.XXX.X..X..",
        "Q": ".X.X.XX.XXX..XX", "R": "XX.X.XXX.X.XX.X", "S": ".XXX...X...XXX.", "T": "XXX.X..X..X..X.",
        "U": "X.XX.XX.XX.XXXX", "V": "X.XX.XX.XX.X.X.", "W": "X.XX.XXXXXXXX.X", "X": "X.XX.X.X.X.XX.X",
        "Y": "X.XX.X.X..X..X.", "Z": "XXX..X.X.X..XXX",
        ".": ".............X.", ",": "..........X.X..", ":": "....X.....X....", "-": "......XXX......",
        "+": "....X.XXX.X....", "/": "..X..X.X.X..X..", "(": ".X.X..X..X...X.", ")": ".X...X..X..X.X.",
        "?": "XXX..X.X.....X.", "!": ".X..X..X.....X.", "=": "...XXX...XXX...", "%": "X.X..X.X.X..X.X",
        "*": "X.X.X.X.X......", "_": "............XXX", "|": ".X..X..X..X..X.", "#": "X.XXXXX.XXXXX.X",
        "`": "X...X..........", "'": ".X..X..........", "\"": "X.XX.X.........", "[": "XX.X..X..X..XX.",
        "]": ".XX..X..X..X.XX", "<": "..X.X.X...X...X", ">": "X...X...X.X.X..", "@": "XXXX.XXXXX...XX",
        "~": "....XXXX.......", "^": ".X.X.X.........", "{": ".XX.X.XX..X..XX", "}": "XX..X..XX.X.XX.",
        "&": ".X.X.X.X.X.X.XX", "$": ".XXXX..X..XXXX.", ";": "....X.....X.X..", "\\": "X..X...X...X..X",
    ]

    /// Whether the pixel at column c (0...2), row r (0...4) of `ch` is ink; nil if the font lacks `ch`.
    static func ink(_ ch: Character) -> [Bool]? {
        let key: Character = ch.isLowercase ? Character(ch.uppercased()) : ch
        guard let rows = glyphs[key] else { return nil }
        return rows.map { $0 == "X" }
    }
}
