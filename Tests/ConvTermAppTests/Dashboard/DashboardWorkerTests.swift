import ConvData
import ConvEngine
@testable import ConvTermApp
import Foundation
import TerminalKit
import Testing

/// The session with a real training thread: keys reach the runner, reports come back.
@Suite(.serialized) struct DashboardWorkerTests {
    static func configuration(savePath: String? = nil) -> DashboardConfiguration {
        let data = SyntheticCIFAR.makeSplit(seed: 5, trainCount: 200, testCount: 60)
        return DashboardConfiguration(
            networkName: "convnetjs-cifar10", spec: Zoo.spec(named: "convnetjs-cifar10")!, train: data.train, test: data.test,
            batchSize: 4, optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.01, l2: 0.0001), seed: 5, threads: 1,
            savePath: savePath, startPaused: true, validationBatch: 20, validationEvery: 40)
    }

    /// Ticks until `done` holds (at most 20 s, so a hang fails instead of blocking the suite).
    static func tick(_ app: inout DashboardApp, until done: (DashboardState) -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            _ = app.tick()
            if done(app.state) { return true }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return false
    }

    @Test func keysDriveTheTrainingThread() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("dash-\(UUID().uuidString).ckpt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var app = try Dashboard.makeApp(configuration: Self.configuration(savePath: path))
        defer { app.stop() }
        let worker = app.worker
        #expect(app.state.paused && app.state.progress.step == 0)

        // n: exactly one batch, then paused, with a snapshot and a validation strip.
        _ = app.update(.char("n"))
        #expect(Self.tick(&app) { $0.progress.step == 1 && $0.snapshot != nil && !$0.testStrip.isEmpty })
        #expect(app.state.progress.examplesSeen == 4)

        // .: one example.
        _ = app.update(.char("."))
        #expect(Self.tick(&app) { $0.progress.examplesSeen == 5 })

        // ]: the learning rate reaches the optimizer; step count untouched.
        _ = app.update(.char("]"))
        #expect(Self.tick(&app) { _ in worker.trainer.optimizer.settings.learningRate == 0.02 })
        #expect(app.state.progress.step == 2)

        // o: another optimizer, same weights (step count and examples kept).
        _ = app.update(.char("o"))
        #expect(Self.tick(&app) { _ in worker.trainer.optimizer.settings.kind == .momentum })
        #expect(app.worker.trainer.examplesSeen == 5)

        // t: the whole test set.
        _ = app.update(.char("t"))
        #expect(Self.tick(&app) { $0.testEvaluation?.examples == 60 })

        // s: a checkpoint that loads back.
        _ = app.update(.char("s"))
        #expect(Self.tick(&app) { !$0.hasUnsavedProgress })
        let checkpoint = try Checkpoint.read(from: URL(fileURLWithPath: path))
        #expect(checkpoint.examplesSeen == 5 && checkpoint.extra["data"] != nil)

        // space: trains on by itself; space again pauses.
        _ = app.update(.char(" "))
        #expect(Self.tick(&app) { $0.progress.step >= 10 })
        _ = app.update(.char(" "))
        #expect(app.state.paused)

        // r then y: back to step 0 with the same seed.
        _ = app.update(.char("r"))
        #expect(app.state.confirmation == .reset(newSeed: nil))
        _ = app.update(.char("y"))
        #expect(Self.tick(&app) { $0.progress.step == 0 && $0.snapshot == nil })
        #expect(app.worker.trainer.step == 0)

        // q with nothing unsaved: quits.
        #expect(app.update(.char("q")) == false)
    }

    @Test func theSameSeedReplaysTheSameRun() throws {
        func firstLoss() throws -> Double {
            var app = try Dashboard.makeApp(configuration: Self.configuration())
            defer { app.stop() }
            _ = app.update(.char("n"))
            _ = Self.tick(&app) { $0.progress.step == 1 }
            return app.state.progress.loss
        }
        #expect(try firstLoss() == firstLoss())
    }

    @Test func slowerSpeedsRunTheRequestedBatchesPerFrame() throws {
        var c = Self.configuration()
        c.startPaused = false
        c.speed = .stepsPerFrame(2)
        var app = try Dashboard.makeApp(configuration: c)
        defer { app.stop() }
        for _ in 0..<5 {
            _ = app.tick()
            Thread.sleep(forTimeInterval: 0.05)
        }
        _ = app.update(.char(" "))
        Thread.sleep(forTimeInterval: 0.2)
        _ = app.tick()
        // 2 batches per frame, never more than asked for: at most 5 frames x 2.
        #expect(app.state.progress.step >= 2 && app.state.progress.step <= 12)
    }

    @Test func theAppLoopRunsOnTheMemoryBackend() throws {
        var app = try Dashboard.makeApp(configuration: Self.configuration())
        defer { app.stop() }
        let backend = MemoryBackend(width: 120, height: 40, keys: [.char("n"), .char("j")])
        backend.signalWhenKeysRunOut = 2
        let outcome = Terminal.run(&app.host, on: backend)
        #expect(outcome.exitStatus == 130)
        #expect(backend.isClosed)
        let text = backend.lastGrid?.lines.joined(separator: "\n") ?? ""
        #expect(text.contains("ConvTerm  convnetjs-cifar10"))
        #expect(text.contains("conv1"))
    }
}
