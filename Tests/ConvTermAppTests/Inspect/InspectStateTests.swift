import ConvEngine
import Foundation
import Testing
import TerminalKit
@testable import ConvTermApp

@Suite struct InspectStateTests {
    @Test func vgg16TableShowsTheEngineNumbersAndTotals() throws {
        let state = try InspectState.zoo("vgg16")
        let shapes = NetworkShapes(try SpecParser.parse(Zoo.entry(named: "vgg16")!.text))
        let g = state.grid()
        g.savePNG("inspect-vgg16.png")
        state.grid(width: 80, height: 24).savePNG("inspect-80x24.png")
        let text = g.lines.joined(separator: "\n")
        #expect(text.contains(shapes.totalParams.grouped))
        #expect(text.contains(shapes.multiplyAdds(.lecture).grouped))
        let conv11 = try #require(g.lines.first { $0.contains("conv1_1") && $0.contains("224x224x64") })
        let row = try #require(shapes.layer(named: "conv1_1"))
        #expect(conv11.contains(row.params.grouped))
        #expect(conv11.contains(row.multiplyAdds.grouped))
        #expect(g.text(row: 0).contains("vgg16"))
        #expect(g.lines.last!.contains("? help") && g.lines.last!.contains("q quit"))
    }

    /// "Most memory in the early CONV, most params in the late FC", read off the bars.
    @Test func barsPutMemoryEarlyAndParamsLate() throws {
        var state = try InspectState.zoo("vgg16")
        func bars(_ name: String) throws -> (memory: Int, params: Int) {
            state.go(to: name)
            let g = state.grid(width: 100, height: 30)
            let y = try #require(g.lines.firstIndex { $0.contains(" " + name + " ") && !$0.contains("->") })
            // Bars are the only ▏..█ characters; memory comes before params on the row.
            let line = Array(g.lines[y])
            let blocks = Set("█▉▊▋▌▍▎▏")
            var runs: [Int] = []
            var inRun = false
            for ch in line {
                if blocks.contains(ch) {
                    if !inRun { runs.append(0); inRun = true }
                    runs[runs.count - 1] += 1
                } else { inRun = false }
            }
            // A row with no params has no params bar: mark it 0.
            if runs.count == 1 { return name.hasPrefix("fc") ? (0, runs[0]) : (runs[0], 0) }
            return (runs.first ?? 0, runs.count > 1 ? runs[1] : 0)
        }
        let early = try bars("conv1_2")
        let fc6 = try bars("fc6")
        #expect(early.memory > 5 && fc6.memory <= 1)
        #expect(fc6.params > 5 && early.params <= 1)
        let kinds = state.breakdown.kindTotals(state.shapes)
        #expect(kinds.convMemory > 0.8 && kinds.fullyConnectedParams > 0.85)
        #expect(state.grid().lines.contains { $0.contains("fc: ") && $0.contains("of params") })
    }

    @Test func editingALineRecomputesEveryShapeAndTotals() throws {
        var state = try InspectState.zoo("vgg16")
        let before = state.shapes.totalParams
        state.go(to: "conv1_1")
        _ = state.press([.char("e"), .home, .ctrl("k")] + typing("conv1_1: conv 32 3x3 pad 1") + [.enter])
        #expect(state.mode == .browse)
        #expect(state.isModified)
        let row = try #require(state.shapes.layer(named: "conv1_1"))
        #expect(row.output == Volume(width: 224, height: 224, depth: 32))
        let after = state.shapes.totalParams
        #expect(after != before)
        #expect(state.grid().lines.joined().contains(after.grouped))
        #expect(!state.grid().lines.joined().contains(before.grouped))
        #expect(state.text.contains("conv1_1: conv 32 3x3 pad 1"))
    }

    @Test func aLayerThatNoLongerFitsTurnsRedWithTheReasonAndTheRestStaysReadable() throws {
        var state = try InspectState.zoo("vgg16")
        state.go(to: "conv1_1")
        _ = state.press([.char("e"), .home, .ctrl("k")] + typing("conv1_1: conv 64 5x5 stride 2") + [.enter])
        let row = try #require(state.shapes.layer(named: "conv1_1"))
        let problem = try #require(row.problem)
        #expect(problem.contains("110.5") && problem.contains("would fit"))
        let g = state.grid(width: 130, height: 40)
        g.savePNG("inspect-problem.png")
        let y = try #require(g.lines.firstIndex { $0.contains("conv1_1") && $0.contains("110x110") })
        let x = Array(g.lines[y]).firstIndex(of: "c")!
        #expect(g[x, y].foreground == .red)
        let explanation = try #require(g.row(containing: "! (224 - 5 + 2*0)/2 + 1 = 110.5"))
        #expect(g[6, explanation].foreground == .red)
        // The rest of the table is still there (rounded down), in the default colour.
        let conv12 = try #require(g.lines.firstIndex { $0.contains("conv1_2") && $0.contains("110x110x64") })
        let cx = Array(g.lines[conv12]).firstIndex(of: "c")!
        #expect(g[cx, conv12].foreground != .red)
        #expect(state.message?.isError == true)
    }

    @Test func aLineThatDoesNotParseKeepsTheEditorOpenWithTheError() throws {
        var state = try InspectState.zoo("lecture-conv")
        state.go(to: "conv1")
        let textBefore = state.text
        _ = state.press([.char("e"), .home, .ctrl("k")] + typing("cnv 6 5x5") + [.enter])
        guard case .edit(let editor, _, let error) = state.mode else {
            Issue.record("editor closed: \(state.mode)")
            return
        }
        #expect(editor.text.hasPrefix("cnv"))
        #expect(error?.contains("did you mean `conv`") == true)
        #expect(state.text == textBefore)
        let g = state.grid()
        let y = try #require(g.row(containing: "did you mean"))
        #expect(g[2, y].foreground == .red)
        _ = state.press(.escape)
        #expect(state.mode == .browse)
    }

    /// Typed sizes that would overflow the 64-bit counts are refused, not trapped on.
    @Test func hugeNumbersAreRefusedNotCrashedOn() throws {
        var state = try InspectState.zoo("lecture-conv")
        state.go(to: "conv2")
        _ = state.press([.char("a"), .home, .ctrl("k")] + typing("fc 999999999999") + [.enter])
        _ = state.press([.escape, .char("a"), .home, .ctrl("k")] + typing("fc 99999999") + [.enter])
        _ = state.press([.char("a"), .home, .ctrl("k")] + typing("fc 99999999") + [.enter])
        guard case .edit(_, _, let error) = state.mode else { Issue.record("accepted: \(state.text)"); return }
        #expect(error.map { $0.contains("too large") || $0.contains("larger than ConvTerm handles") } == true, "\(error ?? "")")
        _ = state.press(.escape)
        _ = state.press([.char("i"), .home, .ctrl("k")] + typing("4000000000x4000000000x3") + [.enter])
        guard case .prompt(.input, _, let inputError) = state.mode else { Issue.record("input accepted"); return }
        #expect(inputError.map { $0.contains("too large") || $0.contains("larger than ConvTerm handles") || $0.contains("at most") } == true, "\(inputError ?? "")")
        #expect(ShapeLimits.check(NetworkShapes(try SpecParser.parse(Zoo.entry(named: "googlenet")!.text)).spec) == nil)
        #expect(ShapeLimits.check(NetworkShapes(try SpecParser.parse(Zoo.entry(named: "resnet50")!.text)).spec) == nil)
    }

    @Test func inputSizeChangeRecomputesEverything() throws {
        var state = try InspectState.zoo("vgg16")
        _ = state.press([.char("i"), .end] + Array(repeating: .backspace, count: 12) + typing("32x32x3") + [.enter])
        #expect(state.shapes.spec.input == Volume(width: 32, height: 32, depth: 3))
        #expect(state.shapes.layer(named: "pool5")?.output == Volume(width: 1, height: 1, depth: 512))
        #expect(state.shapes.layer(named: "fc6")?.weights == 512 * 4096)
        #expect(state.text.contains("input 32x32x3"))
        // A bad size is refused with the form to use, and the prompt stays.
        _ = state.press([.char("i"), .end] + Array(repeating: .backspace, count: 12) + typing("32 by 32") + [.enter])
        guard case .prompt(.input, _, let error) = state.mode else { Issue.record("prompt closed"); return }
        #expect(error?.contains("WxHxD") == true)
    }

    @Test func addDeleteAndUndo() throws {
        var state = try InspectState.zoo("lecture-conv")
        let count = state.shapes.rows.count
        state.go(to: "conv1")
        _ = state.press(.char("a"))
        guard case .edit(let editor, .insert, _) = state.mode else { Issue.record("no editor"); return }
        #expect(editor.text.hasPrefix("conv 6 5x5"))
        _ = state.press(.enter)
        #expect(state.shapes.rows.count == count + 1)
        // The new, unnamed conv gets a name of its own: lecture-conv already calls a layer conv2.
        #expect(state.selectedRow.name == "conv3")
        _ = state.press(.char("d"))
        #expect(state.shapes.rows.count == count)
        _ = state.press(.char("u"))
        #expect(state.shapes.rows.count == count + 1)
        state.selected = 0
        _ = state.press(.char("d"))
        #expect(state.message?.isError == true)
        #expect(state.shapes.rows.count == count + 1)
    }

    @Test func deletingAResidualBlockRemovesItsContents() throws {
        var state = try InspectState.zoo("resnet18")
        let block = try #require(state.shapes.rows.firstIndex { $0.isBlock })
        let before = state.shapes.rows.count
        state.selected = block
        let inside = state.shapes.rows[(block + 1)...].prefix { $0.depth > state.shapes.rows[block].depth }.count
        _ = state.press(.char("d"))
        #expect(state.shapes.rows.count == before - 1 - inside)
    }

    @Test func conventionToggleSearchGoToAndCompare() throws {
        var state = try InspectState.zoo("vgg16")
        let lecture = state.shapes.multiplyAdds(.lecture), torch = state.shapes.multiplyAdds(.torchinfo)
        #expect(state.grid().lines.joined().contains(lecture.grouped))
        _ = state.press(.char("c"))
        #expect(state.grid().lines.joined().contains(torch.grouped))
        _ = state.press([.char("/")] + typing("fc") + [.enter])
        #expect(state.selectedRow.name == "fc6")
        _ = state.press(.char("n"))
        #expect(state.selectedRow.name == "fc7")
        state.go(to: "conv1_1")
        _ = state.press(.char("m"))
        state.go(to: "fc6")
        let g = state.grid()
        let comparison = LayerComparison(state.shapes.layer(named: "conv1_1")!, state.shapes.layer(named: "fc6")!)
        let line = try #require(g.lines.first { $0.contains("vs conv1_1: params") })
        #expect(line.contains(InspectFormat.factor(comparison.paramsRatio!)))
        state.go(to: "conv5_3")
        let fc = try #require(state.grid().lines.first { $0.contains("as a fully connected layer instead") })
        #expect(fc.contains(state.selectedRow.fullyConnectedAlternative.grouped))
        _ = state.press([.char("g")] + typing("nosuchlayer") + [.enter])
        guard case .prompt(.goTo, _, let error) = state.mode else { Issue.record("prompt closed"); return }
        #expect(error?.contains("no layer") == true)
    }

    @Test func helpOpensAndAnyKeyClosesIt() throws {
        var state = try InspectState.zoo("vgg16")
        _ = state.press(.char("?"))
        #expect(state.grid().lines.joined().contains("write the spec to a .net file"))
        _ = state.press(.char("q"))
        #expect(state.showHelp == false)
        #expect(state.mode == .browse)
    }

    @Test func quitAsksOnlyWhenThereAreUnsavedEdits() throws {
        var state = try InspectState.zoo("lecture-conv")
        #expect(state.press(.char("q")) == [.quit])
        state.go(to: "conv1")
        _ = state.press(.char("a"), .enter)
        #expect(state.press(.char("q")) == [])
        #expect(state.mode == .confirm(.quitUnsaved))
        #expect(state.grid().lines.joined().contains("unsaved edits"))
        _ = state.press(.escape)
        #expect(state.mode == .browse)
        _ = state.press(.char("q"))
        #expect(state.press(.char("y")) == [.quit])
    }

    /// Issue 14 item 7: "fwd+bwd" is the forward memory plus gradients, never less than "fwd"
    /// (it was torchinfo's figure, which leaves the input out: a one-filter layer on a 32x32x3
    /// image showed fwd 15.4 KB and fwd+bwd 6.3 KB).
    @Test func forwardAndBackwardMemoryIsNeverBelowForward() throws {
        for text in ["input 32x32x3\nconv1: conv 1 5x5\n", "input 224x224x3\nconv 64 3x3 pad 1\nmaxpool 2x2 stride 2\nfc 10\n"] {
            let state = try InspectState(name: "t", origin: "test", text: text)
            let line = try #require(state.grid(width: 120, height: 30).lines.first { $0.contains("Memory fwd") })
            // "Memory fwd 15.4 KB, fwd+bwd 6.3 KB": the number and unit after each label.
            let numbers = [" fwd ", " fwd+bwd "].map { label -> Double in
                guard let r = line.range(of: label) else { return -1 }
                let words = line[r.upperBound...].split(separator: " ")
                guard words.count >= 2, let value = Double(words[0]) else { return -1 }
                return value * (words[1].hasPrefix("MB") ? 1e6 : words[1].hasPrefix("KB") ? 1e3 : 1)
            }
            #expect(numbers.count == 2 && numbers[0] > 0 && numbers[1] >= numbers[0], "\(line)")
        }
    }

    /// Issue 14 item 7: headers whole at every width ("Memory m…" was a bar column's title cut
    /// to fit), and layer names whole when the terminal has room for them.
    @Test func headersWholeAndNamesWholeWhenThereIsRoom() throws {
        let state = try InspectState.zoo("resnet18")
        for width in [69, 80, 120, 200] {
            // As a lesson's pane draws it (the pane's minimum, not the full screen's).
            var g = CellGrid(width: width, height: 30)
            state.render(into: &g, minimum: InspectState.paneMinimum)
            let header = try #require(g.lines.first { $0.contains("Output") })
            #expect(!header.contains("…"), "\(width): \(header)")
            #expect(header.contains("Memory") && header.contains("Params") && header.contains("RF"), "\(width): \(header)")
        }
        let wide = state.grid(width: 160, height: 80).lines
        #expect(wide.contains { $0.contains("layer1.0.conv1") })
    }
}
