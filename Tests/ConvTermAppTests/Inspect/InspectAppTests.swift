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
        var app = InspectApp(state: try InspectState.zoo("lecture-conv"))
        func press(_ keys: [Key]) { for k in keys { _ = app.update(k) } }
        press([.char("w"), .end] + Array(repeating: .backspace, count: 40) + typing(path) + [.enter])
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try SpecParser.parse(written) == SpecParser.parse(Zoo.entry(named: "lecture-conv")!.text))
        #expect(app.state.message?.text.contains("wrote") == true)

        // Change something, write again to the same path: it asks; "n" keeps the old file.
        app.state.go(to: "conv1")
        press([.char("a"), .enter, .char("w"), .enter])
        #expect(app.state.mode == .confirm(.overwrite(path: path)))
        press([.char("n")])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == written)
        press([.char("w"), .enter, .char("y")])
        #expect(try String(contentsOfFile: path, encoding: .utf8) != written)
        #expect(!app.state.isModified)
    }

    @Test func tooSmallTerminalSaysWhatItNeedsAndRecovers() throws {
        var app = InspectApp(state: try InspectState.zoo("vgg16"))
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
