import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// Lesson 9's point on a short seeded run: frozen pretrained features + a new head beat the same
/// net trained from scratch on the same 250 images, and the frozen weights do not move at all.
@Suite struct TransferExperimentTests {
    static let lessonNet = LessonDemoRequest.Net(name: "transfer", spec: try! SpecParser.parse("""
        input 32x32x3
        conv1: conv 16 5x5 pad 2 frozen
        relu
        pool1: maxpool 2x2 stride 2
        conv2: conv 20 5x5 pad 2 frozen
        relu
        pool2: maxpool 2x2 stride 2
        conv3: conv 20 5x5 pad 2 frozen
        relu
        pool3: maxpool 2x2 stride 2
        fc1: fc 10
        softmax
        """))

    func request(seed: UInt64, _ options: [String: String]) -> LessonDemoRequest {
        LessonDemoRequest(kind: .transfer, networks: [TransferExperimentTests.lessonNet], options: options, seed: seed)
    }

    @Test func transferBeatsScratchAndFrozenWeightsStayPut() throws {
        let report = try #require(TransferExperiment(request(seed: 11, ["pretrain": "150", "steps": "100"])).run())
        #expect(report.transferAccuracy > report.scratchAccuracy, "\(report.summary)")
        // Both well above chance (20%): the comparison is between two nets that learned something.
        #expect(report.scratchAccuracy > 0.3)
        #expect(report.frozenMaxChange == 0)
        #expect(report.frozenBitIdentical)
        #expect(report.trainableMaxChange > 0)
        #expect(report.frozenLayers == ["conv1", "conv2", "conv3"])
        // 50 images of each of the 5 new classes; the other half of the 2,000 test images.
        #expect(report.newTaskTrainImages == 250)
        #expect(report.newTaskTestImages == 1000)
        // fc1 alone trains: 4*4*20 inputs * 10 + 10 biases.
        #expect(report.trainableParameters.transfer == 3210)
        #expect(report.trainableParameters.scratch == NetworkShapes(TransferExperimentTests.lessonNet.spec).totalParams)
    }

    /// Same seed and threads, same numbers; another seed, other numbers.
    @Test func aSeedGivesTheSameNumbers() throws {
        let options = ["pretrain": "6", "steps": "6", "examples": "4"]
        var a = try #require(TransferExperiment(request(seed: 3, options)).run())
        var b = try #require(TransferExperiment(request(seed: 3, options)).run())
        var c = try #require(TransferExperiment(request(seed: 4, options)).run())
        a.seconds = 0; b.seconds = 0; c.seconds = 0
        #expect(a == b)
        #expect(a.finalTrainingLoss != c.finalTrainingLoss)
    }

    @Test func theReportHasTheIssuesKeys() throws {
        let report = try #require(TransferExperiment(request(seed: 1, ["pretrain": "1", "steps": "1", "examples": "2"])).run())
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DemoRun.json(report).utf8)) as? [String: Any])
        // (JSON text round-trips a Double to within its last digit.)
        #expect(abs((json["transfer_accuracy"] as? Double ?? -1) - report.transferAccuracy) < 1e-12)
        #expect(abs((json["scratch_accuracy"] as? Double ?? -1) - report.scratchAccuracy) < 1e-12)
        #expect(json["frozen_max_change"] as? Double == 0)
        #expect(json["frozen_bit_identical"] as? Bool == true)
        #expect(json["filters_after"] == nil)
    }
}
