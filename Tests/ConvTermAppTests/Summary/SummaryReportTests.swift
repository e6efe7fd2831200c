import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

@Suite struct SummaryReportTests {
    func report(_ name: String, batch: Int = 1, convention: MultiplyAddConvention = .lecture) throws -> SummaryReport {
        let source = try NetworkSource.load(name)
        return SummaryReport(networkName: source.name, shapes: NetworkShapes(source.spec), batch: batch, convention: convention)
    }

    @Test func tableShowsTorchinfoStyleRowsAndFooter() throws {
        let table = try report("convnetjs-cifar10").render(.table)
        let lines = table.split(separator: "\n").map(String.init)
        let conv1 = try #require(lines.first { $0.hasPrefix("Conv: conv1") })
        #expect(conv1.contains("32x32x16") && conv1.contains("1,216") && conv1.contains("1,228,800"))
        #expect(lines.contains("Total params: 22,466 (weights 22,400 + biases 66)"))
        #expect(lines.contains("Non-trainable params: 0"))
        #expect(table.contains("MB = 10^6 bytes"))
    }

    /// The new layers under torchinfo's type names, with numbers worked out by hand.
    @Test func decoderLayersAreNamedAsTorchinfoNamesThem() throws {
        let spec = try SpecParser.parse("input 8x8x4\ndw: conv 4 3x3 pad 1 groups 4\nup: deconv 2 2x2 stride 2\nupsample 2x bilinear\nsigmoid\n")
        let torchinfo = SummaryReport(networkName: "t", shapes: NetworkShapes(spec), convention: .torchinfo).render(.table)
        let lines = torchinfo.split(separator: "\n").map(String.init)
        // Depthwise: 4 x 3x3x1 + 4 = 40 params, x 64 positions. Deconv: 4 x 2 x 2x2 + 2 = 34, x 256.
        let dw = try #require(lines.first { $0.hasPrefix("Conv: dw") })
        #expect(dw.contains("8x8x4") && dw.contains(" 40 ") && dw.contains("2,560"))
        let up = try #require(lines.first { $0.hasPrefix("ConvTranspose: up") })
        #expect(up.contains("16x16x2") && up.contains(" 34 ") && up.contains("8,704"))
        #expect(lines.contains { $0.hasPrefix("Upsample: upsample1") && $0.contains("32x32x2") })
        #expect(lines.contains { $0.hasPrefix("Sigmoid: sigmoid1") })
        // The lecture's count: 32 weights x 64 input pixels for the deconv, 4 x 2,048 for bilinear.
        let lecture = SummaryReport(networkName: "t", shapes: NetworkShapes(spec)).render(.table)
        #expect(lecture.split(separator: "\n").contains { $0.hasPrefix("ConvTranspose: up") && $0.contains("2,048") })
        #expect(lecture.split(separator: "\n").contains { $0.hasPrefix("Upsample: upsample1") && $0.contains("8,192") })
    }

    @Test func jsonIsStableAndCarriesTheEngineNumbers() throws {
        let json = try report("vgg16", convention: .torchinfo).render(.json)
        let doc = try JSONDecoder().decode(SummaryReport.Document.self, from: Data(json.utf8))
        #expect(doc.totals.params == 138_357_544)
        #expect(doc.totals.multiplyAdds == 15_483_821_032)
        #expect(doc.convention == "torchinfo")
        #expect(doc.layers[1].name == "conv1_1")
        #expect(doc.layers[1].output?.depth == 64)
        #expect(doc.layers[1].weights == 1_728)
    }

    @Test func batchScalesActivationsAndMultiplyAddsButNotParams() throws {
        let one = try report("convnetjs-cifar10").document
        let eight = try report("convnetjs-cifar10", batch: 8).document
        #expect(eight.totals.multiplyAdds == 8 * one.totals.multiplyAdds)
        #expect(eight.totals.forwardActivationBytes == 8 * one.totals.forwardActivationBytes)
        #expect(eight.totals.params == one.totals.params)
    }

    @Test func csvHasOneLinePerLayerPlusHeader() throws {
        let r = try report("lecture-conv")
        let csv = r.render(.csv).split(separator: "\n")
        #expect(csv.count == r.shapes.rows.count + 1)
        #expect(csv[2].hasPrefix("conv1,Conv,0,28x28x6,450,6,456,true,352800,"))
    }

    @Test func markdownTable() throws {
        let md = try report("lecture-conv").render(.markdown)
        #expect(md.contains("| Conv: `conv1` | 28x28x6 | 456 | 352,800 |"))
    }

    @Test func unknownNameSuggestsTheClosestZooNet() {
        #expect(throws: NetworkSource.Failure.self) { try NetworkSource.load("vgg17") }
        do { _ = try NetworkSource.load("vgg17") } catch {
            #expect("\(error)".contains("did you mean `vgg16`?"))
        }
    }

    @Test func fileErrorsShowPathLineAndCaret() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-bad-\(UUID().uuidString).net")
        try "input 32x32x3\nconv 6 5x5 strid 2\n".write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try NetworkSource.load(url.path)
            Issue.record("expected a failure")
        } catch {
            let text = "\(error)"
            #expect(text.contains("\(url.path):2:12: unknown option `strid`"))
            #expect(text.hasSuffix("  conv 6 5x5 strid 2\n             ^"))
        }
    }

    /// What a script written to the README's JSON section reads: every layer carries `problem`
    /// (null when it fits) and `output` (null from a layer that does not fit onwards).
    @Test func jsonMatchesTheReadmeWhenALayerDoesNotFit() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 6 5x5 stride 2\nrelu\nmaxpool 2x2 stride 2\nfc 10\n")
        let json = SummaryReport(networkName: "odd", shapes: NetworkShapes(spec)).render(.json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["fits"] as? Bool == false)
        let layers = try #require(document["layers"] as? [[String: Any]])
        #expect(layers.map { $0["name"] as? String } == ["input", "conv1", "relu1", "pool1", "fc1"])
        for layer in layers {
            #expect(layer.keys.contains("problem") && layer.keys.contains("output") && layer.keys.contains("line"), "\(layer)")
        }
        #expect(layers[0]["problem"] is NSNull)
        #expect((layers[0]["output"] as? [String: Int]) == ["width": 32, "height": 32, "depth": 3])
        // (32 - 5)/2 + 1 = 14.5: conv1 does not fit; its size and everything after it is a guess.
        #expect((layers[1]["problem"] as? String)?.contains("14.5 is not a whole number") == true)
        for layer in layers[1...] { #expect(layer["output"] is NSNull, "\(layer)") }
        for layer in layers[2...] { #expect(layer["problem"] is NSNull, "\(layer)") }
    }

    @Test func jsonOfANetworkThatFitsHasNullProblemsAndEveryOutput() throws {
        let json = try report("lecture-conv").render(.json)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(document["fits"] as? Bool == true)
        let layers = try #require(document["layers"] as? [[String: Any]])
        #expect(layers.count > 2)
        for layer in layers {
            #expect(layer["problem"] is NSNull, "\(layer)")
            #expect(layer["output"] is [String: Int], "\(layer)")
        }
    }

    /// A net's `loss` line closes the table with the targets it expects; the JSON and Markdown
    /// carry it too, and a classifier has none.
    @Test func theLossLineIsTheLastRowWithItsTargets() throws {
        let seg = try report("segnet-tiny")
        let lines = seg.render(.table).split(separator: "\n").map(String.init)
        let loss = try #require(lines.firstIndex { $0.hasPrefix("Loss: pixelsoftmax") })
        // The row after the last layer's (the net ends in 32x32x2: two classes per pixel).
        #expect(lines[loss - 1].hasPrefix("Conv: scores") && lines[loss - 1].contains("32x32x2"))
        #expect(lines[loss].contains("32x32 classes"))
        #expect(lines.contains("Trained for: loss pixelsoftmax: targets are a class in 0...1 for each of the 32x32 output pixels (softmax cross-entropy over the 2 channels, averaged over the pixels)"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(seg.render(.json).utf8)) as? [String: Any])
        let entry = try #require(json["loss"] as? [String: Any])
        #expect(entry["spec"] as? String == "pixelsoftmax")
        #expect((entry["target"] as? String)?.hasPrefix("a class in 0...1 for each of the 32x32") == true)
        let box = try report("boxnet-tiny")
        #expect(box.render(.markdown).contains("| Loss: `softmax 10 + smoothl1 4 weight 30` | class + 4 values |"))
        #expect(box.render(.table).contains("4 numbers for the last 4 (smooth-L1, times 30)"))
        let classifier = try report("convnetjs-cifar10")
        #expect(!classifier.render(.table).contains("Loss:") && !classifier.render(.table).contains("Trained for"))
        #expect((try JSONSerialization.jsonObject(with: Data(classifier.render(.json).utf8)) as? [String: Any])?["loss"] == nil)
    }

    /// A loss that does not fit the net's output says why under its row, as a layer that does not fit does.
    @Test func aLossThatDoesNotFitTheOutputSaysWhy() throws {
        let spec = try SpecParser.parse("input 8x8x3\nconv 1 3x3 pad 1\nloss pixelsoftmax")
        let table = SummaryReport(networkName: "one", shapes: NetworkShapes(spec)).render(.table)
        #expect(table.contains("  ! `loss pixelsoftmax` needs at least 2 classes in the output's depth"))
        let json = SummaryReport(networkName: "one", shapes: NetworkShapes(spec)).render(.json)
        let entry = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["loss"] as? [String: Any])
        #expect((entry["problem"] as? String)?.contains("needs at least 2 classes") == true, "\(entry)")
    }

    /// The README's contract for the `loss` object as for a layer: `problem` is there, `null`,
    /// when the loss fits, so a script reads it without asking whether the key exists.
    @Test func aLossThatFitsHasANullProblemKey() throws {
        let json = try report("segnet-tiny").render(.json)
        let entry = try #require((try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])?["loss"] as? [String: Any])
        #expect(Set(entry.keys) == ["spec", "target", "problem"])
        #expect(entry["problem"] is NSNull, "\(entry)")
    }
}

