import Testing
@testable import ConvEngine

@Suite struct ConvolutionWalkthroughTests {
    /// The engine's reference convolution for the same numbers, [K][OH][OW].
    func reference(_ w: ConvolutionWalkthrough) -> [Float] {
        let g = ConvGeometry(inChannels: w.inputVolume.depth, inHeight: w.inputVolume.height, inWidth: w.inputVolume.width,
                             outChannels: w.filterCount, kernelHeight: w.filterHeight, kernelWidth: w.filterWidth,
                             strideY: w.stride, strideX: w.stride, padTop: w.pad, padLeft: w.pad,
                             outHeight: w.outputVolume.height, outWidth: w.outputVolume.width)
        var out = [Float](repeating: .nan, count: g.outputCount)
        w.input.withUnsafeBufferPointer { i in
            w.filters.withUnsafeBufferPointer { f in
                w.bias.withUnsafeBufferPointer { b in
                    out.withUnsafeMutableBufferPointer { o in
                        ConvKernels.referenceForward(g, input: i.baseAddress!, weights: f.baseAddress!, bias: b.baseAddress!, output: o.baseAddress!)
                    }
                }
            }
        }
        return out
    }

    @Test func defaultDemoMatchesTheReferenceConvolution() throws {
        let w = try ConvolutionWalkthrough.smallIntegers()
        #expect(w.outputVolume == Volume(width: 4, height: 4, depth: 2))
        #expect(w.output == reference(w))
        #expect(w.input.allSatisfy { [0, 1, 2].contains($0) })
        #expect(w.filters.allSatisfy { [-1, 0, 1].contains($0) })
        #expect(w.bias == [1, 0])
        // Not all zeros: the test would pass vacuously otherwise.
        #expect(Set(w.output).count > 3)
    }

    @Test func everyStepsProductsSumToItsCell() throws {
        let w = try ConvolutionWalkthrough.smallIntegers(volume: Volume(width: 6, height: 5, depth: 2), filterCount: 3,
                                                         filterSize: 3, stride: 1, pad: 2, seed: 3)
        for i in 0..<w.stepCount {
            let s = w.step(index: i)
            #expect(s.products.count == 3 * 3 * 2)
            let sum = s.products.reduce(0.0) { $0 + Double($1.product) }
            #expect(Float(sum) == s.sum)
            #expect(s.value == s.sum + s.bias)
            #expect(s.value == w.output[i])
            #expect(s.products.filter(\.isPadding).allSatisfy { $0.input == 0 && $0.product == 0 })
        }
        // With pad 2 the corner window sees mostly padding.
        #expect(w.step(index: 0).products.filter(\.isPadding).count == 2 * (9 - 1))
    }

    @Test func lectureSizes() throws {
        let a = try ConvolutionWalkthrough.smallIntegers(volume: Volume(width: 32, height: 32, depth: 3), filterCount: 6,
                                                         filterSize: 5, stride: 1, pad: 0)
        #expect(a.outputVolume == Volume(width: 28, height: 28, depth: 6))
        #expect(a.step(index: 0).products.count == 75)
        #expect(a.output == reference(a))
        let b = try ConvolutionWalkthrough.smallIntegers(volume: Volume(width: 7, height: 7, depth: 1), filterCount: 1,
                                                         filterSize: 3, stride: 2, pad: 0)
        #expect(b.outputVolume == Volume(width: 3, height: 3, depth: 1))
        #expect(b.output == reference(b))
    }

    @Test func aStrideThatDoesNotFitSaysSo() {
        #expect(throws: ConvolutionWalkthrough.Problem.self) {
            try ConvolutionWalkthrough.smallIntegers(volume: Volume(width: 7, height: 7, depth: 1), filterCount: 1,
                                                     filterSize: 3, stride: 3, pad: 0)
        }
        do {
            _ = try ConvolutionWalkthrough.smallIntegers(volume: Volume(width: 7, height: 7, depth: 1), filterCount: 1,
                                                         filterSize: 3, stride: 3, pad: 0)
        } catch {
            #expect(error.message.contains("(7 - 3 + 2*0)/3 + 1 = 2.33"))
            #expect(error.message.contains("would fit"))
        }
        let f = OutputSizeFormula(input: 7, filter: 3, pad: 0, stride: 3)
        #expect(f.result == nil && f.text == "(7 - 3 + 2*0)/3 + 1 = 2.33")
        #expect(OutputSizeFormula(input: 7, filter: 3, pad: 1, stride: 2).text == "(7 - 3 + 2*1)/2 + 1 = 4")
    }

    @Test func poolWalkthroughFindsTheLecturesWinners() throws {
        let p = try PoolWalkthrough(input: PoolWalkthrough.lectureExample, volume: Volume(width: 4, height: 4, depth: 1))
        #expect(p.output == [6, 8, 3, 4])
        #expect(p.winners.map { [$0.row, $0.column] } == [[1, 1], [1, 3], [2, 0], [3, 3]])
        // Ties go to the first in reading order.
        let tie = try PoolWalkthrough(input: [5, 5, 5, 5], volume: Volume(width: 2, height: 2, depth: 1))
        #expect(tie.winners == [.init(channel: 0, row: 0, column: 0)])
        #expect(throws: ConvolutionWalkthrough.Problem.self) {
            try PoolWalkthrough(input: [Float](repeating: 0, count: 25), volume: Volume(width: 5, height: 5, depth: 1))
        }
    }

    @Test func breakdownPutsVGGMemoryInConvAndParamsInFC() throws {
        let shapes = NetworkShapes(try SpecParser.parse(Zoo.entry(named: "vgg16")!.text))
        let b = NetworkBreakdown(shapes)
        #expect(b.shares.count == shapes.rows.count)
        let memory = b.shares.reduce(0) { $0 + $1.memoryOfTotal }, params = b.shares.reduce(0) { $0 + $1.paramsOfTotal }
        #expect(abs(memory - 1) < 1e-9 && abs(params - 1) < 1e-9)
        let fc6 = shapes.rows.firstIndex { $0.name == "fc6" }!
        #expect(b.shares[fc6].paramsOfLargest == 1)
        let k = b.kindTotals(shapes)
        #expect(k.convMemory > 0.85 && k.fullyConnectedParams > 0.85 && k.fullyConnectedMemory < 0.01)
        let conv11 = shapes.layer(named: "conv1_1")!
        #expect(LayerComparison.fullyConnectedFactor(conv11) == Double(conv11.fullyConnectedAlternative) / 1728)
    }
}
