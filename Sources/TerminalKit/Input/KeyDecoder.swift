import CNCursesW

/// Turns what `wget_wch` returns into a `Key`.
public enum KeyDecoder {
    /// `code` is the value `wget_wch` stored; `isKeyCode` is true when it returned
    /// `KEY_CODE_YES` (a curses key number such as `KEY_UP`) rather than a character.
    public static func decode(_ code: Int, isKeyCode: Bool) -> Key {
        isKeyCode ? decodeKeyCode(code) : decodeCharacter(code)
    }

    static func decodeKeyCode(_ code: Int) -> Key {
        let f0 = Int(KEY_F0)
        // ncurses reserves 64 function keys after KEY_F0.
        if code > f0 && code <= f0 + 63 { return .function(code - f0) }
        switch Int32(code) {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_IC: return .insert
        case KEY_DC: return .delete
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        default: return .unknown(code)
        }
    }

    static func decodeCharacter(_ code: Int) -> Key {
        switch code {
        case 9: return .tab
        case 10, 13: return .enter
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .ctrl(Character(Unicode.Scalar(UInt8(code) + 96)))
        default:
            guard code >= 32, let scalar = Unicode.Scalar(UInt32(truncatingIfNeeded: code)) else { return .unknown(code) }
            return .char(Character(scalar))
        }
    }
}
