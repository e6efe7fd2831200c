import ConvData
import ConvEngine
@testable import ConvTermApp
import Foundation
import TerminalKit
import Testing

/// The dashboard's `p`: the selected layer's pictures, written beside the checkpoint `s` writes.
@Suite(.serialized) struct DashboardPicturesTests {
    typealias F = DashboardFixtures

    @Test func pAsksForTheSelectedLayersPicturesBesideTheCheckpoint() {
        var s = F.trainedState()
        s.selectedLayer = 1
        s.savePath = "runs/today/run.ckpt"
        let (after, effects) = F.key(s, .char("p"))
        #expect(effects == [.pictures(layer: s.selectedRow.name, directory: "runs/today")])
        #expect(after.note?.contains("writing pictures of \(s.selectedRow.name)") == true)
        s.savePath = "run.ckpt"
        #expect(F.key(s, .char("p")).1 == [.pictures(layer: s.selectedRow.name, directory: ".")])
    }

    @Test func theWorkerWritesFiltersAndActivationsAndSaysWhere() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("dash-pictures-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        var app = try Dashboard.makeApp(configuration: DashboardWorkerTests.configuration(savePath: dir.appendingPathComponent("run.ckpt").path))
        defer { app.stop() }
        _ = app.update(.char("n"))
        #expect(DashboardWorkerTests.tick(&app) { $0.progress.step == 1 })
        for _ in 0..<20 where app.state.selectedRow.name != "conv1" { _ = app.update(.char("j")) }
        try #require(app.state.selectedRow.name == "conv1")
        _ = app.update(.char("p"))
        #expect(DashboardWorkerTests.tick(&app) { ($0.note ?? "").hasPrefix("wrote ") })
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files == ["convnetjs-cifar10-conv1-activations-step1.png", "convnetjs-cifar10-conv1-filters-step1.png"])
        // PNG signature: the files are pictures, not text.
        let head = try Data(contentsOf: dir.appendingPathComponent(files[0])).prefix(4)
        #expect(Array(head) == [0x89, 0x50, 0x4E, 0x47])
    }
}
