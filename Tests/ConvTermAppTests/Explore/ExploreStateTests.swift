import ConvEngine
import Foundation
import Testing
import TerminalKit
@testable import ConvTermApp

extension ExploreState {
    mutating func press(_ keys: Key...) { for k in keys { _ = update(k) } }
    func grid(width: Int = 120, height: Int = 40) -> CellGrid {
        var g = CellGrid(width: width, height: height)
        render(into: &g)
        return g
    }
}

@Suite struct ExploreStateTests {
    /// Tokens of the output map `k` as drawn: rows of numbers or "·" for cells not computed yet.
    func outputMap(_ g: CellGrid, _ k: Int, rows: Int) throws -> [[String]] {
        let caption = "o[:,:,\(k)]"
        let y = try #require(g.row(containing: caption))
        let x = Array(g.lines[y]).indices.first { String(Array(g.lines[y])[$0...].prefix(caption.count)) == caption }!
        return (1...rows).map { r in
            String(Array(g.lines[y + r])[x...].prefix(20)).split(separator: " ").map(String.init).prefix(4).map { $0 }
        }
    }

    @Test func defaultDemoIsTheLecturesSetup() throws {
        let state = ExploreState()
        let conv = try #require(state.conv)
        #expect(conv.inputVolume == Volume(width: 7, height: 7, depth: 3))
        #expect(conv.outputVolume == Volume(width: 4, height: 4, depth: 2))
        let g = state.grid(width: 80, height: 24)
        g.savePNG("explore-conv-80x24.png")
        let text = g.lines.joined(separator: "\n")
        #expect(text.contains("(7 - 3 + 2*1)/2 + 1 = 4"))
        #expect(text.contains("output 4x4x2"))
        #expect(g.lines.last!.contains("? help"))
        // Zero padding is drawn: the first input row is all zeros, dim.
        let y = try #require(g.row(containing: "x[:,:,0]"))
        #expect(g.lines[y + 1].trimmingCharacters(in: .whitespaces).hasPrefix("0 0 0 0 0 0 0 0 0"))
    }

    @Test func threeStepsFillThreeCellsWithTheEnginesValues() throws {
        var state = ExploreState()
        state.press(.char("n"), .char("n"), .char("n"))
        let conv = try #require(state.conv)
        let g = state.grid()
        g.savePNG("explore-conv-3steps.png")
        let map = try outputMap(g, 0, rows: 4)
        #expect(map[0] == [0, 1, 2].map { ExploreFormat.number(conv.output[$0]) } + ["·"])
        #expect(map[1] == ["·", "·", "·", "·"])
        let step = conv.step(index: 2)
        #expect(g.lines.joined().contains("o[0,2,0] = sum of 27 products + bias = \(ExploreFormat.number(step.sum)) + \(ExploreFormat.factor(step.bias)) = \(ExploreFormat.number(step.value))"))
        // The highlighted window sits at padded column 2*2 = 4 of row 0.
        let y = try #require(g.row(containing: "x[:,:,0]"))
        let cw = ExploreFormat.width(conv.input) + 1
        #expect(g[4 * cw + cw - 1, y + 1].background == ExploreState.windowStyle.background)
        #expect(g[3 * cw + cw - 1, y + 1].background != ExploreState.windowStyle.background)
    }

    /// Without colour the window is reverse video, so it still shows.
    @Test func monochromeKeepsTheWindowVisible() throws {
        var state = ExploreState()
        state.press(.char("n"))
        var g = CellGrid(width: 100, height: 30, capabilities: .monochromeASCII)
        state.render(into: &g)
        let y = try #require(g.row(containing: "x[:,:,0]"))
        let cw = ExploreFormat.width(state.conv!.input) + 1
        #expect(g[cw - 1, y + 1].attributes.contains(.reverse))
        #expect(!g[3 * cw + cw - 1, y + 1].attributes.contains(.reverse))
    }

    @Test func lectureOptionSizes() throws {
        let a = ExploreState(conv: ExploreSettings(input: Volume(width: 32, height: 32, depth: 3), filterSize: 5, stride: 1, pad: 0, filterCount: 6))
        #expect(a.conv?.outputVolume == Volume(width: 28, height: 28, depth: 6))
        var g = a.grid()
        #expect(g.text(row: 0).contains("output 28x28x6"))
        let b = ExploreState(conv: ExploreSettings(input: Volume(width: 7, height: 7, depth: 1), filterSize: 3, stride: 2, pad: 0, filterCount: 1))
        #expect(b.conv?.outputVolume == Volume(width: 3, height: 3, depth: 1))
        var image = ExploreState(conv: ExploreSettings(source: .image(index: 0), filterSize: 5, stride: 1, pad: 0, filterCount: 6))
        image.press(.end)
        g = image.grid()
        g.savePNG("explore-conv-image.png")
        #expect(g.lines.joined().contains("sum of 75 products + bias"))
        #expect(image.conv?.outputVolume == Volume(width: 28, height: 28, depth: 6))
    }

    @Test func mapsViewStacksEveryActivationMap() throws {
        var state = ExploreState(conv: ExploreSettings(source: .image(index: 0), filterSize: 5, stride: 1, pad: 0, filterCount: 6))
        state.press(.char("v"), .end)
        let g = state.grid()
        g.savePNG("explore-conv-maps.png")
        #expect(g.lines.joined().contains("activation maps: 6 of 28x28 -> 28x28x6"))
        let labels = (0..<6).filter { k in g.lines.contains { $0.contains("o[:,:,\(k)]") } }
        #expect(labels.count >= 2)
        #expect(g.cells.contains { $0.character == "▀" })
        state.press(.char("v"))
        #expect(!state.grid().lines.joined().contains("activation maps:"))
    }

    @Test func aStrideThatDoesNotFitSaysSoInRed() throws {
        var state = ExploreState()
        state.press(.char("S"))  // stride 3: (7 - 3 + 2)/3 + 1 = 3 fits
        #expect(state.conv != nil)
        state.press(.char("S"))  // stride 4: 6/4 + 1 = 2.5
        #expect(state.conv == nil)
        let g = state.grid()
        g.savePNG("explore-conv-problem.png")
        let y = try #require(g.row(containing: "! (7 - 3 + 2*1)/4 + 1 = 2.5 is not a whole number"))
        #expect(g[0, y].foreground == .red)
        #expect(g.lines.joined().contains("stride 3 would"))
        state.press(.char("s"))
        #expect(state.conv != nil)
    }

    @Test func keysChangeTheSetupAndRestartTheSweep() throws {
        var state = ExploreState()
        state.press(.char("n"), .char("Z"), .char("D"))
        #expect(state.filled == 0)
        let s = state.settings
        #expect(s.filterSize == 3 && s.pad == 2 && s.filterCount == 3)
        #expect(state.conv?.outputVolume == Volume(width: 5, height: 5, depth: 3))
        state.press(.char("F"))  // 4x4 with pad 2, stride 2: (7 - 4 + 4)/2 + 1 = 4.5 does not fit
        #expect(state.conv == nil && state.problem != nil)
        state.press(.char("f"))
        state.press(.char("i"))
        #expect(state.settings.effectiveInput == Volume(width: 32, height: 32, depth: 3))
        state.press(.char("i"))
        #expect(state.settings.effectiveInput == Volume(width: 7, height: 7, depth: 3))
        state.press(.end)
        #expect(state.filled == state.stepCount)
        state.press(.char("n"))
        #expect(state.filled == state.stepCount)
        state.press(.home, .char("p"))
        #expect(state.filled == 0)
    }

    @Test func playAdvancesOnTicksAndStopsAtTheEnd() {
        var state = ExploreState()
        state.press(.char(" "))
        #expect(state.playing)
        for _ in 0..<5 { state.tick() }
        #expect(state.filled == 5)
        state.press(.char("+"), .char("+"))
        #expect(state.stepInterval == .milliseconds(100))
        for _ in 0..<100 { state.tick() }
        #expect(state.filled == state.stepCount && !state.playing)
        state.press(.char(" "))
        #expect(state.playing && state.filled == 0)
    }

    @Test func poolShowsEachWindowsWinner() throws {
        var state = ExploreState(pool: PoolSettings())
        state.press(.char("n"), .char("n"))
        let g = state.grid(width: 80, height: 24)
        g.savePNG("explore-pool.png")
        let text = g.lines.joined(separator: "\n")
        #expect(text.contains("(4 - 2 + 2*0)/2 + 1 = 2"))
        #expect(text.contains("o[0,1,0] = max(2, 4, 7, 8) = 8"))
        #expect(text.contains("row 1, col 3"))
        state.press(.end)
        let done = state.grid(width: 80, height: 24)
        let y = try #require(done.row(containing: "output o[:,:,0]"))
        let x = done.lines[y].distance(from: done.lines[y].startIndex, to: done.lines[y].range(of: "output o[")!.lowerBound)
        let rows = (1...2).map { String(Array(done.lines[y + $0])[x...]).split(separator: " ").prefix(2).joined(separator: " ") }
        #expect(rows == ["6 8", "3 4"])
        // Winners are yellow on the input.
        let iy = try #require(done.row(containing: "input channel 0"))
        let line = Array(done.lines[iy + 2])
        let six = line.firstIndex(of: "6")!
        #expect(done[six, iy + 2].foreground == .yellow)
    }

    @Test func helpTooSmallAndQuit() throws {
        var state = ExploreState()
        state.press(.char("?"))
        #expect(state.grid().lines.joined().contains("fewer / more filters"))
        state.press(.char("q"))
        #expect(!state.showHelp)
        #expect(state.grid(width: 70, height: 20).lines.joined().contains("need 80x24, have 70x20"))
        #expect(state.update(.char("q")) == false)
        var app = ProgramHost(ExploreApp(state: ExploreState()))
        let backend = MemoryBackend(width: 60, height: 10)
        backend.resize(width: 100, height: 30)
        backend.keys.append(.char("n"))
        backend.keys.append(.char("q"))
        #expect(Terminal.run(&app, on: backend) == .finished)
        #expect(backend.lastGrid!.lines.joined().contains("output 4x4x2"))
    }

    @Test func noKeySequenceCrashes() {
        var rng = SeededRandom(seed: 9)
        let keys: [Key] = [.up, .down, .left, .right, .enter, .escape, .backspace, .home, .end, .pageUp, .resize,
                           .unknown(5), .ctrl("u")] + "npfFsSzZdDiI +-?re".map { Key.char($0) }
        for start in [ExploreState(), ExploreState(pool: PoolSettings()),
                      ExploreState(pool: PoolSettings(input: Volume(width: 9, height: 9, depth: 2)))] {
            var state = start
            for i in 0..<600 {
                let key = keys[rng.nextInt(below: keys.count)]
                if key == .escape { continue }
                _ = state.update(key)
                state.tick()
                if i % 40 == 0 {
                    for (w, h) in [(80, 24), (120, 40), (20, 5), (200, 60)] { _ = state.grid(width: w, height: h) }
                }
            }
        }
    }
}
