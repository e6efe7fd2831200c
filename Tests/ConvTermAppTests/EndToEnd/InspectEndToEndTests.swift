import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// `convterm inspect` in a real terminal (tmux): keys, live edits, resize, clean exit.
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end inspect tests skipped"))
struct InspectEndToEndTests {
    @Test func editAVGG16LayerAndSeeTheTotalsChange() throws {
        let tmux = try TmuxSession.start(["inspect", "vgg16"], width: 120, height: 40)
        defer { tmux.kill() }
        let vgg = NetworkShapes(try SpecParser.parse(Zoo.entry(named: "vgg16")!.text))
        try tmux.waitFor("Params \(vgg.totalParams.grouped)")
        #expect(tmux.terminalModes().alternateScreen)

        // The engine's totals for the edited text are what the screen must show.
        let edited = Zoo.entry(named: "vgg16")!.text.replacingOccurrences(of: "conv1_1: conv 64 3x3 pad 1", with: "conv1_1: conv 32 3x3 pad 1")
        let expected = NetworkShapes(try SpecParser.parse(edited))
        #expect(expected.totalParams != vgg.totalParams)
        tmux.send("g")
        tmux.type("conv1_1")
        tmux.send("Enter", "e", "C-a", "C-k")
        tmux.type("conv1_1: conv 32 3x3 pad 1")
        tmux.send("Enter")
        let screen = try tmux.waitFor("Params \(expected.totalParams.grouped)")
        #expect(screen.contains(expected.multiplyAdds(.lecture).grouped))
        #expect(screen.contains("224x224x32"))
        #expect(screen.contains("modified"))

        // A stride that does not fit: red row with the reason, the rest still shown.
        tmux.send("e", "C-a", "C-k")
        tmux.type("conv1_1: conv 64 5x5 stride 2")
        tmux.send("Enter")
        let red = try tmux.waitFor(#"\(224 - 5 \+ 2\*0\)/2 \+ 1 = 110\.5"#, colors: true)
        let line = try #require(red.split(separator: "\n").first { $0.contains("110.5 is not") })
        // Red is SGR 31 (or palette 1 as 38;5;1) somewhere before the message on that line.
        let red31 = line.unicodeScalars.map(String.init).joined().range(of: "\u{1B}\\[([0-9;]*;)?(31|38;5;1)m", options: .regularExpression)
        #expect(red31 != nil, "no red in \(line.debugDescription)")

        // Unsaved edits: q asks, y quits; the terminal is given back.
        tmux.send("q")
        try tmux.waitFor("unsaved edits")
        tmux.send("y")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.terminalModes() == TmuxSession.Modes(alternateScreen: false, cursorVisible: true))
    }

    /// A segmentation net's `loss` line is the last row, with the targets it expects.
    @Test func theLossLineShowsUnderTheLastLayer() throws {
        let tmux = try TmuxSession.start(["inspect", "segnet-tiny"], width: 140, height: 40)
        defer { tmux.kill() }
        let screen = try tmux.waitFor("32x32 classes")
        let lines = screen.split(separator: "\n")
        let loss = try #require(lines.firstIndex { $0.contains("32x32 classes") })
        #expect(lines[loss].contains(" loss ") && lines[loss].contains("pixelsoftmax"))
        #expect(lines[loss - 1].contains("scores") && lines[loss - 1].contains("32x32x2"))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func tooSmallThenResizedAndHelp() throws {
        let tmux = try TmuxSession.start(["inspect", "lecture-conv"], width: 60, height: 15)
        defer { tmux.kill() }
        try tmux.waitFor("need 80x20, have 60x15")
        tmux.resize(width: 100, height: 30)
        try tmux.waitFor("conv1")
        tmux.send("?")
        try tmux.waitFor("write the spec to a .net file")
        tmux.send("x", "q")
        #expect(try tmux.waitForExit() == 0)
    }

    @Test func writeAskesBeforeOverwriting() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "keep me\n".write(to: dir.appendingPathComponent("lecture-conv.net"), atomically: true, encoding: .utf8)
        let tmux = try TmuxSession.start(["inspect", "lecture-conv"], width: 100, height: 30, directory: dir.path)
        defer { tmux.kill() }
        try tmux.waitFor("conv1")
        tmux.send("w", "Enter")
        try tmux.waitFor("already exists")
        tmux.send("n")
        try tmux.waitFor("not written")
        #expect(try String(contentsOf: dir.appendingPathComponent("lecture-conv.net"), encoding: .utf8) == "keep me\n")
        tmux.send("w", "C-a", "C-k")
        tmux.type("mine.net")
        tmux.send("Enter")
        try tmux.waitFor("wrote mine.net")
        let written = try String(contentsOf: dir.appendingPathComponent("mine.net"), encoding: .utf8)
        #expect(try SpecParser.parse(written) == SpecParser.parse(Zoo.entry(named: "lecture-conv")!.text))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
    }
}
