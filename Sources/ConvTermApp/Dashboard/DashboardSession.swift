import ConvData
import ConvEngine
import Foundation

/// The side-effecting half of the dashboard: owns the trainer, its runner thread and the data,
/// and carries out the effects `DashboardUpdate` returns. The UI thread calls it; the training
/// thread answers through the inbox.
final class DashboardSession {
    let configuration: DashboardConfiguration
    private(set) var trainer: Trainer
    private(set) var runner: TrainingRunner
    private var feed: TrainingFeed
    let inbox = DashboardInbox()
    private var seed: UInt64
    /// Speed control below full speed: batches asked of the runner vs batches it finished.
    private var requestedSteps = 0
    private var finishedSteps = 0
    private var frame = 0
    private var examplesAtLastValidation = -1
    private var validationPending = false
    private(set) var stopped = false
    private var started = false

    init(configuration: DashboardConfiguration) throws {
        self.configuration = configuration
        seed = configuration.seed
        (trainer, runner, feed) = try DashboardSession.build(configuration, seed: configuration.seed, inbox: inbox)
    }

    /// A trainer (from the seed, or the initial checkpoint), its data feed and a runner that
    /// reports into `inbox`. The runner starts paused: `start` decides how it runs.
    private static func build(_ c: DashboardConfiguration, seed: UInt64, inbox: DashboardInbox) throws
        -> (Trainer, TrainingRunner, TrainingFeed) {
        let network = try Network(spec: c.spec, initialization: c.initialization, seed: seed)
        let trainer = try Trainer(network: network, optimizer: c.optimizer, threads: c.threads)
        var dataState: BatchSource.State?
        if let checkpoint = c.initialCheckpoint, seed == c.seed {
            try checkpoint.restore(into: trainer)
            if let text = checkpoint.extra["data"] {
                dataState = BatchSource.State(integers: text.split(separator: ",").compactMap { UInt64($0) })
            }
        }
        let feed = TrainingFeed(train: c.train, test: c.test, seed: seed, preprocessing: c.preprocessing,
                                augmentation: c.augmentation, state: dataState)
        let runner = TrainingRunner(trainer: trainer, batchSize: c.batchSize, startPaused: true,
                                    source: { n in feed.next(n) }, onEvent: { inbox.post($0) })
        return (trainer, runner, feed)
    }

    /// The state the dashboard opens with.
    func initialState() -> DashboardState {
        let c = configuration
        var s = DashboardState(
            networkName: c.networkName, layers: DashboardLayerRow.rows(trainer.network.shapes), classNames: c.train.classNames,
            trainCount: c.train.count, testCount: c.test.count, threads: trainer.threads, seed: seed,
            savePath: c.resolvedSavePath, paused: c.startPaused, speed: c.speed,
            optimizer: trainer.optimizer.settings, batchSize: c.batchSize)
        s.present = c.present
        s.progress.step = trainer.step
        s.progress.examplesSeen = trainer.examplesSeen
        s.savedExamples = trainer.examplesSeen
        return s
    }

    func start(_ state: DashboardState) {
        started = true
        runner.start()
        if !state.paused && state.speed == .full { runner.send(.resume) }
        runner.requestSnapshot()
    }

    // MARK: Effects

    func perform(_ effects: [DashboardEffect], _ state: DashboardState) {
        for effect in effects { perform(effect, state) }
    }

    private func perform(_ effect: DashboardEffect, _ state: DashboardState) {
        switch effect {
        case .pause:
            runner.send(.pause)
            requestedSteps = finishedSteps
        case .resume:
            if state.speed == .full { runner.send(.resume) }
        case .stepBatches(let n):
            runner.send(.pause)
            runner.send(.step(batches: n))
            runner.requestSnapshot()
        case .stepExample:
            runner.send(.pause)
            let feed = self.feed, inbox = self.inbox
            runner.send(.perform { trainer in
                let (images, labels) = feed.next(1)
                inbox.post(trainer.train(images: images, labels: labels, snapshotExample: 0))
            })
        case .setSpeed(let speed):
            guard !state.paused else { return }
            if speed == .full {
                runner.send(.resume)
            } else {
                runner.send(.pause)
                requestedSteps = finishedSteps
            }
        case .setLearningRate(let lr):
            runner.send(.setLearningRate(lr))
        case .setOptimizer(let kind, let lr):
            runner.send(.setOptimizer(kind))
            runner.send(.setLearningRate(lr))
        case .setBatchSize(let n):
            runner.send(.setBatchSize(n))
        case .evaluateTestSet:
            let feed = self.feed, inbox = self.inbox
            runner.send(.perform { trainer in
                let e = feed.evaluate(trainer)
                inbox.post(.evaluated(TestEvaluation(accuracy: e.accuracy, loss: e.loss, examples: e.examples, atStep: trainer.step)))
                inbox.post(.validated(accuracy: e.accuracy, examplesSeen: trainer.examplesSeen, strip: []))
            })
        case .save:
            save(to: state.savePath)
        case .reset(let newSeed):
            reset(seed: newSeed, state)
        case .quit:
            stop()
        }
    }

    private func save(to path: String) {
        let feed = self.feed, inbox = self.inbox
        let seed = self.seed
        runner.send(.perform { trainer in
            let data = feed.state.integers.map(String.init).joined(separator: ",")
            let checkpoint = Checkpoint(trainer: trainer, extra: ["data": data, "seed": "\(seed)"])
            do {
                try checkpoint.write(to: URL(fileURLWithPath: path))
                inbox.post(.saved(path: path, examplesSeen: trainer.examplesSeen))
            } catch {
                inbox.post(.failed("could not save: \(error)"))
            }
        })
    }

    /// Stops the old runner, then builds a fresh trainer from `seed`: the same seed gives the
    /// same initial weights and data order, so the run replays exactly.
    private func reset(seed newSeed: UInt64, _ state: DashboardState) {
        stopRunner()
        _ = inbox.drain()
        do {
            seed = newSeed
            (trainer, runner, feed) = try DashboardSession.build(configuration, seed: newSeed, inbox: inbox)
            // Keep the settings the user chose; only the weights and counters start over.
            trainer.optimizer.settings.kind = state.optimizer
            trainer.optimizer.settings.learningRate = state.learningRate
            runner.send(.setBatchSize(state.batchSize))
            requestedSteps = 0
            finishedSteps = 0
            examplesAtLastValidation = -1
            validationPending = false
            runner.start()
            if !state.paused && state.speed == .full { runner.send(.resume) }
            runner.requestSnapshot()
            inbox.post(.resetDone(seed: newSeed, examplesSeen: trainer.examplesSeen))
        } catch {
            inbox.post(.failed("reset failed: \(error)"))
        }
    }

    // MARK: Per frame

    /// Called once per frame: collects reports, keeps slower speeds going, schedules validation.
    func frameMessages(_ state: DashboardState) -> [DashboardMessage] {
        frame += 1
        let (messages, steps) = inbox.drain()
        finishedSteps += steps
        for m in messages {
            if case .validated = m { validationPending = false }
        }
        driveSpeed(state)
        scheduleValidation(state)
        runner.requestSnapshot()
        return messages
    }

    private func driveSpeed(_ state: DashboardState) {
        guard !state.paused, !state.progress.diverged, finishedSteps >= requestedSteps else { return }
        switch state.speed {
        case .full: return
        case .stepsPerFrame(let n):
            requestedSteps = finishedSteps + n
            runner.send(.step(batches: n))
        case .framesPerStep(let n):
            guard frame % n == 0 else { return }
            requestedSteps = finishedSteps + 1
            runner.send(.step(batches: 1))
        }
    }

    private func scheduleValidation(_ state: DashboardState) {
        let c = configuration
        let seen = state.progress.examplesSeen
        guard !validationPending, c.test.count > 0,
              examplesAtLastValidation < 0 || seen - examplesAtLastValidation >= c.validationEvery else { return }
        // The first batch right away (so the strip is not empty), then every `validationEvery` examples.
        guard examplesAtLastValidation < 0 || seen > examplesAtLastValidation else { return }
        examplesAtLastValidation = seen
        validationPending = true
        let feed = self.feed, inbox = self.inbox
        let count = c.validationBatch
        runner.send(.perform { trainer in
            let (accuracy, strip) = feed.validate(trainer, count: count, stripCount: 8)
            inbox.post(.validated(accuracy: accuracy, examplesSeen: trainer.examplesSeen, strip: strip))
        })
    }

    // MARK: Stopping

    /// Stops the training thread and waits for it (at most a few seconds: one step is short).
    func stop() {
        guard !stopped else { return }
        stopped = true
        stopRunner()
    }

    private func stopRunner() {
        guard started else { return }
        runner.send(.stop)
        let deadline = Date().addingTimeInterval(10)
        while !runner.status.finished && Date() < deadline { Thread.sleep(forTimeInterval: 0.002) }
    }
}
