import ConvEngine
import Testing
import TerminalKit
@testable import ConvTermApp

/// The inspector on an encoder-decoder: volumes going down and up, each new layer's line,
/// parameters and multiply-adds as the engine computes them, and a deconv that does not fit.
@Suite struct InspectDecoderLayersTests {
    static let text = """
    input 32x32x3
    conv1: conv 16 3x3 stride 2 pad 1
    leakyrelu 0.1
    atrous: conv 32 3x3 pad 2 dilation 2 groups 4
    sigmoid
    up1: deconv 8 4x4 stride 2 pad 1
    tanh
    up2: upsample 2x bilinear
    """

    @Test func rowsShowTheNewLayersWithTheEngineNumbers() throws {
        let state = try InspectState(name: "encdec", origin: "test", text: Self.text)
        let shapes = NetworkShapes(try SpecParser.parse(Self.text))
        let g = state.grid()
        for name in ["conv1", "atrous", "up1", "up2", "leakyrelu1", "sigmoid1", "tanh1"] {
            let row = try #require(shapes.layer(named: name))
            let line = try #require(g.lines.first { $0.contains(" \(name) ") }, "no row for \(name)")
            #expect(line.contains(row.output.description), "\(name): \(line)")
            if row.params > 0 { #expect(line.contains(row.params.grouped), "\(name): \(line)") }
        }
        // Down to 16x16, through the dilated grouped conv, back up to 32x32 and then 64x64.
        #expect(shapes.layer(named: "up1")?.output == Volume(width: 32, height: 32, depth: 8))
        #expect(shapes.layer(named: "up2")?.output == Volume(width: 64, height: 64, depth: 8))
    }

    @Test func theDetailPaneSpellsOutTheDeconvAndTheGroupedConv() throws {
        var state = try InspectState(name: "encdec", origin: "test", text: Self.text)
        state.go(to: "up1")
        var text = state.grid().lines.joined(separator: "\n")
        #expect(text.contains("deconv 8 4x4 stride 2 pad 1"))
        // 8 filters of 4x4 over 32 channels, plus 8 biases.
        #expect(text.contains("8x4x4x32+8 = 4,104"))
        state.go(to: "atrous")
        text = state.grid().lines.joined(separator: "\n")
        #expect(text.contains("conv 32 3x3 pad 2 dilation 2 groups 4"))
        #expect(text.contains("32x3x3x(16/4)+32 = 1,184"))
    }

    @Test func aDeconvThatCropsEverythingShowsWhyAndTheFix() throws {
        var state = try InspectState(name: "bad", origin: "test", text: "input 2x2x1\ndeconv 1 3x3 pad 3\n")
        #expect(state.grid().lines[0].contains("1 not fitting"))
        state.go(to: "deconv1")
        let text = state.grid().lines.joined(separator: "\n")
        #expect(text.contains("(2 - 1)*1 - 2*3 + 3 + 0 = -2"))
        #expect(text.contains("pad 1 or less would fit"))
    }

    /// The zoo's segmentation net: inside its concat the volumes go 32 -> 16 -> 8 and back up to
    /// 32, and the `loss` line does not upset the table or an edit.
    @Test func theSegmentationNetGoesDownAndUpInTheTable() throws {
        var state = try InspectState.zoo("segnet-tiny")
        let lines = state.grid(width: 120, height: 60).lines
        let expected = [("conv1", "32x32x16"), ("pool1", "16x16x16"), ("pool2", "8x8x32"), ("up1", "16x16x16"),
                        ("up2", "32x32x16"), ("scores", "32x32x2")]
        var rows: [Int] = []
        for (name, volume) in expected {
            let index = try #require(lines.firstIndex { $0.contains(" \(name) ") }, "no row for \(name)")
            #expect(lines[index].contains(volume), "\(name): \(lines[index])")
            rows.append(index)
        }
        #expect(rows == rows.sorted(), "rows in the network's order")
        // What the inspector would write keeps the loss line.
        state.go(to: "fuse")
        #expect(try SpecParser.parse(state.text).loss == .pixelSoftmax)
    }

    /// The `loss` line is the table's last row, its targets where a layer's output would be;
    /// an edit that breaks the fit turns it red with the reason.
    @Test func theLossLineClosesTheTable() throws {
        var state = try InspectState.zoo("segnet-tiny")
        let wide = state.grid(width: 140, height: 60).lines
        let scores = try #require(wide.firstIndex { $0.contains(" scores ") })
        #expect(wide[scores + 1].contains(" loss ") && wide[scores + 1].contains("pixelsoftmax") && wide[scores + 1].contains("32x32 classes"))
        let narrow = state.grid(width: 100, height: 60).lines
        #expect(narrow.contains { $0.contains("loss pixelsoft") && $0.contains("32x32 classes") })
        state.go(to: "scores")
        _ = state.press([.char("e"), .ctrl("a"), .ctrl("k")])
        _ = state.press("scores: conv 1 1x1".map { Key.char($0) } + [.enter])
        let edited = state.grid(width: 140, height: 60).lines
        #expect(edited.contains { $0.contains("! `loss pixelsoftmax` needs at least 2 classes") })
    }
}

