import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The localization demo's run: a short seeded run boxes the objects far better than the
/// answers that need no picture (the training set's mean box, the untrained net), the live demo
/// shows what the headless run measures, and its JSON carries `mean_iou`.
@Suite struct LocalizeRunTests {
    @Test func aShortRunBoxesTheObjectFarBetterThanTheMeanBox() throws {
        let request = LessonDemoRequest(kind: .localize, networks: [],
                                        options: ["steps": "250", "train": "2000", "test": "60", "measure-every": "250"], seed: 3)
        let report = try #require(try LocalizeRun(request).run())
        #expect(report.network == "boxnet-tiny")
        // The mean box already overlaps most objects (they sit near the middle, at similar sizes):
        // beating it needs the picture. The untrained net's boxes are nowhere.
        #expect(report.meanIoU > report.meanBoxIoU + 0.05, "mean IoU \(report.meanIoU), mean box \(report.meanBoxIoU)")
        #expect(report.meanIoU > report.untrainedIoU + 0.3, "mean IoU \(report.meanIoU), untrained \(report.untrainedIoU)")
        // The mean box's IoU worked out here from the data, not taken from the run.
        let train = SyntheticObjects.make(count: 2000, seed: 3)
        let test = SyntheticObjects.make(count: 60, seed: SyntheticCIFAR.testSeed(splitSeed: 3))
        let n = Float(train.count)
        let mean = ObjectBox(left: train.boxes.map(\.left).reduce(0, +) / n, top: train.boxes.map(\.top).reduce(0, +) / n,
                             right: train.boxes.map(\.right).reduce(0, +) / n, bottom: train.boxes.map(\.bottom).reduce(0, +) / n)
        let meanBox = test.boxes.reduce(0.0) { $0 + Double(mean.iou($1)) } / 60
        #expect(abs(report.meanBoxIoU - meanBox) < 1e-4)
    }

    @Test func theLiveDemoShowsWhatTheHeadlessRunMeasures() throws {
        let request = LessonDemoRequest(kind: .localize, networks: [],
                                        options: ["steps": "4", "train": "40", "test": "8", "measure-every": "2"], seed: 5)
        let report = try #require(try LocalizeRun(request).run())
        var d = DemoDriver(request)
        defer { d.worker.stop() }
        try d.finish()
        let live = try #require(d.app.demo as? LocalizeDemo)
        #expect(live.measurements.map(\.meanIoU) == report.curve)
        #expect(live.measurements.map(\.step) == [0, 2, 4])
        let screen = d.screen(width: 120, height: 50)
        #expect(screen.contains("mean box IoU \(String(format: "%.3f", report.meanIoU))"))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DemoRun.json(report).utf8)) as? [String: Any])
        #expect(abs((json["mean_iou"] as? Double ?? -1) - report.meanIoU) < 1e-12)
    }

    @Test func aBoxIsReadFromFractionsAndAFlippedOneIsEmpty() {
        let box = ObjectIoU.box([0.25, 0.5, 0.75, 1][...])
        #expect(box == ObjectBox(left: 8, top: 16, right: 24, bottom: 32))
        let flipped = ObjectIoU.box([0.75, 0.5, 0.25, 1][...])
        #expect(flipped.area == 0 && flipped.iou(box) == 0)
    }
}
