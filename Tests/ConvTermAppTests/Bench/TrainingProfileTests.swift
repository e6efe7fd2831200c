import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// `bench --profile`: timings are not asserted, only that the table accounts for the whole step.
@Suite struct TrainingProfileTests {
    @Test func everyLayerIsListedAndSharesSumToTheStep() throws {
        let source = try NetworkSource.load("convnetjs-cifar10")
        let p = try TrainingProfile.measure(source, batch: 4, threads: 2, steps: 2, warmup: 1)
        let network = try Network(spec: source.spec, seed: 1)
        #expect(p.layers.map(\.name) == network.allLayers.map(\.name))
        let total = p.layers.reduce(0) { $0 + $1.share } + p.outside.reduce(0) { $0 + $1.share }
        #expect(abs(total - 1) < 0.01, "shares sum to \(total)")
        let ms = p.layers.reduce(0) { $0 + $1.forwardMilliseconds + $1.backwardMilliseconds } + p.outside.reduce(0) { $0 + $1.milliseconds }
        #expect(abs(ms - p.stepMilliseconds) <= 0.01 * p.stepMilliseconds)
        #expect(p.stepMilliseconds > 0 && p.imagesPerSecond > 0)
        #expect(p.outside.map(\.name).map { $0.split(separator: " ").first! } == ["data", "loss", "optimizer", "other"])
        let conv1 = try #require(p.layers.first { $0.name == "conv1" })
        #expect(conv1.forwardGFLOPS.map { $0 > 0 } == true && conv1.backwardGFLOPS != nil)
        #expect(p.layers.first { $0.kind == "relu" }?.forwardGFLOPS == nil)
    }

    @Test func residualBlocksShowTheirAddAndNestedLayers() throws {
        let source = try NetworkSource.load("resnet20-cifar")
        let p = try TrainingProfile.measure(source, batch: 2, threads: 1, steps: 1, warmup: 1)
        let block = try #require(p.layers.first { $0.name == "layer2.0" })
        #expect(block.kind == "residual add" && block.depth == 0)
        #expect(p.layers.contains { $0.depth == 1 && $0.kind == "conv 32 1x1 /2" })
        // conv1, bn1, relu; 9 blocks and their relus; avgpool, fc; 5 layers in each body; 2 in each of 2 shortcuts.
        #expect(p.layers.count == 3 + 18 + 2 + 45 + 4)
    }

    @Test func rendersATableWithTheOutsideRows() throws {
        let p = try TrainingProfile.measure(NetworkSource.load("convnetjs-cifar10"), batch: 1, threads: 1, steps: 1, warmup: 0)
        let text = TrainingProfile.render(p)
        #expect(text.contains("Profile of convnetjs-cifar10, batch 1, 1 thread"))
        #expect(text.contains("conv 16 5x5"))
        #expect(text.contains("outside the layers:"))
        #expect(text.contains("optimizer"))
        let data = try JSONEncoder().encode(p)
        #expect(try JSONDecoder().decode(TrainingProfile.self, from: data).layers.count == p.layers.count)
    }

    @Test func anUnknownNetIsAClearError() throws {
        #expect {
            _ = try NetworkSource.load("resnet-nope")
        } throws: { error in
            "\(error)".contains("no zoo net or file named `resnet-nope`")
        }
    }
}
