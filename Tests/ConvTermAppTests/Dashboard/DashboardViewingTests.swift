import ConvData
import ConvEngine
import Foundation
import Testing
import TerminalKit
@testable import ConvTermApp

/// Tests for Sources/ConvTermApp/Dashboard/DashboardViewing.swift: the dashboard as a viewer of
/// a checkpoint (`convterm eval --dashboard`), which trains nothing.
@Suite struct DashboardViewingTests {
    static func viewerState() -> DashboardState {
        var s = DashboardFixtures.state()
        s.viewing = DashboardViewing(checkpoint: "alexnet.ckpt", netClassNames: ImageNetClasses.names, notes: ["resized"])
        return s
    }

    @Test func theFirstFrameLooksAndFillsTheStripThenNothingIsScheduled() {
        var s = Self.viewerState()
        var (next, effects) = DashboardUpdate.update(s, .frame(now: 0.1))
        #expect(effects == [.look(image: 0), .validate(count: 8)])
        #expect(next.note?.hasPrefix("viewing alexnet.ckpt, nothing trains") == true)
        var grid = CellGrid(width: 120, height: 40, capabilities: .full)
        DashboardView.render(next, into: &grid)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("Viewing alexnet.ckpt: nothing trains") && text.contains("resized"), "\(text)")
        #expect(!text.contains("learning rate"), "no training figures in the viewer")
        s = next
        for t in 2...20 {
            (next, effects) = DashboardUpdate.update(s, .frame(now: Double(t) * 0.1))
            #expect(effects.isEmpty, "frame \(t): \(effects)")
            s = next
        }
    }

    @Test func nAndCapitalNStepThroughTheImagesAndTrainingKeysDoNothing() {
        var s = Self.viewerState()
        var (next, effects) = DashboardUpdate.update(s, .key(.char("n")))
        #expect(effects == [.look(image: 1)] && next.viewing?.image == 1)
        s = Self.viewerState()
        (next, effects) = DashboardUpdate.update(s, .key(.char("N")))
        #expect(effects == [.look(image: 199)], "wraps to the last of the 200 test images")
        for key in [" ", ".", "+", "-", "[", "]", "b", "o", "r", "R", "s", "t"] {
            (next, effects) = DashboardUpdate.update(s, .key(.char(Character(key))))
            #expect(effects.isEmpty, "\(key): \(effects)")
            #expect(next.confirmation == nil && next.note?.contains("nothing trains here") == true, "\(key)")
        }
        // Looking keys work as when training; tab shows no gradients, as nothing computes them.
        (next, effects) = DashboardUpdate.update(s, .key(.char("j")))
        #expect(next.selectedLayer == 1)
        var modes: [LayerViewMode] = []
        var t = next
        for _ in 0..<3 {
            t = DashboardUpdate.update(t, .key(.tab)).0
            modes.append(t.effectiveViewMode)
        }
        #expect(modes == [.weights, .activations, .weights], "conv1: \(modes)")
        (next, _) = DashboardUpdate.update(s, .key(.char("q")))
        #expect(next.quitting)
    }

    @Test func predictionsAreNamedByTheNetsClassesTheTruthByTheDatas() {
        let s = Self.viewerState()
        #expect(s.predictedName(0) == "tench" && s.predictedName(999) == "toilet tissue")
        #expect(DashboardFixtures.state().predictedName(0) == "stripes-h")
    }

    /// The whole path: an imported-style checkpoint viewed on the built-in set; the example is
    /// the first image resized and normalised as the net expects, its probabilities the net's,
    /// and nothing was trained.
    @Test func aViewedCheckpointShowsTheNetsGuessesAndTrainsNothing() throws {
        let (checkpoint, network) = try CheckpointReportTests.imported()
        let before = network.parameters.map(\.value)
        let report = try CheckpointReport(checkpointPath: "/tmp/in.ckpt", checkpoint: checkpoint, data: CheckpointReportTests.data,
                                          threads: 1, count: 12)
        let configuration = report.viewerConfiguration()
        #expect(configuration.viewing?.netClassNames == ImageNetClasses.names)
        // Ctrl-C in the viewer must not write over the checkpoint it shows (and drop its class names).
        #expect(configuration.savePath == "/tmp/in.ckpt" && configuration.interruptSavePath == nil)
        var training = configuration
        training.viewing = nil
        #expect(training.interruptSavePath == "/tmp/in.ckpt")
        var app = try Dashboard.makeApp(configuration: configuration)
        defer { app.stop() }
        app.tick()
        let deadline = Date().addingTimeInterval(60)
        while (app.state.snapshot == nil || app.state.testStrip.isEmpty) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            app.tick()
        }
        let snapshot = try #require(app.state.snapshot)
        #expect(app.state.testStrip.count == 8)
        // The first test image, resized to 8x8 and normalised by hand: the net's probabilities on it.
        let small = CheckpointReportTests.data.test!.resized(width: 8, height: 8).pixels(at: 0)
        let means: [Float] = [0.485, 0.456, 0.406], stds: [Float] = [0.229, 0.224, 0.225]
        let x = small.enumerated().map { k, byte in (Float(byte) / 255 - means[k / 64]) / stds[k / 64] }
        let expected = Softmax.probabilities(network.scores(Tensor(batch: 1, volume: network.spec.input, data: x),
                                                            PassContext(training: false, threads: 1))).data
        #expect(relativeDifference(snapshot.probabilities, expected) < 1e-5)
        #expect(snapshot.label == CheckpointReportTests.data.test!.label(at: 0))

        app.update(.char("n"))
        app.update(.char(" "))
        let next = Date().addingTimeInterval(60)
        while app.state.snapshot?.input == snapshot.input && Date() < next {
            Thread.sleep(forTimeInterval: 0.01)
            app.tick()
        }
        #expect(app.state.snapshot?.label == CheckpointReportTests.data.test!.label(at: 1))
        #expect(app.state.progress.step == 0 && app.worker.trainer.step == 0)
        #expect(app.worker.trainer.network.parameters.map(\.value) == before, "the viewer changed no weight")

        var grid = CellGrid(width: 140, height: 44, capabilities: .full)
        app.render(into: &grid)
        let text = grid.lines.joined(separator: "\n")
        #expect(text.contains("VIEWING") && text.contains("the net's top class"), "\(text)")
    }
}
