import TerminalKit

/// A one-line text editor as a value: cursor keys, home/end, backspace/delete, and undo.
/// Used for editing a layer line and for the inspector's prompts (search, go to, input, path).
public struct LineEditor: Hashable, Sendable {
    public private(set) var characters: [Character]
    /// Insertion point, 0...characters.count.
    public private(set) var cursor: Int
    /// Earlier (text, cursor) pairs; every change pushes one, so undo steps back a keystroke at a time.
    private var history: [Snapshot] = []

    struct Snapshot: Hashable, Sendable {
        var characters: [Character]
        var cursor: Int
    }

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// What a key did to the editor; the owner decides what enter and escape mean.
    public enum Outcome: Equatable, Sendable {
        case edited
        case moved
        case submitted
        case cancelled
        case ignored
    }

    /// Applies one key. Printable characters insert at the cursor; ctrl-u undoes (ctrl-z would
    /// suspend the program: the terminal keeps job control), ctrl-a/ctrl-e are home/end,
    /// ctrl-k deletes to the end.
    public mutating func handle(_ key: Key) -> Outcome {
        switch key {
        case .enter: return .submitted
        case .escape: return .cancelled
        case .left:
            guard cursor > 0 else { return .ignored }
            cursor -= 1
            return .moved
        case .right:
            guard cursor < characters.count else { return .ignored }
            cursor += 1
            return .moved
        case .home, .ctrl("a"):
            cursor = 0
            return .moved
        case .end, .ctrl("e"):
            cursor = characters.count
            return .moved
        case .backspace, .ctrl("h"):
            guard cursor > 0 else { return .ignored }
            save()
            characters.remove(at: cursor - 1)
            cursor -= 1
            return .edited
        case .delete:
            guard cursor < characters.count else { return .ignored }
            save()
            characters.remove(at: cursor)
            return .edited
        case .ctrl("k"):
            guard cursor < characters.count else { return .ignored }
            save()
            characters.removeSubrange(cursor...)
            return .edited
        case .ctrl("u"):
            guard let last = history.popLast() else { return .ignored }
            characters = last.characters
            cursor = last.cursor
            return .edited
        case .tab:
            return insert(" ")
        case .char(let c):
            // Control characters never reach the text (they would corrupt the screen and the file).
            if let a = c.asciiValue, a < 0x20 || a == 0x7f { return .ignored }
            return insert(c)
        default:
            return .ignored
        }
    }

    private mutating func insert(_ c: Character) -> Outcome {
        save()
        characters.insert(c, at: cursor)
        cursor += 1
        return .edited
    }

    private mutating func save() {
        history.append(Snapshot(characters: characters, cursor: cursor))
        // A line is short; a bounded history keeps a held key from growing memory without end.
        if history.count > 500 { history.removeFirst(history.count - 500) }
    }

    public var canUndo: Bool { !history.isEmpty }

    /// Draws the text in `area` (one row), scrolled so the cursor is visible; the cursor cell is reversed.
    public func render(into grid: inout CellGrid, area: Rect, style: Style = .plain) {
        guard area.width > 0, area.height > 0 else { return }
        grid.fill(area.row(0), with: Cell(" ", style: style))
        let first = max(0, cursor - area.width + 1)
        let shown = characters.dropFirst(first).prefix(area.width)
        grid.write(String(shown), x: area.x, y: area.y, style: style, clip: area)
        let cx = area.x + cursor - first
        let under = cursor < characters.count ? characters[cursor] : " "
        grid[cx, area.y] = Cell(under, style: style.adding(.reverse))
    }
}
