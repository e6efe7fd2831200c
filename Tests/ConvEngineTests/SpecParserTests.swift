import Foundation
import Testing
@testable import ConvEngine

@Suite struct SpecParserTests {
    func error(_ text: String) -> SpecError? {
        do {
            let spec = try SpecParser.parse(text)
            return NetworkShapes(spec).problems.first
        } catch {
            return error
        }
    }

    @Test func parsesEveryLayerKindAndPrintsItBack() throws {
        let text = """
        input 32x32x3
        stem: conv 8 3x5 stride 2x1 pad 1x2 nobias floor frozen
        batchnorm frozen
        batchnorm eps 0.001
        relu
        maxpool 3x3 stride 2 pad 1 ceil
        avgpool 2x2 stride 1
        lrn 3
        b1: residual {
          conv 8 3x3 pad same
          relu
          shortcut {
            conv 8 1x1
          }
        }
        c1: concat {
          branch {
            conv 4 1x1
          }
          branch {
            maxpool 3x3 stride 1 pad 1
          }
        }
        dropout 0.25
        flatten
        fc 10 nobias
        globalavgpool
        softmax

        """
        let spec = try SpecParser.parse(text)
        #expect(spec.text == text)
        #expect(spec.layers.count == 14)
        guard case .batchNorm(let epsilon) = spec.layers[2].kind else { Issue.record("not a batchnorm"); return }
        #expect(epsilon == 0.001)
        guard case .conv(let c) = spec.layers[0].kind else { Issue.record("not a conv"); return }
        #expect(c.kernelHeight == 3 && c.kernelWidth == 5 && c.strideHeight == 2 && c.strideWidth == 1)
        #expect(c.padHeight == 1 && c.padWidth == 2 && !c.bias && c.rounding == .floor)
        #expect(spec.layers[0].frozen && spec.layers[0].name == "stem")
        #expect(spec.layers[1].frozen)
    }

    @Test func commentsBlankLinesAndShorthands() throws {
        let spec = try SpecParser.parse("# a net\n\ninput 8x8x1   # tiny\n  conv 2 3 pad 1\nmaxpool 2\n")
        #expect(spec.input == Volume(width: 8, height: 8, depth: 1))
        #expect(spec.text == "input 8x8x1\nconv 2 3x3 pad 1\nmaxpool 2x2 stride 2\n")
    }

    @Test func frozenLayersReportAsNonTrainable() throws {
        let spec = try SpecParser.parse("input 4x4x1\nconv 2 3x3 frozen\nfc 3\n")
        let shapes = NetworkShapes(spec)
        #expect(shapes.frozenParams == 2 * 9 + 2)
        #expect(shapes.trainableParams == 2 * 2 * 2 * 3 + 3)
    }

    @Test func strideThatDoesNotFitExplainsAndSuggests() throws {
        let e = try #require(error("input 32x32x3\nconv 6 5x5 stride 2\n"))
        #expect(e.location == SourceLocation(line: 2, column: 1))
        #expect(e.message.contains("(32 - 5 + 2*0)/2 + 1 = 14.5 is not a whole number"))
        #expect(e.message.contains("stride 1 would fit"))
        let padFits = try #require(error("input 32x32x3\nconv 6 4x4 stride 3\n"))
        #expect(padFits.message.contains("(32 - 4 + 2*0)/3 + 1 = 10.33 is not a whole number"))
        #expect(padFits.message.contains("pad 1 or stride 2 would fit"))
        // The lecture's 7x7 input, 3x3 filter, stride 3 example.
        let lecture = try #require(error("input 7x7x1\nconv 1 3x3 stride 3\n"))
        #expect(lecture.message.contains("(7 - 3 + 2*0)/3 + 1 = 2.33"))
        // floor / ceil accept it the PyTorch / Caffe way.
        let floor = try SpecParser.parse("input 32x32x3\nconv 6 5x5 stride 2 floor\n")
        #expect(NetworkShapes(floor).output == Volume(width: 14, height: 14, depth: 6))
        let ceil = try SpecParser.parse("input 32x32x3\nconv 6 5x5 stride 2 ceil\n")
        #expect(NetworkShapes(ceil).output == Volume(width: 15, height: 15, depth: 6))
    }

    @Test func layerNamesAreUnique() throws {
        // An automatic name steps around one given explicitly...
        let shapes = NetworkShapes(try SpecParser.parse("input 8x8x3\nconv2: conv 8 3x3\nconv 8 3x3\n"))
        #expect(shapes.rows.map(\.name) == ["input", "conv2", "conv3"])
        #expect(shapes.problems.isEmpty)
        // ...and a name written twice is an error at the second one.
        let twice = NetworkShapes(try SpecParser.parse("input 8x8x3\na: conv 8 3x3\nrelu\na: conv 8 3x3\n"))
        #expect(twice.problems.first?.location.line == 4)
        #expect(twice.problems.first?.message.contains("the name `a` is already used on line 2") == true)
    }

    @Test func hugeStridesRoundWithoutOverflow() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 1 3 stride 999999 ceil\n")
        #expect(NetworkShapes(spec).output == Volume(width: 1, height: 1, depth: 1))
    }

    @Test func aBrokenLayerKeepsTheRestOfTheTableReadable() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 6 5x5 stride 2\nrelu\nconv 4 3x3\n")
        let shapes = NetworkShapes(spec)
        #expect(shapes.rows[1].problem != nil)
        #expect(shapes.rows[3].problem == nil)
        #expect(shapes.rows[3].output == Volume(width: 12, height: 12, depth: 4))
    }

    @Test func filterLargerThanItsPaddedInput() throws {
        let e = try #require(error("input 4x4x3\nconv 6 5x5\n"))
        #expect(e.location.line == 2)
        #expect(e.message.contains("does not fit in an input of 4 with pad 0"))
        #expect(e.message.contains("pad at least 1"))
    }

    @Test(arguments: [
        ("input 32x32x3\nconvv 6 5x5\n", 2, 1, "unknown layer `convv`; did you mean `conv`?"),
        ("input 32x32x3\nconv\n", 2, 6, "`conv` needs a number of filters"),
        ("input 32x32x3\nconv 0 5x5\n", 2, 6, "0 is not a positive size"),
        ("input 32x32x3\nconv -3 5x5\n", 2, 6, "-3 is not a positive size"),
        ("input 32x32x3\nconv 6\n", 2, 8, "`conv` needs a filter size"),
        ("input 32x32x3\nconv 6 5x5 strid 2\n", 2, 12, "did you mean `stride`?"),
        ("input 32x0x3\n", 1, 7, "`input` needs a volume of positive whole numbers"),
        ("conv 6 5x5\n", 1, 1, "the first line must give the input volume"),
        ("", 1, 1, "the network is empty"),
        ("# only a comment\n\n", 1, 1, "the network is empty"),
        ("input 32x32x3\nresidual {\n  conv 3 3x3 pad 1\n", 2, 1, "`residual {` opened on line 2 is never closed"),
        ("input 32x32x3\nconcat {\n  conv 3 1x1\n}\n", 3, 3, "every layer goes in a `branch { }`"),
        ("input 32x32x3\n}\n", 2, 1, "`}` without a block to close"),
        ("input 32x32x3\ndropout 1.5\n", 2, 9, "dropout probability must be"),
        ("input 32x32x3\nrelu frozen\n", 2, 6, "unexpected `frozen`"),
        ("input 32x32x3\nresidual {\n  conv 8 3x3 pad 1\n}\n", 2, 1, "residual shapes do not match: the body gives 32x32x8 but the input (identity shortcut) is 32x32x3"),
        ("input 1000000x1000000x1\nfc 100000\n", 2, 1, "makes counts too large to compute"),
        ("input 32x32x3\nfc 999999999\n", 2, 4, "larger than ConvTerm handles"),
        ("input 32x32x3\nmaxpool 2 pad 4611686018427387904\n", 2, 15, "larger than ConvTerm handles"),
        ("input 32x32x3\nconv 1 4294967296x4294967296\n", 2, 8, "larger than ConvTerm handles"),
        ("input 32x32x3\nconv 8 3x3 stride 100000000000\n", 2, 19, "larger than ConvTerm handles"),
        ("input 8x8x1\n" + String(repeating: "residual {\n", count: 2000), 66, 1, "blocks nest more than 64 deep"),
        ("input 8x8x3\nconcat {\n  branch {\n    conv 2 1x1\n  }\n  branch {\n    conv 2 3x3\n  }\n}\n", 2, 1, "concat branches must agree in width and height"),
    ])
    func badInputNamesLineAndColumn(text: String, line: Int, column: Int, message: String) throws {
        let e = try #require(error(text), "expected an error for \(text.debugDescription)")
        #expect(e.location == SourceLocation(line: line, column: column), "\(e)")
        #expect(e.message.contains(message), "\(e.message)")
    }

    @Test func binaryFilesAreRefusedNotParsed() throws {
        let bytes: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x00, 0x00]
        #expect(throws: SpecError.self) { try SpecParser.parse(bytes: bytes) }
        do {
            _ = try SpecParser.parse(bytes: bytes)
        } catch {
            #expect(error.message.contains("binary file (a zero byte at offset 6)"))
        }
        #expect(throws: SpecError.self) { try SpecParser.parse(bytes: [0x69, 0xFF, 0xFE]) }
    }

    @Test func errorDescriptionNamesFileLineAndColumn() {
        let e = SpecError("oops", at: SourceLocation(line: 3, column: 7)).inFile("my.net")
        #expect(e.description == "my.net:3:7: oops")
    }

    @Test func crlfFilesParseLikeLFFiles() throws {
        let lf = "input 32x32x3\nconv1: conv 6 5x5 # six filters\nrelu\nresidual {\n  conv 6 3x3 pad 1\n}\nfc 10\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        #expect(Array(crlf.utf8).filter { $0 == 13 }.count == 7)
        #expect(try SpecParser.parse(crlf) == SpecParser.parse(lf))
        #expect(try SpecParser.parse(bytes: Array(crlf.utf8)) == SpecParser.parse(lf))
    }

    @Test func crlfErrorsPointWhereLFErrorsPoint() throws {
        let crlf = "input 32x32x3\r\nconv 6 5x5 strid 2\r\n"
        let e = try #require(error(crlf))
        #expect(e.location == SourceLocation(line: 2, column: 12), "\(e)")
        #expect(e.message.contains("did you mean `stride`?"), "\(e.message)")
    }
}
