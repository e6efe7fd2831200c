import Foundation
import Testing
@testable import ConvEngine

/// The `.net` lines of deconv, upsample, the activations, and conv's dilation and groups: each
/// prints back as written, and each mistake is refused at its column with what would work.
@Suite struct SpecDecoderLinesTests {
    @Test func everyNewLayerRoundTrips() throws {
        let text = """
        input 16x16x3
        conv 8 3x3 pad 2 dilation 2 groups 1
        down: conv 8 3x3 stride 2 pad 1 dilation 1x2 groups 4 nobias
        tanh
        sigmoid
        leakyrelu 0.2
        up: deconv 4 4x4 stride 2 pad 1 outpad 1 nobias frozen
        deconv 3 3x2 stride 2x1 pad 1x0 outpad 1x0
        upsample 2x
        upsample 3x bilinear

        """
        let spec = try SpecParser.parse(text)
        // groups 1 and dilation 1 are the defaults, so they print as nothing.
        #expect(spec.text == text.replacingOccurrences(of: "pad 2 dilation 2 groups 1", with: "pad 2 dilation 2"))
        #expect(try SpecParser.parse(spec.text).layers == spec.layers)
        guard case .conv(let c) = spec.layers[1].kind, case .deconv(let d) = spec.layers[5].kind,
              case .upsample(let u) = spec.layers[8].kind else { Issue.record("wrong kinds"); return }
        #expect(c.dilationHeight == 1 && c.dilationWidth == 2 && c.groups == 4 && !c.bias)
        #expect(d.filters == 4 && d.strideHeight == 2 && d.padWidth == 1 && d.outputPaddingHeight == 1 && !d.bias)
        #expect(spec.layers[5].frozen)
        #expect(u.scale == 3 && u.mode == .bilinear)
        #expect(spec.layers[4].kind == .activation(.leakyReLU(slope: 0.2)))
    }

    @Test func leakyReLUWithoutASlopeTakesPyTorchsDefault() throws {
        let spec = try SpecParser.parse("input 4x4x1\nleakyrelu\nupsample 2\n")
        #expect(spec.layers[0].kind == .activation(.leakyReLU(slope: 0.01)))
        #expect(spec.text == "input 4x4x1\nleakyrelu 0.01\nupsample 2x\n")
    }

    @Test func padSameOnADilatedConvPadsHalfTheSpan() throws {
        let spec = try SpecParser.parse("input 9x9x1\nconv 1 3x3 pad same dilation 3\n")
        guard case .conv(let c) = spec.layers[0].kind else { Issue.record("not a conv"); return }
        // A 3x3 filter dilated 3 spans 7 pixels: 3 each side keeps 9 wide.
        #expect(c.padHeight == 3 && c.padWidth == 3)
        #expect(NetworkShapes(spec).output == Volume(width: 9, height: 9, depth: 1))
    }

    /// The README's example must stay a network whose sizes are what its comments say.
    @Test func theReadmesEncoderDecoderGivesTheSizesItsCommentsSay() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "Layers that go back up"))
        let block = readme[start.upperBound...].components(separatedBy: "```")[1]
        let shapes = NetworkShapes(try SpecParser.parse(block))
        #expect(shapes.problems.isEmpty)
        #expect(shapes.rows[1].output == Volume(width: 16, height: 16, depth: 16))
        #expect(shapes.layer(named: "up")?.output == Volume(width: 32, height: 32, depth: 16))
        #expect(shapes.output == Volume(width: 64, height: 64, depth: 16))
    }

    func refusal(_ text: String) -> SpecError? {
        do { _ = try SpecParser.parse(text); return nil } catch { return error }
    }

    @Test func mistakesAreRefusedWithTheFix() throws {
        let outpad = try #require(refusal("input 4x4x1\ndeconv 2 3x3 stride 2 outpad 2\n"))
        #expect(outpad.location == SourceLocation(line: 2, column: 23))
        #expect(outpad.message.contains("outpad 2 must be smaller than the stride 2"))
        #expect(outpad.message.contains("use outpad 1 or less, or stride 3"))

        let mode = try #require(refusal("input 4x4x1\nupsample 2x cubic\n"))
        #expect(mode.message.contains("unknown option `cubic`") && mode.message.contains("nearest, bilinear"))
        #expect(mode.location == SourceLocation(line: 2, column: 13))

        #expect(try #require(refusal("input 4x4x1\nupsample\n")).message.contains("needs a scale"))
        #expect(try #require(refusal("input 4x4x1\nupsample twice\n")).message.contains("not a whole number"))
        #expect(try #require(refusal("input 4x4x1\nleakyrelu 2\n")).message.contains("from 0 up to (not including) 1"))
        #expect(try #require(refusal("input 4x4x1\nconv 2 3x3 dilation 0\n")).message.contains("not a positive size"))
        #expect(try #require(refusal("input 4x4x1\nconv 2 3x3 groups\n")).message.contains("a number of groups"))
        #expect(try #require(refusal("input 4x4x1\nsigmoid 2\n")).message.contains("unexpected `2`"))
        #expect(!(try #require(refusal("input 4x4x1\ntanh frozen\n")).message.isEmpty), "a tanh has no weights to freeze")
        #expect(try #require(refusal("input 4x4x1\ndeconvv 2 3x3\n")).message.contains("did you mean `deconv`"))
    }
}
