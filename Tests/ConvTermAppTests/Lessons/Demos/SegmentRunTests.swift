import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The segmentation demo's run: it learns (a short seeded run beats the trivial answers by a
/// wide margin, both computed from the data), the live demo shows what the headless run
/// measures, and its JSON carries `mean_iou`.
@Suite struct SegmentRunTests {
    /// 150 steps of 16 on 600 images (the full recipe is measured with `convterm demo segment
    /// --headless` for the README). The margins compare with what needs no learning: calling
    /// every pixel object, and the same net untrained.
    @Test func aShortRunPaintsTheObjectFarBetterThanTheTrivialAnswers() throws {
        let request = LessonDemoRequest(kind: .segment, networks: [],
                                        options: ["steps": "150", "train": "600", "test": "60", "measure-every": "150"], seed: 3)
        let report = try #require(try SegmentRun(request).run())
        #expect(report.network == "segnet-tiny")
        #expect(report.meanIoU > report.allObjectIoU + 0.25, "mean IoU \(report.meanIoU), all-object \(report.allObjectIoU)")
        #expect(report.meanIoU > report.untrainedIoU + 0.25, "mean IoU \(report.meanIoU), untrained \(report.untrainedIoU)")
        #expect(report.curve.count == 2 && report.curve.last == report.meanIoU)
        // The trivial answers measured independently of the run: the objects' share of their images.
        let test = SyntheticObjects.make(count: 60, seed: SyntheticCIFAR.testSeed(splitSeed: 3))
        let share = (0..<60).map { i in Double(test.mask(i).reduce(0) { $0 + Int($1) }) / 1024 }.reduce(0, +) / 60
        #expect(abs(report.allObjectIoU - share) < 1e-12)
    }

    @Test func theLiveDemoShowsWhatTheHeadlessRunMeasures() throws {
        let request = LessonDemoRequest(kind: .segment, networks: [],
                                        options: ["steps": "4", "train": "40", "test": "8", "measure-every": "2"], seed: 5)
        let report = try #require(try SegmentRun(request).run())
        var d = DemoDriver(request)
        defer { d.worker.stop() }
        try d.finish()
        let live = try #require(d.app.demo as? SegmentDemo)
        #expect(live.curve.map(\.iou) == report.curve)
        #expect(live.curve.map(\.step) == [0, 2, 4])
        #expect(live.images.count == SegmentRun.shownImages && live.truths.count == SegmentRun.shownImages)
        let screen = d.screen(width: 120, height: 50)
        #expect(screen.contains("net's mask"))
        #expect(screen.contains("mean IoU \(String(format: "%.3f", report.meanIoU))"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DemoRun.json(report).utf8)) as? [String: Any])
        #expect(abs((json["mean_iou"] as? Double ?? -1) - report.meanIoU) < 1e-12)
        #expect(json["test_images"] as? Int == 8)
    }

    @Test func aNetThatDoesNotFitIsRefusedWithTheReason() throws {
        let spec = try SpecParser.parse("input 32x32x3\nconv 3 3x3 pad 1\nloss pixelsoftmax")
        let request = LessonDemoRequest(kind: .segment, networks: [.init(name: "three", spec: spec)], options: ["steps": "1"])
        #expect { try SegmentRun(request).run() } throws: { "\($0)".contains("32x32x2") }
    }

    @Test func iouCountsSharedOverEitherPixels() {
        // Predicted 3 pixels, true 2, sharing 1: 1 / 4.
        #expect(ObjectIoU.mask([true, true, true, false, false], truth: [1, 0, 0, 1, 0][...]) == 0.25)
        #expect(ObjectIoU.mask([false, false], truth: [0, 0][...]) == 1)
    }
}
