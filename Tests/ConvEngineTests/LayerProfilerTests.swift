import Testing
@testable import ConvEngine

@Suite struct LayerProfilerTests {
    func tinyResidualNet() throws -> Network {
        let spec = try SpecParser.parse("""
        input 8x8x3
        conv1: conv 4 3x3 pad 1
        block: residual {
          conv 4 3x3 pad 1 nobias
          batchnorm
        }
        relu
        pool: globalavgpool
        fc: fc 3

        """)
        return try Network(spec: spec, seed: 1)
    }

    @Test func timesEveryLayerInsideAndOutsideBlocksOncePerPass() throws {
        let network = try tinyResidualNet()
        let profiler = LayerProfiler()
        network.profiler = profiler
        let x = Tensor(zeros: 2, network.spec.input)
        let context = PassContext(training: true, threads: 1)
        let scores = network.scores(x, context)
        network.backward(scores, context)
        network.backward(network.scores(x, context), context)
        for layer in network.allLayers {
            let r = profiler.record(layer)
            #expect(r.forwardCalls == 2 && r.backwardCalls == 2, "\(layer.name): \(r.forwardCalls) forward, \(r.backwardCalls) backward")
            #expect(r.forwardNanoseconds > 0 && r.backwardNanoseconds > 0, "\(layer.name)")
        }
        #expect(profiler.records.count == network.allLayers.count)
    }

    @Test func exclusiveTimesOfABlockLeaveOutItsChildren() throws {
        let network = try tinyResidualNet()
        let profiler = LayerProfiler()
        network.profiler = profiler
        let context = PassContext(training: true, threads: 1)
        network.backward(network.scores(Tensor(zeros: 2, network.spec.input), context), context)
        let block = try #require(network.layers.first { $0.name == "block" })
        let children = block.children.map { profiler.record($0).forwardNanoseconds }.reduce(0, +)
        #expect(profiler.exclusive(block).forwardNanoseconds == profiler.record(block).forwardNanoseconds - children)
        // The top level's exclusive times add up to its inclusive ones.
        let inclusive = network.layers.map { profiler.record($0).forwardNanoseconds }.reduce(0, +)
        let exclusive = network.allLayers.map { profiler.exclusive($0).forwardNanoseconds }.reduce(0, +)
        #expect(inclusive == exclusive)
    }

    @Test func aNetworkWithoutProfilerRecordsNothingAndResetForgets() throws {
        let network = try tinyResidualNet()
        let profiler = LayerProfiler()
        _ = network.scores(Tensor(zeros: 1, network.spec.input), PassContext(training: false, threads: 1))
        #expect(profiler.records.isEmpty)
        network.profiler = profiler
        _ = network.scores(Tensor(zeros: 1, network.spec.input), PassContext(training: false, threads: 1))
        #expect(!profiler.records.isEmpty)
        profiler.reset()
        #expect(profiler.records.isEmpty)
    }
}
