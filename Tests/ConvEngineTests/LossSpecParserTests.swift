import Foundation
import Testing
@testable import ConvEngine

/// The `loss` line: what it parses to, that printing gives it back, and the messages for misuse.
@Suite struct LossSpecParserTests {
    @Test func eachLossParsesAndPrintsBack() throws {
        let cases: [(String, LossSpec)] = [
            ("pixelsoftmax", .pixelSoftmax),
            ("smoothl1", .regression(.smoothL1)),
            ("l2", .regression(.l2)),
            ("softmax 10 + smoothl1 4", .classifyAndRegress(classes: 10, regression: .smoothL1, values: 4, weight: 1)),
            ("softmax 3 + l2 2 weight 5", .classifyAndRegress(classes: 3, regression: .l2, values: 2, weight: 5)),
        ]
        for (words, expected) in cases {
            let spec = try SpecParser.parse("input 8x8x3\nconv 4 3x3 pad 1\nloss \(words)")
            #expect(spec.loss == expected, "\(words)")
            #expect(try SpecParser.parse(spec.text) == spec)
            #expect(spec.text.hasSuffix("loss \(words)\n"))
        }
        #expect(try SpecParser.parse("input 8x8x3\nfc 10\nsoftmax").loss == nil)
    }

    @Test func theLossIsPartOfTheSpecsIdentity() throws {
        let a = try SpecParser.parse("input 8x8x3\nfc 4\nloss smoothl1")
        let b = try SpecParser.parse("input 8x8x3\nfc 4\nloss l2")
        #expect(a != b)
    }

    func message(_ text: String) -> String {
        do {
            _ = try SpecParser.parse(text)
            return ""
        } catch { return error.message }
    }

    @Test func misuseIsExplained() {
        #expect(message("input 8x8x3\nloss pixelsoftmax\nconv 4 3x3").contains("last line"))
        #expect(message("input 8x8x3\nresidual {\nconv 3 3x3 pad 1\nloss l2\n}").contains("outside any block"))
        #expect(message("input 8x8x3\nfc 4\nsoftmax\nloss l2").contains("replaces the final `softmax`"))
        #expect(message("input 8x8x3\nfc 4\nloss").contains("needs a kind"))
        #expect(message("input 8x8x3\nfc 4\nloss huber").contains("unknown loss `huber`"))
        #expect(message("input 8x8x3\nfc 4\nloss softmax 4").contains("end the network in `softmax`"))
        #expect(message("input 8x8x3\nfc 4\nloss softmax 2 + smoothl1").contains("a number of regressed outputs"))
        #expect(message("input 8x8x3\nfc 4\nloss softmax 2 + smoothl1 2 weight -1").contains("weight W"))
        #expect(message("input 8x8x3\nfc 4\nloss l2 4").contains("unexpected `4`"))
    }

    @Test func theOutputMustFitTheLoss() {
        #expect(LossSpec.pixelSoftmax.problem(output: Volume(width: 8, height: 8, depth: 1))?.contains("at least 2 classes") == true)
        #expect(LossSpec.pixelSoftmax.problem(output: Volume(width: 8, height: 8, depth: 2)) == nil)
        let both = LossSpec.classifyAndRegress(classes: 10, regression: .smoothL1, values: 4, weight: 1)
        #expect(both.problem(output: Volume(vector: 14)) == nil)
        #expect(both.problem(output: Volume(vector: 10))?.contains("fc 14") == true)
    }

    /// Every `loss` line the README shows parses, each to a different head.
    @Test func theReadmesLossLinesParse() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let start = try #require(readme.range(of: "What a net is trained for"))
        let block = readme[start.upperBound...].components(separatedBy: "```")[1]
        let lines = block.split(separator: "\n").filter { $0.hasPrefix("loss") }
        #expect(lines.count == 5)
        var seen: [LossSpec] = []
        for line in lines {
            let spec = try SpecParser.parse("input 8x8x3\nfc 14\n" + line)
            seen.append(try #require(spec.loss))
        }
        #expect(Set(seen).count == lines.count)
    }
}
