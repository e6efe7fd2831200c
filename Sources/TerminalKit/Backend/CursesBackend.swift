#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import CNCursesW
import Synchronization

/// A real terminal through ncursesw. Opening it follows the order ncurses needs (see
/// notes/ncurses-from-swift.md): signal handlers, then the locale, then checks that fail
/// with a readable `TerminalError`, then `newterm` (which, unlike `initscr`, does not exit
/// the process on an unknown TERM).
public final class CursesBackend: TerminalBackend {
    public let capabilities: Capabilities
    private var screen: OpaquePointer?
    private var pairs: ColorPairTable
    private var closed = false
    // Reused per frame so drawing allocates nothing per cell.
    private var rowBuffer: [cchar_t] = []

    /// Whether some backend currently holds the terminal; the at-exit hook restores it if the
    /// app calls `exit()` without closing.
    static let isOpen = Atomic<Bool>(false)
    static let exitHookInstalled = Atomic<Bool>(false)

    /// Opens the terminal on stdin/stdout. Throws `TerminalError` when there is none to use.
    public init() throws {
        SignalTrap.install()
        setlocale(LC_ALL, "")

        let term = CursesBackend.environment("TERM")
        try CursesBackend.preflight(term: term, stdinIsTTY: isatty(0) == 1, stdoutIsTTY: isatty(1) == 1)
        // Before curses changes them: what a crash handler puts back.
        ct_save_terminal_modes()
        guard let screen = newterm(nil, ct_stdout(), ct_stdin()) else {
            SignalTrap.uninstall()
            throw TerminalError.unknownTerminal(term ?? "")
        }
        self.screen = screen
        guard ct_has_cursor_addressing() != 0 else {
            endwin()
            delscreen(screen)
            SignalTrap.uninstall()
            throw TerminalError.dumbTerminal(term ?? "")
        }

        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        let glyphs = CursesBackend.glyphMode(codeset: codeset)

        var colors = ColorMode.monochrome
        let noColor = CursesBackend.environment("NO_COLOR")
        if (noColor ?? "").isEmpty && has_colors() {
            start_color()
            use_default_colors()
        }
        colors = CursesBackend.colorMode(noColor: noColor, hasColors: has_colors(), colors: Int(ct_colors()))
        capabilities = Capabilities(colorMode: colors, glyphMode: glyphs)
        // Pair numbers go through setcchar's opts pointer, so the whole (int) range is usable.
        pairs = ColorPairTable(capacity: colors == .monochrome ? 1 : Int32(min(Int(ct_color_pairs()), 65536)))

        cbreak()  // keeps ISIG: Ctrl-C arrives as SIGINT, caught by SignalTrap
        noecho()
        nonl()
        keypad(ct_stdscr(), true)
        intrflush(ct_stdscr(), false)
        set_escdelay(25)  // a lone Esc should feel immediate, not wait a second for a sequence
        curs_set(0)

        CursesBackend.isOpen.store(true, ordering: .relaxed)
        ct_install_crash_handlers()
        if !CursesBackend.exitHookInstalled.exchange(true, ordering: .relaxed) {
            atexit {
                if CursesBackend.isOpen.load(ordering: .relaxed) {
                    curs_set(1)
                    endwin()
                }
            }
        }
    }

    deinit { close() }

    // MARK: decisions (pure, so they are testable without a terminal)

    /// Refuses situations where no screen can work, before ncurses is involved.
    public static func preflight(term: String?, stdinIsTTY: Bool, stdoutIsTTY: Bool) throws {
        guard stdinIsTTY && stdoutIsTTY else { throw TerminalError.notATerminal }
        guard let term, !term.isEmpty else { throw TerminalError.noTerm }
        if term == "dumb" { throw TerminalError.dumbTerminal(term) }
    }

    /// NO_COLOR (set and non-empty) wins; otherwise the terminal's colour count decides.
    public static func colorMode(noColor: String?, hasColors: Bool, colors: Int) -> ColorMode {
        if let noColor, !noColor.isEmpty { return .monochrome }
        guard hasColors else { return .monochrome }
        if colors >= 256 { return .colors256 }
        if colors >= 8 { return .colors8 }
        return .monochrome
    }

    /// Unicode only under a UTF-8 locale; ncurses silently blanks wider glyphs otherwise.
    public static func glyphMode(codeset: String) -> GlyphMode {
        let c = codeset.uppercased().filter { $0 != "-" && $0 != "_" }
        return c == "UTF8" ? .unicode : .ascii
    }

    static func environment(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    // MARK: TerminalBackend

    public var size: Size {
        guard !closed else { return Size(width: 0, height: 0) }
        return Size(width: Int(getmaxx(ct_stdscr())), height: Int(getmaxy(ct_stdscr())))
    }

    public var interruption: Int32? { SignalTrap.caught }

    public func draw(_ grid: CellGrid) {
        guard !closed, let win = ct_stdscr() else { return }
        let s = size
        let w = min(grid.width, s.width), h = min(grid.height, s.height)
        guard w > 0, h > 0 else { return }
        pairs.beginFrame()
        if rowBuffer.count < w { rowBuffer = Array(repeating: cchar_t(), count: w) }
        let mode = capabilities.colorMode
        let ascii = capabilities.glyphMode == .ascii
        var wide: [wchar_t] = Array(repeating: 0, count: 6)
        for y in 0..<h {
            for x in 0..<w {
                let cell = grid[x, y]
                let ch = ascii ? GlyphFallback.ascii(cell.character) : cell.character
                var n = 0
                for scalar in ch.unicodeScalars where n < 5 {
                    wide[n] = wchar_t(bitPattern: scalar.value)
                    n += 1
                }
                wide[n] = 0
                var pair: Int32 = 0
                if mode != .monochrome {
                    let fg = CursesBackend.number(mode.downgrade(cell.foreground))
                    let bg = CursesBackend.number(mode.downgrade(cell.background))
                    if let p = pairs.pair(foreground: fg, background: bg) {
                        if p.isNew { init_extended_pair(p.number, fg, bg) }
                        pair = p.number
                    }
                }
                let attrs = CursesBackend.attributes(cell.attributes)
                wide.withUnsafeBufferPointer { chars in
                    _ = setcchar(&rowBuffer[x], chars.baseAddress, attrs, 0, &pair)
                }
            }
            // Whole rows: faster, and the bottom-right cell does not fail as it does with mvadd_wch.
            _ = rowBuffer.withUnsafeBufferPointer { mvwadd_wchnstr(win, Int32(y), 0, $0.baseAddress, Int32(w)) }
        }
        wnoutrefresh(win)
        doupdate()
    }

    public func readKey(timeout: Int) -> Key? {
        guard !closed, let win = ct_stdscr() else { return nil }
        wtimeout(win, Int32(max(0, timeout)))
        var value: wint_t = 0
        let rc = wget_wch(win, &value)
        guard rc != ERR else { return nil }
        return KeyDecoder.decode(Int(value), isKeyCode: rc == KEY_CODE_YES)
    }

    public func close() {
        guard !closed else { return }
        closed = true
        curs_set(1)
        endwin()
        ct_remove_crash_handlers()
        CursesBackend.isOpen.store(false, ordering: .relaxed)
        if let screen { delscreen(screen) }
        screen = nil
        SignalTrap.uninstall()
    }

    // MARK: helpers

    static func number(_ c: Color) -> Int32 {
        switch c {
        case .default: return -1
        case .palette(let i): return Int32(i)
        }
    }

    static func attributes(_ a: Attributes) -> attr_t {
        var r = ct_a_normal()
        if a.contains(.bold) { r |= ct_a_bold() }
        if a.contains(.dim) { r |= ct_a_dim() }
        if a.contains(.underline) { r |= ct_a_underline() }
        if a.contains(.reverse) { r |= ct_a_reverse() }
        if a.contains(.italic) { r |= ct_a_italic() }
        return r
    }
}
