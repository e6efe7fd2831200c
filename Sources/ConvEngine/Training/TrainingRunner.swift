import Foundation
import Synchronization

/// Drives a `Trainer` on its own thread. Other threads (the UI) send commands and read the latest
/// event; commands take effect between steps, so no one ever sees a half-updated network.
public final class TrainingRunner: Sendable {
    public enum Command: Sendable {
        case pause, resume
        /// Run exactly this many batches, then pause.
        case step(batches: Int)
        case setLearningRate(Double)
        case setOptimizer(OptimizerKind)
        case setBatchSize(Int)
        /// Run `body` on the training thread between steps (save a checkpoint, evaluate, reset...).
        case perform(@Sendable (Trainer) -> Void)
        case stop
    }

    public struct Status: Sendable {
        public var running: Bool
        public var finished: Bool
        public var batchSize: Int
        public var lastEvent: TrainingEvent?
        /// Set when the loss went non-finite; training pauses and says so.
        public var diverged: Bool
    }

    /// Supplies a batch: images [N, C, H, W] and labels, for the requested size.
    public typealias BatchSource = @Sendable (Int) -> (Tensor, [Int])

    private let state: Mutex<(status: Status, commands: [Command], pendingSteps: Int, wantSnapshot: Bool)>
    private let trainer: Trainer
    private let source: BatchSource
    private let onEvent: (@Sendable (TrainingEvent) -> Void)?

    public init(trainer: Trainer, batchSize: Int, startPaused: Bool = false, source: @escaping BatchSource,
                onEvent: (@Sendable (TrainingEvent) -> Void)? = nil) {
        self.trainer = trainer
        self.source = source
        self.onEvent = onEvent
        state = Mutex((Status(running: !startPaused, finished: false, batchSize: batchSize, lastEvent: nil, diverged: false), [], 0, true))
    }

    public func send(_ command: Command) {
        state.withLock { $0.commands.append(command) }
    }

    public var status: Status { state.withLock { $0.status } }

    /// Asks for a snapshot of activations with the next step (the UI asks once per frame).
    public func requestSnapshot() {
        state.withLock { $0.wantSnapshot = true }
    }

    private let started = Atomic<Bool>(false)

    /// Starts the loop on a new thread; returns at once. A second call does nothing: two loops
    /// on one trainer would race.
    public func start() {
        guard started.compareExchange(expected: false, desired: true, ordering: .relaxed).exchanged else { return }
        let thread = Thread { [self] in self.loop() }
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// The loop itself, for callers that bring their own thread.
    public func loop() {
        while true {
            let (commands, shouldRun, batch, snapshot) = state.withLock { s -> ([Command], Bool, Int, Bool) in
                let commands = s.commands
                s.commands = []
                return (commands, s.status.running || s.pendingSteps > 0, s.status.batchSize, s.wantSnapshot)
            }
            var stop = false
            for command in commands {
                switch command {
                case .pause: state.withLock { $0.status.running = false; $0.pendingSteps = 0 }
                case .resume: state.withLock { $0.status.running = true; $0.status.diverged = false }
                case .step(let n): state.withLock { $0.pendingSteps += n; $0.status.running = false }
                case .setLearningRate(let lr): trainer.optimizer.settings.learningRate = lr
                case .setOptimizer(let kind): trainer.optimizer.settings.kind = kind
                case .setBatchSize(let n): state.withLock { $0.status.batchSize = max(1, n) }
                case .perform(let body): body(trainer)
                case .stop: stop = true
                }
            }
            if stop { break }
            if !commands.isEmpty { continue }
            guard shouldRun else {
                Thread.sleep(forTimeInterval: 0.005)
                continue
            }
            let (images, labels) = source(batch)
            let event = trainer.train(images: images, labels: labels, snapshotExample: snapshot ? 0 : nil)
            state.withLock { s in
                s.status.lastEvent = event
                if snapshot { s.wantSnapshot = false }
                if s.pendingSteps > 0 { s.pendingSteps -= 1 }
                if event.diverged {
                    s.status.running = false
                    s.status.diverged = true
                    s.pendingSteps = 0
                }
            }
            onEvent?(event)
        }
        state.withLock { $0.status.finished = true; $0.status.running = false }
    }
}
