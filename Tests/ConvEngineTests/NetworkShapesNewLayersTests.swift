import Testing
@testable import ConvEngine

/// Shape arithmetic of deconv (TransposedOutputSize.swift), upsample, dilation and groups
/// (NetworkShapes.swift, GroupsCheck.swift): every expected number worked out by hand from the
/// formulas in the comments, never read off the code.
@Suite struct NetworkShapesNewLayersTests {
    func shapes(_ text: String) throws -> NetworkShapes { NetworkShapes(try SpecParser.parse(text)) }

    @Test func deconvOutputIsInputMinusOneTimesStrideMinusTwoPadPlusFilterPlusOutpad() throws {
        // (4 - 1)*2 - 2*1 + 4 + 0 = 8; (4 - 1)*2 - 2*1 + 3 + 1 = 8; (5 - 1)*1 - 0 + 3 = 7; 3x2: (3-1)*2-0+3 = 7, (3-1)*1-2+2 = 2.
        #expect(try shapes("input 4x4x8\ndeconv 4 4x4 stride 2 pad 1\n").output == Volume(width: 8, height: 8, depth: 4))
        #expect(try shapes("input 4x4x8\ndeconv 4 3x3 stride 2 pad 1 outpad 1\n").output == Volume(width: 8, height: 8, depth: 4))
        #expect(try shapes("input 5x5x1\ndeconv 2 3x3\n").output == Volume(width: 7, height: 7, depth: 2))
        #expect(try shapes("input 3x3x1\ndeconv 1 3x2 stride 2x1 pad 0x1\n").output == Volume(width: 2, height: 7, depth: 1))
    }

    @Test func deconvParametersAndBothMultiplyAddCounts() throws {
        let row = try #require(try shapes("input 4x4x8\nup: deconv 4 4x4 stride 2 pad 1\n").layer(named: "up"))
        // Weights 8 in x 4 out x 4 x 4 = 512, biases 4.
        #expect(row.weights == 512 && row.biases == 4)
        #expect(row.paramsFormula == "4x4x4x8+4 = 516")
        // Lecture: every one of the 4x4 input pixels stamps 512 products: 8,192.
        #expect(row.multiplyAdds == 8_192)
        // torchinfo: (weights + biases) x output positions = 516 x 64.
        #expect(row.torchinfoMultiplyAdds == 33_024)
    }

    @Test func deconvReceptiveFieldGrowsByWhatEachOutputHears() throws {
        // conv 3x3 stride 2: field 3, step 2. A 4x4 stride-2 deconv output hears ceil(4/2) = 2
        // inputs 2 pixels apart: field 3 + 2 = 5, and its neighbours are 1 pixel apart.
        let s = try shapes("input 8x8x1\nconv 1 3x3 stride 2 pad 1\nup: deconv 1 4x4 stride 2 pad 1\n")
        let row = try #require(s.layer(named: "up"))
        #expect(row.receptiveField == (5, 5))
        #expect(row.receptiveStride == (1, 1))
    }

    @Test func aDeconvWhosePaddingCropsEverythingIsExplainedWithAFix() throws {
        // (2 - 1)*1 - 2*3 + 3 + 0 = -2; pad 1 gives 1 - 2 + 3 = 2 pixels, pad 2 gives 0.
        let s = try shapes("input 2x2x1\ndeconv 1 3x3 pad 3\nfc 2\n")
        let problem = try #require(s.problems.first)
        #expect(problem.location.line == 2)
        #expect(problem.message.contains("(2 - 1)*1 - 2*3 + 3 + 0 = -2"))
        #expect(problem.message.contains("pad 1 or less would fit"))
        #expect(s.rows.last!.unknown)
    }

    @Test func groupedConvolutionsCountEachFiltersGroupOnly() throws {
        // 4 filters of 3x3 over 6/2 = 3 channels: 108 weights; output 6x6: 27 x 36 x 4 = 3,888.
        let row = try #require(try shapes("input 8x8x6\ng: conv 4 3x3 groups 2\n").layer(named: "g"))
        #expect(row.weights == 108 && row.biases == 4)
        #expect(row.paramsFormula == "4x3x3x(6/2)+4 = 112")
        #expect(row.multiplyAdds == 3_888)
        #expect(row.torchinfoMultiplyAdds == 112 * 36)
        // Depthwise 3x3 over 32 channels: 32 x 9 weights, a 32nd of the dense 9,216.
        let depthwise = try #require(try shapes("input 8x8x32\ndw: conv 32 3x3 pad 1 groups 32 nobias\n").layer(named: "dw"))
        #expect(depthwise.weights == 288)
    }

    @Test func groupsThatDoNotDivideAreExplainedWithTheNearestThatDo() throws {
        let s = try shapes("input 8x8x6\nconv 4 3x3 groups 3\n")
        let problem = try #require(s.problems.first)
        // Divisors of both 6 and 4: 1 and 2.
        #expect(problem.message == "groups 3 must divide both the input depth 6 and the 4 filters; groups 1 or groups 2 would fit")
        #expect(throws: SpecError.self) { try Network(spec: s.spec, seed: 1) }
    }

    @Test func dilatedFiltersFitStrideAndSeeAsTheirSpan() throws {
        // 3x3 dilated 2 spans 5: (9 - 5)/1 + 1 = 5, field 5; a second one adds 4 more: 9.
        let s = try shapes("input 9x9x1\na: conv 1 3x3 dilation 2\nb: conv 1 3x3 dilation 2 pad 2\n")
        #expect(s.layer(named: "a")?.output == Volume(width: 5, height: 5, depth: 1))
        #expect(try #require(s.layer(named: "b")).receptiveField == (9, 9))
        #expect(s.layer(named: "a")?.weights == 9)
        // (8 - 5)/2 + 1 = 2.5 does not fit; the message names the span and a fix.
        let problem = try #require(try shapes("input 8x8x1\nconv 1 3x3 dilation 2 stride 2\n").problems.first)
        #expect(problem.message.contains("(8 - 5 + 2*0)/2 + 1 = 2.5"))
        #expect(problem.message.contains("dilated to 5x5"))
        // No padding makes 8 - 5 + 2P even; stride 1 fits.
        #expect(problem.message.contains("stride 1 would fit"))
    }

    @Test func upsamplingMultipliesWidthAndHeightAndBilinearCountsFourProducts() throws {
        let nearest = try #require(try shapes("input 3x5x2\nu: upsample 2x\n").layer(named: "u"))
        #expect(nearest.output == Volume(width: 6, height: 10, depth: 2))
        #expect(nearest.multiplyAdds == 0 && nearest.params == 0)
        let bilinear = try #require(try shapes("input 3x5x2\nu: upsample 2x bilinear\n").layer(named: "u"))
        #expect(bilinear.multiplyAdds == 4 * 120)
        #expect(bilinear.torchinfoMultiplyAdds == 0)
    }
}
