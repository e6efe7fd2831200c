import ConvData
import ConvEngine
import Foundation

/// `convterm train --task segment|localize`: the lesson-10 demo's run (`SegmentRun`,
/// `LocalizeRun`) headless on this thread, with the options of a classification run where they
/// mean something here: a net, a length, batch, optimizer, rate, L2, initialisation, seed,
/// threads, checkpoints (`--save`, `--save-every`, a save on Ctrl-C/SIGTERM/SIGHUP), `--resume`,
/// `--time-limit` and a JSON-lines log. Progress on stderr, the one-line summary on stdout.
public struct TaskTrainingJob {
    /// What the command line asked for, already range-checked there; nil: the task's own default.
    public struct Settings: Sendable {
        public var task: TrainingTask
        public var network: NetworkSource?
        public var steps: Int?
        public var epochs: Int?
        public var timeLimit: Double?
        public var batch: Int?
        public var optimizer: OptimizerKind?
        public var learningRate: Double?
        public var l2: Double?
        public var initialization: Initialization?
        public var seed: UInt64?
        public var threads: Int
        /// The checkpoint to continue from, and the path it was read from (for messages).
        public var resume: (path: String, checkpoint: Checkpoint)?
        public var savePath: String?
        public var saveEvery: Int?
        public var logPath: String?

        public init(task: TrainingTask, threads: Int) {
            self.task = task
            self.threads = threads
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let settings: Settings
    /// Said once before training (e.g. an option that a resumed run cannot change).
    public private(set) var warnings: [String] = []
    public let recipe: ObjectRunRecipe

    /// Works out the run's recipe, refusing (for a human) what cannot run: a net that does not fit
    /// the task, a checkpoint of another task, seed or net or with a damaged run state, a batch
    /// that would not fit in memory. Nothing is written or generated before these refusals.
    public init(_ settings: Settings) throws {
        self.settings = settings
        let s = settings
        guard let base = s.task.recipe else { preconditionFailure("classification runs through TrainingJob") }
        var r = base
        r.threads = s.threads
        if let network = s.network {
            r.name = network.name
            r.spec = network.spec
        }
        if let (path, checkpoint) = s.resume {
            warnings = try Self.resume(&r, from: checkpoint, path: path, settings: s)
        } else {
            r.seed = s.seed ?? TrainingDefaults.seed
            r.batch = s.batch ?? r.batch
            let kind = s.optimizer ?? base.optimizer.kind
            r.optimizer = OptimizerSettings(kind: kind, learningRate: s.learningRate ?? (kind == base.optimizer.kind ? base.optimizer.learningRate : kind.defaultLearningRate),
                                            l2: s.l2 ?? base.optimizer.l2)
            r.initialization = s.initialization ?? base.initialization
            r.steps = Self.length(steps: s.steps, epochs: s.epochs, trainCount: r.trainCount, batch: r.batch) ?? r.steps
        }
        let origin = s.network?.origin ?? s.resume?.path ?? r.name
        if let problem = s.task.problem(r.spec) {
            let other = TrainingTask(loss: r.spec.loss).flatMap { $0 == s.task || $0 == .classify ? nil : $0 }
            throw Failure(description: "\(origin) \(problem)" + (other.map { "; it ends in `loss \(r.spec.loss!.text)`, which --task \($0.rawValue) trains" } ?? ""))
        }
        let memory = TrainingMemory(NetworkShapes(r.spec), batch: r.batch, optimizerSlots: Optimizer(r.optimizer).slotCount, threads: r.threads)
        if let refusal = memory.refusal(batch: r.batch) { throw Failure(description: "\(origin): \(refusal)") }
        recipe = r
    }

    /// Steps of a run given --steps or --epochs (the first limit reached); nil when neither was.
    static func length(steps: Int?, epochs: Int?, trainCount: Int, batch: Int) -> Int? {
        let perEpoch = (trainCount + batch - 1) / batch
        return [steps, epochs.map { $0 * perEpoch }].compactMap { $0 }.min()
    }

    /// What a run printed and whether `stop` cut it short.
    public struct Outcome: Sendable {
        /// The summary, prefixed with where it stopped early.
        public var text: String
        /// True only when `stop` ended training before the last step: a signal that comes during
        /// the final measurement or save changes nothing the run did, so it is not a failure.
        public var interrupted: Bool
    }

    /// Trains until the recipe's last step, the time limit or `stop()` (a signal), saving as asked;
    /// progress lines go to `progress`.
    public func run(stop: @escaping () -> Bool = { false }, progress: (String) -> Void) throws -> Outcome {
        let s = settings, r = recipe
        let log = try s.logPath.map { try RunLog(path: $0) }
        func write(_ entry: [String: Any]) { log?.write(entry) }
        let start = ContinuousClock.now
        let limit = s.timeLimit.map { Duration.milliseconds(Int64($0 * 1000)) }
        var interrupted = false
        let control = ObjectRunControl(stop: {
            interrupted = stop()
            return interrupted || limit.map { ContinuousClock.now - start >= $0 } ?? false
        },
                                       save: s.savePath.map { path in { try $0.write(to: URL(fileURLWithPath: path)) } },
                                       saveEvery: s.saveEvery)
        // The mean loss (and pixel accuracy) of the steps since the last measurement, for the log.
        var losses: [Double] = [], accuracies: [Double] = []
        func logged(_ step: Int, _ fields: [String: Any]) {
            var entry = fields
            entry["step"] = step
            if !losses.isEmpty { entry["loss"] = losses.reduce(0, +) / Double(losses.count) }
            write(entry)
            losses.removeAll()
            accuracies.removeAll()
        }
        let summary: String
        let reached: Int
        do {
            switch s.task {
            case .segment:
                let report = try SegmentRun(recipe: r).run(control: control) { event in
                    switch event {
                    case .step(_, let loss, let pixelAccuracy):
                        losses.append(loss)
                        accuracies.append(pixelAccuracy)
                    case .measured(let step, let iou, _):
                        progress("step \(step)/\(r.steps): mean test IoU \(String(format: "%.3f", iou))\n")
                        var fields: [String: Any] = ["mean_iou": iou]
                        if !accuracies.isEmpty { fields["pixel_accuracy"] = accuracies.reduce(0, +) / Double(accuracies.count) }
                        logged(step, fields)
                    default: break
                    }
                }!
                (summary, reached) = (report.summary, report.steps)
            default:
                let report = try LocalizeRun(recipe: r).run(control: control) { event in
                    switch event {
                    case .step(_, let loss): losses.append(loss)
                    case .measured(let m):
                        progress("step \(m.step)/\(r.steps): mean test box IoU \(String(format: "%.3f", m.meanIoU)), classes right \(DemoText.percent(m.accuracy))\n")
                        logged(m.step, ["mean_iou": m.meanIoU, "class_accuracy": m.accuracy])
                    default: break
                    }
                }!
                (summary, reached) = (report.summary, report.steps)
            }
        } catch let error as Checkpoint.Failure {
            throw Failure(description: error.description)
        } catch let error as DemoFailure {
            let saved = s.savePath.map { " The last good weights are saved in \($0)." } ?? ""
            throw Failure(description: error.description + saved)
        }
        let stoppedShort = reached < r.steps
        let why = interrupted ? "interrupted" : "--time-limit \(String(format: "%g", s.timeLimit ?? 0)) s"
        var out = stoppedShort ? "Stopped at step \(reached) of \(r.steps) (\(why))" + (s.savePath.map { "; resume with --resume \($0)" } ?? "") + ".\n" : ""
        out += summary
        if let path = s.savePath { out += "\nCheckpoint: \(path)" }
        return Outcome(text: out, interrupted: stoppedShort && interrupted)
    }
}
