import ConvEngine
import Foundation
import Testing
import TerminalKit
@testable import ConvTermApp

@Suite struct InspectAppTests {
    func tempDirectory() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writeNeverOverwritesWithoutAsking() throws {
        let dir = try tempDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mine.net").path
        var app = InspectApp.host(try InspectState.zoo("lecture-conv"))
        func press(_ keys: [Key]) { for k in keys { _ = app.press(k) } }
        press([.char("w"), .end] + Array(repeating: .backspace, count: 40) + typing(path) + [.enter])
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try SpecParser.parse(written) == SpecParser.parse(Zoo.entry(named: "lecture-conv")!.text))
        #expect(app.program.state.message?.text.contains("wrote") == true)

        // Change something, write again to the same path: it asks; "n" keeps the old file.
        app.program.state.go(to: "conv1")
        press([.char("a"), .enter, .char("w"), .enter])
        #expect(app.program.state.mode == .confirm(.overwrite(path: path)))
        press([.char("n")])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
        press([.char("w"), .enter, .char("y")])
        #expect(try String(contentsOfFile: path, encoding: .utf8) != written)
        #expect(!app.program.state.isModified)
    }

    @Test func tooSmallTerminalSaysWhatItNeedsAndRecovers() throws {
        var app = InspectApp.host(try InspectState.zoo("vgg16"))
        let backend = MemoryBackend(width: 60, height: 15)
        backend.signalWhenKeysRunOut = 2
        _ = Terminal.run(&app, on: backend)
        #expect(backend.lastGrid!.lines.joined().contains("need 80x20, have 60x15"))
        let bigger = MemoryBackend(width: 60, height: 15)
        bigger.resize(width: 100, height: 30)
        bigger.signalWhenKeysRunOut = 2
        _ = Terminal.run(&app, on: bigger)
        #expect(bigger.lastGrid!.lines.joined().contains("conv1_1"))
    }

    /// Every key in every mode, at several sizes, with a file loaded: nothing traps.
    @Test func noKeySequenceCrashes() throws {
        var rng = SeededRandom(seed: 42)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .backspace, .tab, .backTab, .home, .end,
                           .pageUp, .pageDown, .insert, .delete, .function(1), .resize, .unknown(999), .ctrl("u"),
                           .ctrl("k"), .ctrl("a"), .char(" "), .char("\u{7}")]
            + "eadiucxmgn/?wq0123456789x{}#:-".map { Key.char($0) }
        for net in ["vgg16", "resnet18", "googlenet"] {
            var state = try InspectState.zoo(net)
            for i in 0..<1500 {
                let key = keys[rng.nextInt(below: keys.count)]
                let effects = state.update(key)
                // Never write during a fuzz run; a quit just continues.
                if effects.contains(where: { if case .write = $0 { true } else { false } }) {
                    state.receive(.writeFailed("test"))
                }
                if i % 50 == 0 {
                    for (w, h) in [(80, 20), (120, 40), (30, 8), (200, 60)] { _ = state.grid(width: w, height: h) }
                }
            }
        }
    }
}

@Suite struct InspectFileTests {
    @Test func aFileLoadedSpecWritesBackToItsOwnPathOnlyAfterAsking() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("inspect-file-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("tiny.net").path
        let original = "# my net\ninput 32x32x3\nconv 8 5x5   # keep this comment\nrelu\nfc 10\n"
        try original.write(toFile: path, atomically: true, encoding: .utf8)
        var app = InspectApp.host(try InspectState(source: NetworkSource.load(path)))
        #expect(app.program.state.name == "tiny" && app.program.state.sourcePath == path)
        app.program.state.selected = 1
        for k in [Key.char("e"), .end] + typing(" pad 2") + [.enter] { _ = app.press(k) }
        // Typing at the end edits the layer, not its comment, and the comment stays.
        #expect(app.program.state.text.contains("conv 8 5x5 pad 2   # keep this comment"))
        #expect(app.program.state.shapes.rows[1].output == Volume(width: 32, height: 32, depth: 8))
        _ = app.press(.char("u"))
        app.program.state.selected = 2
        for k in [Key.char("a")] + [.home, .ctrl("k")] + typing("dropout 0.5") + [.enter] { _ = app.press(k) }
        #expect(app.program.state.text == "# my net\ninput 32x32x3\nconv 8 5x5   # keep this comment\nrelu\ndropout 0.5\nfc 10\n")
        for k in [Key.char("w"), .enter] { _ = app.press(k) }
        #expect(app.program.state.mode == .confirm(.overwrite(path: path)))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == original)
        _ = app.press(.char("y"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == app.program.state.text)
        #expect(!app.program.state.isModified)
        #expect(app.press(.char("q")) == false)
    }

    /// "Every edit recomputes all shapes at once": an edit plus a frame on GoogLeNet (the zoo's
    /// largest table) stays well under a frame's time.
    @Test func anEditAndAFrameAreInstant() throws {
        var state = try InspectState.zoo("googlenet")
        let clock = ContinuousClock()
        let conv = try #require(state.shapes.rows.firstIndex { if case .conv = $0.kind { true } else { false } })
        state.selected = conv
        let elapsed = clock.measure {
            for _ in 0..<5 {
                _ = state.press([.char("e"), .end, .backspace, .char("1"), .enter])
                _ = state.grid(width: 160, height: 50)
            }
        }
        print("googlenet edit + frame: \(elapsed / 5)")
        #expect(elapsed / 5 < .milliseconds(100))
    }
}
