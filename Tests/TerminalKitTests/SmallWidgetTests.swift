import Testing
import TerminalKit

@Suite struct BoxTests {
    @Test func boxWithTitle() {
        var g = CellGrid(width: 12, height: 3)
        Box(title: "Hi").render(into: &g, area: g.bounds)
        #expect(g.lines == ["┌─ Hi ─────┐", "│          │", "└──────────┘"])
        #expect(g[3, 0].attributes == .bold)
    }

    @Test func asciiBox() {
        var g = CellGrid(width: 8, height: 2, capabilities: .monochromeASCII)
        Box(title: "A").render(into: &g, area: g.bounds)
        #expect(g.lines == ["+- A --+", "+------+"])
    }
}

@Suite struct KeyFooterTests {
    let footer = KeyFooter([
        KeyBinding("space", "pause"), KeyBinding("n", "step"), KeyBinding("?", "help"), KeyBinding("q", "quit"),
    ])

    @Test func fullFooter() {
        var g = CellGrid(width: 40, height: 1)
        footer.render(into: &g, area: g.bounds)
        #expect(g.trimmedLines == ["space pause  n step  ? help  q quit"])
        #expect(g[0, 0].attributes == .bold)
        #expect(g[5, 0].attributes == [])
        #expect(g[13, 0].attributes == .bold)  // "n"
    }

    @Test func narrowFooterDropsWholeEntries() {
        #expect(footer.text(width: 20) == "space pause  n step")
        var g = CellGrid(width: 20, height: 1)
        footer.render(into: &g, area: g.bounds)
        #expect(g.text(row: 0) == "space pause  n step ")
    }
}

@Suite struct StatusLineTests {
    @Test func leftAndRightInReverse() {
        var g = CellGrid(width: 20, height: 1)
        StatusLine(left: "epoch 1", right: "loss 2").render(into: &g, area: g.bounds)
        #expect(g.text(row: 0) == "epoch 1       loss 2")
        #expect((0..<20).allSatisfy { g[$0, 0].attributes == .reverse })
    }

    @Test func rightIsDroppedWhenItDoesNotFit() {
        var g = CellGrid(width: 10, height: 1)
        StatusLine(left: "training epoch 3", right: "loss 2").render(into: &g, area: g.bounds)
        #expect(g.text(row: 0) == "training …")
    }
}

@Suite struct TooSmallScreenTests {
    @Test func saysWhatIsNeededAndWhatThereIs() {
        var g = CellGrid(width: 40, height: 5)
        let s = TooSmallScreen(required: Size(width: 100, height: 30), actual: Size(width: g.width, height: g.height))
        #expect(TooSmallScreen.isTooSmall(g, required: s.required))
        s.render(into: &g, area: g.bounds)
        #expect(g.lines == [
            "                                        ",
            "           Terminal too small           ",
            "         need 100x30, have 40x5         ",
            " enlarge the window, or press q to quit ",
            "                                        ",
        ])
        #expect(g[11, 1].attributes == .bold)
    }

    @Test func wrapsInATinyTerminal() {
        var g = CellGrid(width: 12, height: 8)
        TooSmallScreen(required: Size(width: 80, height: 24), actual: Size(width: 12, height: 8)).render(into: &g, area: g.bounds)
        #expect(g.trimmedLines.contains(" have 12x8"))
        #expect(g.trimmedLines.contains("need 80x24,"))
    }
}

@Suite struct HelpOverlayTests {
    @Test func centredBoxListsKeys() {
        var g = CellGrid(width: 30, height: 8, fill: Cell("x"))
        HelpOverlay(title: "Keys", bindings: [KeyBinding("q", "quit"), KeyBinding("space", "pause")], footer: nil)
            .render(into: &g, area: g.bounds)
        // Content width max(5+2+5, 6) = 12, box 16x4 centred at (7, 2).
        #expect(g.lines == [
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxx┌─ Keys ───────┐xxxxxxx",
            "xxxxxxx│     q  quit  │xxxxxxx",
            "xxxxxxx│ space  pause │xxxxxxx",
            "xxxxxxx└──────────────┘xxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        ])
    }

    /// Narrower than its longest line, the box takes the whole width and wraps the action under
    /// itself: 20 wide leaves 16 for text, 13 after the key "q" and two spaces, so "quit the
    /// program now" (20) becomes "quit the" and "program now".
    @Test func longActionsWrapInANarrowArea() throws {
        let help = HelpOverlay(title: "Keys", bindings: [KeyBinding("q", "quit the program now"), KeyBinding("p", "pause")], footer: "any key")
        #expect(help.size(fitting: 40) == Size(width: 27, height: 6))
        #expect(help.size(fitting: 20) == Size(width: 20, height: 7))
        var g = CellGrid(width: 20, height: 9, fill: Cell("x"))
        help.render(into: &g, area: g.bounds)
        let lines = g.lines
        func column(_ text: String, in line: String) -> Int? {
            line.firstRange(of: text).map { line.distance(from: line.startIndex, to: $0.lowerBound) }
        }
        let first = try #require(lines.firstIndex { $0.contains("q  quit the") })
        #expect(column("program now", in: lines[first + 1]) == column("quit the", in: lines[first]), "continued under the action")
        #expect(lines[first + 2].contains("p  pause"))
        #expect(lines.contains { $0.contains("any key") }, "the footer still fits")
        #expect(!lines.joined().contains("quit the pro"), "nothing is cut at the edge")
    }
}

@Suite struct BarTests {
    @Test func partialBlocksInEighths() {
        var g = CellGrid(width: 20, height: 1)
        Bar(label: "cat", value: 0.5, labelWidth: 5).render(into: &g, area: g.bounds)
        // Bar width 20 - 5 - 4 - 2 = 9 cells; half is 36 eighths = 4 full + 4/8.
        #expect(g.text(row: 0) == "cat   ████▌     0.50")
    }

    @Test func barTextExtremes() {
        #expect(Bar.barText(value: 0, width: 4, glyphs: .unicode) == "")
        #expect(Bar.barText(value: 1, width: 4, glyphs: .unicode) == "████")
        #expect(Bar.barText(value: 0.1, width: 4, glyphs: .unicode) == "▍")  // 3.2 eighths -> 3
        #expect(Bar.barText(value: 2, width: 4, glyphs: .unicode) == "████")
        #expect(Bar.barText(value: 0.5, width: 5, glyphs: .ascii) == "###")  // 2.5 rounds to 3
    }

    @Test func colouredBarForTheTrueClass() {
        var g = CellGrid(width: 12, height: 1)
        Bar(label: "dog", value: 1, valueText: "1", barStyle: Style(foreground: .green)).render(into: &g, area: g.bounds)
        #expect(g.text(row: 0) == "dog ██████ 1")
        #expect(g[4, 0].foreground == .green)
        #expect(g[0, 0].foreground == .default)
    }
}
