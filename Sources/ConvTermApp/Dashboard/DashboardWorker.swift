import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Carries out the dashboard's effects on a `TrainingSession` and its worker thread; the worker
/// answers through the inbox. It decides nothing: speed, pause and the validation schedule are
/// the dashboard state's (`DashboardUpdate`), and every effect says all it needs.
final class DashboardWorker {
    let configuration: DashboardConfiguration
    let inbox: Inbox<DashboardMessage>
    private(set) var session: TrainingSession
    private(set) var stopped = false

    init(configuration: DashboardConfiguration, inbox: Inbox<DashboardMessage> = Inbox()) throws {
        self.configuration = configuration
        self.inbox = inbox
        session = try Self.start(configuration.training, inbox: inbox)
    }

    /// A session whose worker waits for its first command and reports every step into `inbox`.
    private static func start(_ options: TrainingOptions, inbox: Inbox<DashboardMessage>) throws -> TrainingSession {
        let session = try TrainingSession(options)
        session.startWorker(paused: true) { event in Self.post(event, to: inbox) }
        return session
    }

    /// Steps join the `.trained` message already waiting; of the snapshots between two frames
    /// only the newest is kept (each is a copy of every layer).
    static func post(_ event: TrainingEvent, to inbox: Inbox<DashboardMessage>) {
        inbox.post { pending in
            if case .trained(var events)? = pending.last {
                if event.snapshot != nil { for i in events.indices { events[i].snapshot = nil } }
                events.append(event)
                pending[pending.count - 1] = .trained(events)
            } else {
                pending.append(.trained([event]))
            }
        }
    }

    var trainer: Trainer { session.trainer }
    private var runner: TrainingRunner { session.runner! }

    /// The state the dashboard opens with.
    func initialState() -> DashboardState {
        let c = configuration
        var s = DashboardState(
            networkName: c.networkName, layers: DashboardLayerRow.rows(trainer.network.shapes), classNames: c.train.classNames,
            trainCount: c.train.count, testCount: c.test.count, threads: trainer.threads, seed: session.options.seed,
            savePath: c.resolvedSavePath, paused: c.startPaused, speed: c.speed,
            optimizer: trainer.optimizer.settings, batchSize: c.training.batchSize)
        s.memory = TrainingMemory(trainer.network.shapes, batch: c.training.batchSize,
                                  optimizerSlots: trainer.optimizer.slotCount, threads: trainer.threads)
        s.present = c.present
        s.task = c.task
        s.taskGoal = c.taskGoal
        s.viewing = c.viewing
        if c.viewing != nil { s.paused = true }
        s.frameInterval = c.frameInterval
        s.validationBatch = c.validationBatch
        s.validationEvery = c.validationEvery
        s.progress.step = trainer.step
        s.progress.examplesSeen = trainer.examplesSeen
        s.savedExamples = trainer.examplesSeen
        return s
    }

    func perform(_ effect: DashboardEffect) {
        let inbox = self.inbox
        switch effect {
        case .pause: runner.send(.pause)
        case .resume: runner.send(.resume)
        case .trainBatches(let n): runner.send(.step(batches: n))
        case .trainExample:
            session.onWorker { session in
                Self.post(session.trainBatch(1, snapshotExample: 0), to: inbox)
            }
        case .requestSnapshot: runner.requestSnapshot()
        case .validate(let count):
            session.onWorker { session in
                let (accuracy, strip) = session.validate(count: count, stripCount: 8)
                inbox.post(.validated(accuracy: accuracy, examplesSeen: session.trainer.examplesSeen, strip: strip))
            }
        case .setLearningRate(let lr): runner.send(.setLearningRate(lr))
        case .setOptimizer(let kind, let lr):
            runner.send(.setOptimizer(kind))
            runner.send(.setLearningRate(lr))
        case .setBatchSize(let n): runner.send(.setBatchSize(n))
        case .evaluateTestSet:
            session.onWorker { session in
                guard let e = session.evaluate() else { return }
                inbox.post(.evaluated(TestEvaluation(accuracy: e.accuracy, loss: e.loss, examples: e.examples, atStep: session.trainer.step)))
                inbox.post(.validated(accuracy: e.accuracy, examplesSeen: session.trainer.examplesSeen, strip: []))
            }
        case .save(let path):
            session.onWorker { session in
                do {
                    try session.save(to: path)
                    inbox.post(.saved(path: path, examplesSeen: session.trainer.examplesSeen))
                } catch {
                    inbox.post(.failed("could not save: \(error)"))
                }
            }
        case .pictures(let layer, let directory):
            session.onWorker { session in
                do {
                    inbox.post(.wrotePictures(try Self.writePictures(of: session, layer: layer, to: directory)))
                } catch {
                    inbox.post(.failed("could not write pictures: \(error)"))
                }
            }
        case .reset(let seed, let kind, let lr, let batch, let running):
            reset(seed: seed, optimizer: kind, learningRate: lr, batchSize: batch, running: running)
        case .look(let index):
            session.onWorker { session in
                let set = session.options.test ?? session.options.train
                guard set.count > 0 else { return }
                let i = index % set.count
                var image = [Float](repeating: 0, count: set.pixelsPerImage)
                image.withUnsafeMutableBufferPointer { set.writeFloats(at: i, into: $0.baseAddress!, preprocessing: session.options.preprocessing) }
                inbox.post(.looked(session.trainer.look(at: image, label: set.label(at: i))))
            }
        case .quit:
            stop()
        }
    }

    /// The `p` key's pictures: the layer's filters when it has them, and its activation maps for
    /// the first test image (the same image every time, so pictures at several steps compare).
    static func writePictures(of session: TrainingSession, layer: String, to directory: String) throws -> [String] {
        let pictures = SlidePictures(trainer: session.trainer, name: session.options.network.name, step: session.trainer.step)
        var out: [SlidePictures.Picture] = []
        if session.trainer.network.allLayers.contains(where: { $0.name == layer && $0 is Convolution }) {
            out += try pictures.filters(layer: layer)
        }
        let set = session.options.test ?? session.options.train
        if set.count > 0, session.trainer.network.allLayers.contains(where: { $0.name == layer && $0.children.isEmpty }) {
            var image = [Float](repeating: 0, count: set.pixelsPerImage)
            image.withUnsafeMutableBufferPointer { set.writeFloats(at: 0, into: $0.baseAddress!, preprocessing: session.options.preprocessing) }
            out += try pictures.activations(image: image, layer: layer)
        }
        return try SlidePictures.write(out, to: URL(fileURLWithPath: directory)).map(\.path)
    }

    /// Stops the old worker, then builds a fresh session from `seed`: the same seed gives the
    /// same initial weights and data order, so the run replays exactly. The starting checkpoint
    /// (if any) belongs to the original seed only.
    private func reset(seed: UInt64, optimizer: OptimizerKind, learningRate: Double, batchSize: Int, running: Bool) {
        guard session.stopWorker() else {
            inbox.post(.failed("reset failed: the training step did not finish in time; try again"))
            return
        }
        _ = inbox.drain()
        var options = configuration.training
        if seed != options.seed { options.resume = nil }
        options.seed = seed
        // Keep the settings the user chose; only the weights and counters start over. They go in
        // before the worker starts, so no thread but the worker touches the new trainer.
        options.optimizer.kind = optimizer
        options.optimizer.learningRate = learningRate
        options.batchSize = batchSize
        do {
            session = try Self.start(options, inbox: inbox)
            // A resumed checkpoint brings its own optimizer kind: the one on screen wins.
            if trainer.optimizer.settings.kind != optimizer { runner.send(.setOptimizer(optimizer)) }
            runner.send(.setLearningRate(learningRate))
            // Counters are read while the worker still waits, and reported before it trains.
            inbox.post(.resetDone(seed: seed, examplesSeen: trainer.examplesSeen))
            if running { runner.send(.resume) }
            runner.requestSnapshot()
        } catch {
            inbox.post(.failed("reset failed: \(error)"))
        }
    }

    /// Stops the training thread and waits for it (at most a few seconds: one step is short).
    /// Stops the training thread and waits for it (commands run in order, so a save asked for
    /// before is written first). True once it has stopped.
    @discardableResult
    func stop() -> Bool {
        guard !stopped else { return session.runner?.status.finished ?? true }
        stopped = true
        return session.stopWorker()
    }
}
