/// A key press, independent of how the terminal encoded it.
public enum Key: Hashable, Sendable, CustomStringConvertible {
    case char(Character)
    /// Control plus a letter, e.g. `.ctrl("c")` (only seen when the terminal does not turn it into a signal).
    case ctrl(Character)
    case up, down, left, right
    case enter, escape, backspace, tab, backTab
    case home, end, pageUp, pageDown, insert, delete
    case function(Int)
    /// The terminal changed size; the next frame should be drawn at the new size.
    case resize
    /// A code the decoder does not know (kept so apps can show it instead of ignoring it).
    case unknown(Int)

    public var description: String {
        switch self {
        case .char(" "): return "space"
        case .char(let c): return String(c)
        case .ctrl(let c): return "ctrl-\(c)"
        case .up: return "up"
        case .down: return "down"
        case .left: return "left"
        case .right: return "right"
        case .enter: return "enter"
        case .escape: return "esc"
        case .backspace: return "backspace"
        case .tab: return "tab"
        case .backTab: return "shift-tab"
        case .home: return "home"
        case .end: return "end"
        case .pageUp: return "pgup"
        case .pageDown: return "pgdn"
        case .insert: return "ins"
        case .delete: return "del"
        case .function(let n): return "F\(n)"
        case .resize: return "resize"
        case .unknown(let n): return "key \(n)"
        }
    }
}
