import Testing
@testable import ConvEngine

/// The three starting points, checked against their definitions (the numbers come from the
/// formulas, not from the code): conv1 of `input 32x32x3 / conv 16 5x5` has fan_in 75.
@Suite struct InitializationTests {
    static let text = "input 32x32x3\nconv 16 5x5 pad 2\nrelu\nfc 10\n"

    static func conv(_ initialization: Initialization) throws -> Convolution {
        let network = try Network(spec: SpecParser.parse(text), initialization: initialization, seed: 3)
        return try #require(network.allLayers.compactMap { $0 as? Convolution }.first)
    }

    static func std(_ v: [Float]) -> Double {
        let mean = v.reduce(0.0) { $0 + Double($1) } / Double(v.count)
        return (v.reduce(0.0) { $0 + (Double($1) - mean) * (Double($1) - mean) } / Double(v.count)).squareRoot()
    }

    @Test func pytorchIsUniformWithinOneOverRootFanIn() throws {
        let c = try Self.conv(.pytorch)
        let bound: Float = 0.11547   // 1/sqrt(75)
        #expect(c.weight.value.allSatisfy { abs($0) <= bound })
        // U(-b, b) has std b/sqrt(3) = 0.0667; 1,200 draws land within a few percent.
        #expect(abs(Self.std(c.weight.value) - 0.0667) < 0.004)
        let bias = try #require(c.bias).value
        #expect(bias.allSatisfy { abs($0) <= bound } && Set(bias).count == 16, "biases drawn too, not constant")
    }

    @Test func heAndConvNetJSAreGaussiansOfTheirWidths() throws {
        // He: sqrt(2/75) = 0.1633; ConvNetJS: sqrt(1/75) = 0.1155.
        #expect(abs(Self.std(try Self.conv(.he).weight.value) - 0.1633) < 0.01)
        let convnetjs = try Self.conv(.convnetjs)
        #expect(abs(Self.std(convnetjs.weight.value) - 0.1155) < 0.007)
        #expect(try #require(convnetjs.bias).value.allSatisfy { $0 == 0.1 })
        #expect(try #require(try Self.conv(.he).bias).value.allSatisfy { $0 == 0 })
    }
}
