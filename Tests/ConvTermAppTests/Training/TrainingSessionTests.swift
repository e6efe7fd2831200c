import ConvData
import ConvEngine
@testable import ConvTermApp
import Foundation
import Synchronization
import TerminalKit
import Testing

/// The one training session: the same options and seed give the same weights wherever it runs.
@Suite(.serialized) struct TrainingSessionTests {
    static let data = SyntheticCIFAR.makeSplit(seed: 5, trainCount: 96, testCount: 40)

    static func options(batch: Int = 4) throws -> TrainingOptions {
        var o = TrainingOptions(network: try NetworkSource.load("convnetjs-cifar10"), dataName: "synthetic",
                                train: data.train, test: data.test)
        o.batchSize = batch
        o.seed = 11
        o.threads = 1
        return o
    }

    static func weights(_ network: Network) -> [[UInt32]] {
        network.parameters.map { $0.value.map(\.bitPattern) }
    }

    /// The default recipe's rate decays over the default run's 10 epochs (96 images in batches
    /// of 4: 24 steps an epoch); a demo's `.none` keeps it constant.
    @Test func theDefaultRateDecaysOverTenEpochs() throws {
        #expect(try TrainingSession(try Self.options()).trainer.schedule == LearningRateSchedule(horizon: 240))
        var constant = try Self.options()
        constant.decay = .none
        #expect(try TrainingSession(constant).trainer.schedule == nil)
        var steps = try Self.options()
        steps.decay = .steps(7)
        #expect(try TrainingSession(steps).trainer.schedule == LearningRateSchedule(horizon: 7))
    }

    /// Headless `train` and the dashboard (its worker thread, snapshots, validation batches and
    /// all) end bit-identical after the same steps.
    @Test func headlessAndDashboardGiveTheSameWeights() throws {
        let steps = 12
        var settings = TrainingJob.Settings(options: try Self.options())
        settings.steps = steps
        let headless = try TrainingSession(settings.options)
        _ = try TrainingJob(settings: settings, output: { _ in }, progress: { _ in }).run(session: headless)
        #expect(headless.trainer.step == steps)

        var c = DashboardConfiguration(training: try Self.options(), startPaused: true, validationBatch: 10, validationEvery: 8)
        c.frameInterval = .milliseconds(10)
        var app = try Dashboard.makeApp(configuration: c)
        defer { app.stop() }
        for i in 1...steps {
            app.update(.char("n"))
            let deadline = Date().addingTimeInterval(20)
            while app.state.progress.step < i && Date() < deadline {
                app.tick()
                Thread.sleep(forTimeInterval: 0.002)
            }
        }
        #expect(app.state.progress.step == steps)
        #expect(!app.state.history.validationAccuracy.isEmpty, "validation ran in between")
        // Read the weights on the worker, between steps.
        let done = Mutex<[[UInt32]]?>(nil)
        app.worker.session.onWorker { session in done.withLock { $0 = Self.weights(session.network) } }
        let deadline = Date().addingTimeInterval(20)
        while done.withLock({ $0 }) == nil && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
        let dashboard = try #require(done.withLock { $0 })
        let expected = Self.weights(headless.network)
        #expect(dashboard.count == expected.count)
        let differing = zip(dashboard, expected).filter { $0 != $1 }.count
        #expect(differing == 0, "\(differing) of \(expected.count) parameter tensors differ bit for bit")
    }

    /// A batch of 8 is the same 8 images as two batches of 4, so the dashboard's `b` never
    /// changes what a seed means.
    @Test func batchSizeDoesNotChangeTheDataOrder() throws {
        let a = try TrainingSession(Self.options(batch: 8))
        let b = try TrainingSession(Self.options(batch: 4))
        let (x8, y8) = a.feed.next(8)
        let (x4a, y4a) = b.feed.next(4)
        let (x4b, y4b) = b.feed.next(4)
        #expect(y8 == y4a + y4b)
        #expect(x8.data == x4a.data + x4b.data)
    }

    @Test func aSavedSessionResumesWhereItStopped() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("session-\(UUID().uuidString).ckpt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let straight = try TrainingSession(Self.options())
        for _ in 0..<10 { straight.trainBatch() }

        let first = try TrainingSession(Self.options())
        for _ in 0..<4 { first.trainBatch() }
        try first.save(to: path)
        var resumed = try Self.options()
        resumed.resume = try Checkpoint.read(from: URL(fileURLWithPath: path))
        let second = try TrainingSession(resumed)
        #expect(second.dataState == first.dataState, "the data position travels with the checkpoint")
        for _ in 0..<6 { second.trainBatch() }
        #expect(Self.weights(second.network) == Self.weights(straight.network), "resumed weights differ from the uninterrupted run's")
    }

    /// Stopping and resuming never raises the rate again: the checkpoint keeps where the decay
    /// ends, and a resumed run without a new length decays to that same end.
    @Test func aResumedRunKeepsItsDecaysEnd() throws {
        // 96 images in batches of 4: 24 steps an epoch.
        func plan(steps: Int? = nil, epochs: Int? = nil, _ c: Checkpoint? = nil) -> TrainingOptions.Decay {
            TrainingOptions.decay(steps: steps, epochs: epochs, trainCount: 96, batchSize: 4, resuming: c)
        }
        #expect(plan() == .steps(240))
        #expect(plan(steps: 30, epochs: 1) == .steps(24))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("decay-\(UUID().uuidString).ckpt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var o = try Self.options()
        o.decay = plan(steps: 12)
        let straight = try TrainingSession(o)
        for _ in 0..<12 { straight.trainBatch() }
        let first = try TrainingSession(o)
        for _ in 0..<5 { first.trainBatch() }
        try first.save(to: path)
        let saved = try Checkpoint.read(from: URL(fileURLWithPath: path))
        #expect(saved.extra["lr-decay-end"] == "12")
        #expect(plan(saved) == .steps(12))
        #expect(plan(steps: 3, saved) == .steps(8), "a new length counts from the checkpoint's step")
        var r = try Self.options()
        r.resume = saved
        r.decay = plan(saved)
        let second = try TrainingSession(r)
        for _ in 0..<7 { second.trainBatch() }
        #expect(Self.weights(second.network) == Self.weights(straight.network))
        // The rule this replaced (a fresh 10 epochs from the checkpoint) steps at a higher rate.
        r.decay = .steps(5 + 240)
        let raised = try TrainingSession(r)
        for _ in 0..<7 { raised.trainBatch() }
        #expect(Self.weights(raised.network) != Self.weights(straight.network))
    }

    @Test func runStopsAtTheStepLimitAndReportsDivergence() throws {
        let session = try TrainingSession(Self.options())
        var seen = 0
        #expect(session.run(.init(steps: 5)) { _ in seen += 1 } == .limitReached)
        #expect(seen == 5 && session.trainer.step == 5)
        #expect(session.run(.init(steps: 100), interrupted: { true }) { _ in } == .interrupted)

        var wild = try Self.options()
        wild.optimizer = OptimizerSettings(kind: .sgd, learningRate: 1e39, l2: 0)
        let diverging = try TrainingSession(wild)
        if case .diverged = diverging.run(.init(steps: 50), onStep: { _ in }) {} else {
            Issue.record("a learning rate of 1e39 must diverge")
        }
    }

    @Test func aNetworkThatDoesNotFitTheDataIsRefusedWithWhatToChange() throws {
        var o = try Self.options()
        o.network = NetworkSource(name: "small", origin: "small.net", text: "input 32x32x3\nfc 4\n",
                                  spec: try SpecParser.parse("input 32x32x3\nfc 4\n"))
        #expect(throws: TrainingSession.Failure.self) { try TrainingSession(o) }
        do { _ = try TrainingSession(o) } catch {
            #expect("\(error)".contains("fc 10"))
        }
    }

    /// The built-in set is never mirrored (a mirror turns stripes-up into stripes-down); CIFAR is.
    @Test func augmentationIsTheDataSetsOwn() {
        #expect(SyntheticCIFAR.make(count: 2, seed: 1).augmentation.flips == false)
        #expect(Self.data.train.augmentation == .shiftsOnly)
        #expect(Self.data.train.prefix(3).augmentation == .shiftsOnly, "subsets keep the declaration")
    }
}
