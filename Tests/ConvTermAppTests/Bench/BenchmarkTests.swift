import Foundation
import Testing
@testable import ConvTermApp

/// The benchmark is a command, not a timing assertion: this checks that a quick run measures
/// every figure the README's table needs and reports it.
@Suite struct BenchmarkTests {
    @Test func quickRunMeasuresEveryFigure() throws {
        var steps: [String] = []
        let results = try Benchmark(settings: .init(threads: 1, quick: true)) { steps.append($0) }.run()
        #expect(Set(results.convnetjsTrainImagesPerSecond.keys) == ["1", "4", "32", "128"])
        #expect(Set(results.convnetjsInferenceImagesPerSecond.keys) == ["1", "128"])
        #expect(Set(results.resnet20TrainImagesPerSecond.keys) == ["32", "128"])
        #expect(results.resnet20TrainImagesPerSecond.values.allSatisfy { $0 > 0 })
        #expect(results.gemmGFLOPS["256^3"].map { $0 > 0 } == true)
        #expect(results.gemmGFLOPS["conv2 20x256x400"] != nil)
        #expect(results.vgg16ForwardMilliseconds == nil, "quick skips VGG-16")
        #expect(results.peakMemoryMB > 0)
        #expect(steps.count == 4 + 4 + 2 + 2, "a progress line per measurement")
        let text = Benchmark.render(results)
        #expect(text.contains("training  batch 128"))
        #expect(text.contains("ResNet-20 (CIFAR), images/s"))
        #expect(text.contains("1 thread (quick"))
    }

    @Test func jsonKeepsTodaysKeysAndAddsResNet20() throws {
        var r = Benchmark.Results(cpu: "test", threads: 2, quick: true)
        r.resnet20TrainImagesPerSecond = ["32": 100, "128": 90]
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(r)) as? [String: Any])
        #expect((object["resnet20TrainImagesPerSecond"] as? [String: Double]) == ["32": 100, "128": 90])
        for key in ["gemmGFLOPS", "convnetjsTrainImagesPerSecond", "convnetjsInferenceImagesPerSecond", "peakMemoryMB"] {
            #expect(object[key] != nil, "\(key)")
        }
    }
}
