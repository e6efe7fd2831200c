import ConvData
import ConvEngine
import Foundation

/// The one way anything trains: headless `train`, the dashboard, the demos and `eval` all build
/// one. It owns the network's trainer, the data feed (with its position), checkpoints, evaluation,
/// the stop conditions of a headless run and the worker thread of a live one, and reports every
/// step as a `TrainingEvent`. The same options and seed give bit-identical weights wherever it runs.
///
/// Threading: every method that touches the trainer or the feed must run on one thread at a time.
/// A headless run calls them from its own thread; a live run calls `startWorker` and from then on
/// reaches them only through `onWorker`, which queues the call between two steps.
public final class TrainingSession: @unchecked Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let options: TrainingOptions
    public let trainer: Trainer
    let feed: TrainingFeed
    /// The live run's thread, once `startWorker` was called.
    public private(set) var runner: TrainingRunner?

    public init(_ options: TrainingOptions) throws {
        self.options = options
        let source = options.network
        let described = { (error: SpecError) in Failure(description: NetworkSource.describe(error.inFile(source.origin), in: source.text)) }
        if let loss = source.spec.loss {
            guard let task = TrainingTask(loss: loss) else {
                throw Failure(description: "this run trains classifiers: " + TrainingTask.advice(origin: source.origin, loss: loss))
            }
            throw Failure(description: "\(source.origin) ends in `loss \(loss.text)`: this run trains classifiers (class scores, softmax cross-entropy); train it headless with `convterm train --task \(task.rawValue) --net \(source.origin)` or watch it in `convterm demo \(task.rawValue)`")
        }
        // Before anything is allocated: a run that cannot fit is refused with the numbers.
        let memory = TrainingMemory(NetworkShapes(source.spec), batch: options.batchSize,
                                    optimizerSlots: Optimizer(options.optimizer).slotCount, threads: options.threads)
        if let refusal = memory.refusal(batch: options.batchSize) { throw Failure(description: "\(source.origin): \(refusal)") }
        let network: Network
        do { network = try Network(spec: source.spec, initialization: options.initialization, seed: options.seed) } catch { throw described(error) }
        do { trainer = try Trainer(network: network, optimizer: options.optimizer, threads: options.threads) } catch { throw described(error) }
        trainer.schedule = options.schedule
        let train = options.train
        guard trainer.classCount >= train.classCount else {
            throw Failure(description: "\(source.origin) ends in \(trainer.classCount) class scores but \(options.dataName) has \(train.classCount) classes; change the last `fc` to `fc \(train.classCount)`")
        }
        let input = network.spec.input
        guard train.width == input.width, train.height == input.height, train.channels == input.depth else {
            throw Failure(description: "\(source.origin) takes \(input) input but \(options.dataName) has \(train.width)x\(train.height)x\(train.channels) images; change its `input` line")
        }
        var dataState: BatchSource.State?
        if let checkpoint = options.resume {
            do { try checkpoint.restore(into: trainer) } catch { throw Failure(description: "\(error)") }
            // A resumed run keeps the optimizer it was saved with (its state belongs to that kind);
            // the learning rate and L2 come from the options (callers pass the saved ones by default).
            trainer.optimizer.settings.learningRate = options.optimizer.learningRate
            trainer.optimizer.settings.l2 = options.optimizer.l2
            if let text = checkpoint.extra["data"], let state = BatchSource.State(checkpointText: text),
               state.position <= train.count {
                dataState = state
            }
        }
        feed = TrainingFeed(train: train, test: options.test, seed: options.seed, preprocessing: options.preprocessing,
                            augmentation: options.augmentation, state: dataState)
    }

    public var network: Network { trainer.network }
    /// Where the data order stands: saved with every checkpoint.
    public var dataState: BatchSource.State { feed.state }
    public var epoch: Int { feed.epoch }
    public var stepsPerEpoch: Int { (options.train.count + options.batchSize - 1) / options.batchSize }

    // MARK: Steps

    /// One batch of `size` (the options' batch size by default): forward, backward, update.
    @discardableResult
    public func trainBatch(_ size: Int? = nil, snapshotExample: Int? = nil) -> TrainingEvent {
        let (images, labels) = feed.next(size ?? options.batchSize)
        return trainer.train(images: images, labels: labels, snapshotExample: snapshotExample)
    }

    // MARK: Checkpoints

    /// The whole state, the data position and the seed included, so a resumed run continues exactly.
    public func checkpoint() -> Checkpoint {
        var extra = ["data": feed.state.checkpointText, "seed": "\(options.seed)"]
        if let schedule = trainer.schedule { extra[TrainingSession.decayEndKey] = "\(schedule.horizon)" }
        return Checkpoint(trainer: trainer, extra: extra)
    }

    /// The checkpoint header key of the step where the learning rate's decay ends.
    public static let decayEndKey = "lr-decay-end"

    /// Writes `checkpoint()` atomically (a temporary file renamed over `path`).
    public func save(to path: String) throws {
        do { try checkpoint().write(to: URL(fileURLWithPath: path)) } catch { throw Failure(description: "\(error)") }
    }

    // MARK: Evaluation

    /// Accuracy, loss and confusion matrix over `set` (the test set when nil; nil when there is none).
    public func evaluate(_ set: ImageSet? = nil) -> Evaluation? {
        guard let set = set ?? options.test else { return nil }
        return trainer.evaluate(on: set, preprocessing: options.preprocessing)
    }

    /// A rolling validation batch: accuracy on the next `count` test images and a strip of them.
    func validate(count: Int, stripCount: Int) -> (accuracy: Double, strip: [TestPrediction]) {
        feed.validate(trainer, count: count, stripCount: stripCount)
    }

    // MARK: A headless run

    /// When a headless run stops: whichever comes first.
    public struct Limits: Sendable {
        public var steps: Int?
        public var seconds: Double?
        public init(steps: Int? = nil, seconds: Double? = nil) {
            self.steps = steps
            self.seconds = seconds
        }
    }

    public enum Ending: Sendable, Equatable {
        case limitReached
        case interrupted
        /// The step whose loss or weights stopped being finite (nothing of it was kept).
        case diverged(atStep: Int)
    }

    /// Trains on the calling thread until a limit, `interrupted()` or divergence; `onStep` sees
    /// every accepted step (progress, logs, periodic checkpoints).
    public func run(_ limits: Limits, interrupted: () -> Bool = { false },
                    onStep: (TrainingEvent) throws -> Void) rethrows -> Ending {
        let firstStep = trainer.step
        let start = ContinuousClock.now
        while true {
            if let steps = limits.steps, trainer.step - firstStep >= steps { return .limitReached }
            if let seconds = limits.seconds, ContinuousClock.now - start >= .milliseconds(Int64(seconds * 1000)) { return .limitReached }
            if interrupted() { return .interrupted }
            let event = trainBatch()
            if event.diverged { return .diverged(atStep: event.step + 1) }
            try onStep(event)
        }
    }

    // MARK: A live run

    /// Starts the worker thread (paused when asked): it trains batches of the options' size and
    /// posts every step to `onEvent`. Commands reach it through `runner.send`.
    @discardableResult
    public func startWorker(paused: Bool, onEvent: @escaping @Sendable (TrainingEvent) -> Void) -> TrainingRunner {
        if let runner { return runner }
        let feed = self.feed
        let runner = TrainingRunner(trainer: trainer, batchSize: options.batchSize, startPaused: paused,
                                    source: { n in feed.next(n) }, onEvent: onEvent)
        self.runner = runner
        runner.start()
        return runner
    }

    /// Runs `body` on the worker between two steps (evaluate, validate, save); at once without one.
    public func onWorker(_ body: @escaping @Sendable (TrainingSession) -> Void) {
        guard let runner else { return body(self) }
        runner.send(.perform { _ in body(self) })
    }

    /// Stops the worker and waits for it (a step is short; at most `timeout`). True once it has
    /// stopped: only then may this thread touch the trainer again.
    @discardableResult
    public func stopWorker(timeout: Duration = .seconds(60)) -> Bool {
        guard let runner else { return true }
        runner.send(.stop)
        let deadline = ContinuousClock.now + timeout
        while !runner.status.finished && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
        return runner.status.finished
    }
}
