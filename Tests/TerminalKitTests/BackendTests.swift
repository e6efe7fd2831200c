import Testing
@testable import TerminalKit

struct CounterApp: Program {
    var count = 0
    var frames = 0
    var isFinished = false
    var frameInterval: Duration { .milliseconds(1) }

    static func message(_ input: TerminalInput) -> TerminalInput { input }

    mutating func update(_ message: TerminalInput) -> [NoEffect] {
        switch message {
        case .key(.char("q")): isFinished = true
        case .key(.char("n")): count += 1
        case .key: break
        case .frame: frames += 1
        }
        return []
    }

    func view(into grid: inout CellGrid) {
        grid.write("count \(count)", x: 0, y: 0)
        KeyFooter([KeyBinding("n", "step"), KeyBinding("q", "quit")]).render(into: &grid, area: grid.bounds.row(grid.height - 1))
    }
}

@Suite struct TerminalRunTests {
    @Test func keysUpdateTheAppAndQuitClosesTheBackend() {
        let backend = MemoryBackend(width: 12, height: 3, keys: [.char("n"), .char("n"), .char("x")])
        backend.keys.append(.char("q"))
        var app = ProgramHost(CounterApp())
        let outcome = Terminal.run(&app, on: backend)
        #expect(outcome == .finished)
        #expect(outcome.exitStatus == 0)
        #expect(app.program.count == 2)
        #expect(backend.isClosed)
        #expect(backend.lastGrid?.trimmedLines == ["count 0", "", "n step"])  // drawn before keys; q quit is too wide
    }

    @Test func aSignalEndsTheRunWith128PlusSignal() {
        let backend = MemoryBackend(width: 20, height: 2, keys: [.char("n")])
        backend.signalWhenKeysRunOut = 2
        var app = ProgramHost(CounterApp())
        let outcome = Terminal.run(&app, on: backend)
        #expect(outcome == .interrupted(signal: 2))
        #expect(outcome.exitStatus == 130)
        #expect(Terminal.Outcome.interrupted(signal: 15).exitStatus == 143)
        #expect(backend.isClosed)
        #expect(app.program.count == 1)
    }

    @Test func resizeRedrawsAtTheNewSize() {
        let backend = MemoryBackend(width: 10, height: 2)
        backend.resize(width: 14, height: 3)
        backend.signalWhenKeysRunOut = 15
        var app = ProgramHost(CounterApp())
        _ = Terminal.run(&app, on: backend)
        #expect(backend.lastGrid?.width == 14)
        #expect(backend.lastGrid?.height == 3)
    }

    @Test func memoryBackendGridCarriesCapabilities() {
        let backend = MemoryBackend(width: 3, height: 1, capabilities: .monochromeASCII)
        let grid = backend.makeGrid()
        #expect(grid.capabilities == .monochromeASCII)
        #expect(grid.width == 3)
    }
}

@Suite struct ColorPairTableTests {
    @Test func evictsOnlyPairsUnusedInTheCurrentFrame() {
        var t = ColorPairTable(capacity: 3)  // pairs 1 and 2
        t.beginFrame()
        #expect(t.pair(foreground: -1, background: -1)! == (0, false))
        #expect(t.pair(foreground: 1, background: 2)! == (1, true))
        #expect(t.pair(foreground: 3, background: 4)! == (2, true))
        #expect(t.pair(foreground: 1, background: 2)! == (1, false))
        #expect(t.pair(foreground: 5, background: 6) == nil)  // both on screen this frame
        t.beginFrame()
        #expect(t.pair(foreground: 1, background: 2)! == (1, false))
        #expect(t.pair(foreground: 5, background: 6)! == (2, true))  // reuses (3,4)'s pair
        #expect(t.pair(foreground: 3, background: 4) == nil)
        #expect(t.count == 2)
    }
}

@Suite struct CursesDecisionTests {
    @Test func colourModeFromEnvironmentAndTerminal() {
        #expect(CursesBackend.colorMode(noColor: "1", hasColors: true, colors: 256) == .monochrome)
        #expect(CursesBackend.colorMode(noColor: "", hasColors: true, colors: 256) == .colors256)
        #expect(CursesBackend.colorMode(noColor: nil, hasColors: true, colors: 8) == .colors8)
        #expect(CursesBackend.colorMode(noColor: nil, hasColors: false, colors: 0) == .monochrome)
    }

    @Test func glyphModeFromCodeset() {
        #expect(CursesBackend.glyphMode(codeset: "UTF-8") == .unicode)
        #expect(CursesBackend.glyphMode(codeset: "utf8") == .unicode)
        #expect(CursesBackend.glyphMode(codeset: "ANSI_X3.4-1968") == .ascii)
    }

    @Test func preflightRefusesWithHumanMessages() {
        #expect(throws: TerminalError.notATerminal) {
            try CursesBackend.preflight(term: "xterm", stdinIsTTY: true, stdoutIsTTY: false)
        }
        #expect(throws: TerminalError.dumbTerminal("dumb")) {
            try CursesBackend.preflight(term: "dumb", stdinIsTTY: true, stdoutIsTTY: true)
        }
        #expect(throws: TerminalError.noTerm) {
            try CursesBackend.preflight(term: nil, stdinIsTTY: true, stdoutIsTTY: true)
        }
        #expect(TerminalError.dumbTerminal("dumb").message.contains("cannot move the cursor"))
        #expect(throws: Never.self) {
            try CursesBackend.preflight(term: "xterm-256color", stdinIsTTY: true, stdoutIsTTY: true)
        }
    }

    @Test func asciiFallbackGlyphs() {
        #expect(GlyphFallback.ascii("─") == "-")
        #expect(GlyphFallback.ascii("┌") == "+")
        #expect(GlyphFallback.ascii("⠉") == "*")
        #expect(GlyphFallback.ascii("q") == "q")
        #expect(GlyphFallback.ascii("漢") == "?")
    }
}
