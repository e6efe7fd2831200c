import ConvData
import ConvEngine
import Foundation
import Synchronization

/// Set by SIGINT, SIGTERM or SIGHUP (to the signal's number): the run finishes its step, saves
/// (when asked to), reports, and exits 128 + that number as a shell expects.
let stopRequested = Atomic<Int32>(0)

/// `convterm train` without the dashboard: a `TrainingSession` run on this thread, with progress
/// on stderr, a JSON-lines log, checkpoints, and a final report (test accuracy, confusion matrix,
/// per-class accuracy, time) on stdout.
public struct TrainingJob {
    /// What `convterm train --headless` was asked to do, already validated.
    public struct Settings: Sendable {
        public var options: TrainingOptions
        public var epochs: Int?
        public var steps: Int?
        public var timeLimit: Double?
        public var savePath: String?
        public var saveEvery: Int?
        public var logPath: String?
        /// Progress as one rewritten line (a terminal) or as plain lines every few seconds (a log).
        public var interactiveProgress = false

        public init(options: TrainingOptions) {
            self.options = options
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public struct Report: Sendable {
        public var steps: Int
        public var examples: Int
        public var seconds: Double
        public var imagesPerSecond: Double
        public var evaluation: Evaluation?
        public var interrupted: Bool
    }

    public var settings: Settings
    var output: (String) -> Void
    var progress: (String) -> Void

    public init(settings: Settings, output: @escaping (String) -> Void = { print($0) },
                progress: @escaping (String) -> Void = { try? FileHandle.standardError.write(contentsOf: Data($0.utf8)) }) {
        self.settings = settings
        self.output = output
        self.progress = progress
    }

    public static func installSignalHandlers() {
        stopRequested.store(0, ordering: .relaxed)
        var blocked = sigset_t()
        sigemptyset(&blocked)
        for s in [SIGINT, SIGTERM, SIGHUP] {
            signal(s) { sig in stopRequested.store(sig, ordering: .relaxed) }
            sigaddset(&blocked, s)
        }
        // A parent may start us with these signals blocked (a test runner's Process did): the
        // handlers would never run, and SIGTERM would neither save nor stop the run.
        pthread_sigmask(SIG_UNBLOCK, &blocked, nil)
    }

    /// The signal that stopped the run, if one did.
    public static var stoppingSignal: Int32? {
        let s = stopRequested.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    /// Trains; returns the report it also printed. `session` is the run's (for tests that compare weights).
    @discardableResult
    public func run(session given: TrainingSession? = nil) throws -> Report {
        let s = settings
        let session: TrainingSession
        do { session = try given ?? TrainingSession(s.options) } catch { throw Failure(description: "\(error)") }
        let trainer = session.trainer
        let stepsPerEpoch = session.stepsPerEpoch
        var limits: [Int] = []
        if let epochs = s.epochs { limits.append(epochs * stepsPerEpoch) }
        if let steps = s.steps { limits.append(steps) }
        let totalSteps = limits.min()
        let firstStep = trainer.step
        let log = try s.logPath.map { try RunLog(path: $0) }

        let validation = s.options.test.map { $0.prefix(min($0.count, 500)) }
        let start = Date()
        var lastPrint = Date.distantPast
        var lastEvent: TrainingEvent?
        // Validation is measured at a tenth of an epoch, but at most every 2 s: 500 test images
        // at every tenth of the built-in set's epoch (a quarter second of training) cost 17% of
        // the run. Log entries in between repeat the last measurement with its step.
        var lastValidation: (step: Int, accuracy: Double, at: Date)?
        let ending = try session.run(TrainingSession.Limits(steps: totalSteps, seconds: s.timeLimit),
                                     interrupted: { stopRequested.load(ordering: .relaxed) != 0 }) { event in
            lastEvent = event
            let elapsed = Date().timeIntervalSince(start)
            let rate = Double((trainer.step - firstStep) * s.options.batchSize) / max(elapsed, 1e-9)
            if let every = s.saveEvery, let path = s.savePath, event.step % every == 0 {
                try save(session, path)
            }
            let logNow = event.step % max(1, stepsPerEpoch / 10) == 0
            if logNow, let validation, Date().timeIntervalSince(lastValidation?.at ?? .distantPast) >= 2,
               let accuracy = session.evaluate(validation)?.accuracy {
                lastValidation = (event.step, accuracy, Date())
            }
            let validationAccuracy = logNow ? lastValidation?.accuracy : nil
            if let log, logNow {
                var entry: [String: Any] = ["step": event.step, "examples": event.examplesSeen, "epoch": session.epoch,
                                            "loss": event.loss, "train_accuracy": event.averageAccuracy, "images_per_second": rate]
                if let lastValidation {
                    entry["validation_accuracy"] = lastValidation.accuracy
                    entry["validation_step"] = lastValidation.step
                }
                log.write(entry)
            }
            let interval = s.interactiveProgress ? 0.2 : 5.0
            if Date().timeIntervalSince(lastPrint) >= interval {
                lastPrint = Date()
                progress(progressLine(event: event, done: trainer.step - firstStep, total: totalSteps, elapsed: elapsed,
                                      rate: rate, epoch: session.epoch, validation: validationAccuracy))
            }
        }
        // Save before writing anything more: after SIGHUP the terminal may be gone, and nothing
        // printed must stand between the run and its checkpoint. A diverged step was undone, so
        // the weights saved are the last good ones.
        if let path = s.savePath { try save(session, path) }
        if s.interactiveProgress { progress("\n") }
        if case .diverged(let step) = ending {
            let lr = trainer.optimizer.settings.learningRate
            let saved = s.savePath.map { " The last good weights are saved in \($0)." } ?? ""
            throw Failure(description: "training diverged at step \(step): the loss or a weight stopped being a finite number.\(saved) Lower the learning rate (now \(lr)), e.g. --lr \(lr / 10)")
        }
        let seconds = Date().timeIntervalSince(start)
        let examples = (trainer.step - firstStep) * s.options.batchSize
        let report = Report(steps: trainer.step - firstStep, examples: examples, seconds: seconds,
                            imagesPerSecond: Double(examples) / max(seconds, 1e-9), evaluation: session.evaluate(),
                            interrupted: ending == .interrupted)
        output(render(report, lastEvent: lastEvent, session: session))
        return report
    }

    func save(_ session: TrainingSession, _ path: String) throws {
        do { try session.save(to: path) } catch { throw Failure(description: "\(error)") }
    }

    func progressLine(event: TrainingEvent, done: Int, total: Int?, elapsed: Double, rate: Double, epoch: Int, validation: Double?) -> String {
        var parts: [String] = []
        if let total {
            let fraction = Double(done) / Double(max(1, total))
            let width = 20
            let filled = Int(fraction * Double(width))
            parts.append("[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]")
            parts.append(String(format: "%3.0f%%", fraction * 100))
            let eta = fraction > 0 ? elapsed / fraction - elapsed : 0
            parts.append("ETA \(Self.clock(eta))")
        } else if let limit = settings.timeLimit {
            parts.append("\(Self.clock(elapsed))/\(Self.clock(limit))")
        }
        parts.append("epoch \(epoch + 1) step \(event.step)")
        parts.append(String(format: "loss %.3f acc %.0f%%", event.averageLoss, event.averageAccuracy * 100))
        if let validation { parts.append(String(format: "val %.0f%%", validation * 100)) }
        parts.append(String(format: "%.0f img/s", rate))
        let line = parts.joined(separator: "  ")
        return settings.interactiveProgress ? "\r\u{1B}[K" + line : line + "\n"
    }

    static func clock(_ seconds: Double) -> String {
        let s = Int(min(max(seconds, 0), 1e9).rounded())
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    func render(_ report: Report, lastEvent: TrainingEvent?, session: TrainingSession) -> String {
        let o = settings.options
        var out = report.interrupted ? "Interrupted after \(report.steps) steps.\n" : ""
        out += String(format: "Trained %@ on %@: %d steps, %d examples in %.1f s (%.0f images/s, %d threads)\n",
                      o.network.name, o.dataName, report.steps, report.examples, report.seconds,
                      report.imagesPerSecond, o.threads)
        if let e = lastEvent {
            out += String(format: "Last 100 training examples: loss %.3f, accuracy %.1f%%\n", e.averageLoss, e.averageAccuracy * 100)
        }
        if let conv1 = FilterFrequency.firstLayer(session.network) {
            out += String(format: "conv1 filters: low-frequency share %.2f (white noise gives about %.2f for this kernel size; for 5x5, learned edges and blobs read 0.75 and up)\n", conv1.share, conv1.noise)
        }
        if let savePath = settings.savePath { out += "Checkpoint: \(savePath)\n" }
        guard let evaluation = report.evaluation else {
            return out + "No separate test set (the data has no test file apart from what training used): "
                + "accuracy on held-out images needs a directory with both data_batch_N.bin and test_batch.bin.\n"
        }
        out += String(format: "Test accuracy: %.2f%% (%d images, loss %.3f)\n\n", evaluation.accuracy * 100, evaluation.examples, evaluation.loss)
        out += ConfusionTable.render(evaluation, classNames: o.train.classNames)
        return out
    }
}
