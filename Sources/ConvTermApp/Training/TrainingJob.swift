import ConvData
import ConvEngine
import Foundation
import Synchronization

/// Everything `convterm train` was asked to do, already validated.
public struct TrainingJobSettings: Sendable {
    public var network: NetworkSource
    public var dataName: String
    public var train: ImageSet
    public var test: ImageSet?
    public var epochs: Int?
    public var steps: Int?
    public var timeLimit: Double?
    public var batchSize: Int
    public var optimizer: OptimizerSettings
    public var initialization: Initialization
    public var seed: UInt64
    public var threads: Int
    public var augment: Bool
    public var savePath: String?
    public var saveEvery: Int?
    public var resume: Checkpoint?
    public var logPath: String?
    /// Progress as one rewritten line (a terminal) or as plain lines every few seconds (a log).
    public var interactiveProgress: Bool

    public init(network: NetworkSource, dataName: String, train: ImageSet, test: ImageSet?, epochs: Int?, steps: Int?,
                timeLimit: Double?, batchSize: Int, optimizer: OptimizerSettings, initialization: Initialization,
                seed: UInt64, threads: Int, augment: Bool, savePath: String?, saveEvery: Int?, resume: Checkpoint?,
                logPath: String?, interactiveProgress: Bool) {
        self.network = network
        self.dataName = dataName
        self.train = train
        self.test = test
        self.epochs = epochs
        self.steps = steps
        self.timeLimit = timeLimit
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.initialization = initialization
        self.seed = seed
        self.threads = threads
        self.augment = augment
        self.savePath = savePath
        self.saveEvery = saveEvery
        self.resume = resume
        self.logPath = logPath
        self.interactiveProgress = interactiveProgress
    }
}

/// Set by SIGINT/SIGTERM: the loop finishes its step, saves (when asked to) and reports.
let stopRequested = Atomic<Bool>(false)

/// `convterm train` without the dashboard: progress on stderr, a JSON-lines log, checkpoints,
/// and a final report (test accuracy, confusion matrix, per-class accuracy, time) on stdout.
public struct TrainingJob {
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
        public var diverged: Bool
    }

    public var settings: TrainingJobSettings
    var output: (String) -> Void
    var progress: (String) -> Void

    public init(settings: TrainingJobSettings, output: @escaping (String) -> Void = { print($0) },
                progress: @escaping (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }) {
        self.settings = settings
        self.output = output
        self.progress = progress
    }

    public static func installSignalHandlers() {
        stopRequested.store(false, ordering: .relaxed)
        signal(SIGINT) { _ in stopRequested.store(true, ordering: .relaxed) }
        signal(SIGTERM) { _ in stopRequested.store(true, ordering: .relaxed) }
    }

    public func run() throws -> Report {
        let s = settings
        let network: Network
        do {
            network = try Network(spec: s.network.spec, initialization: s.initialization, seed: s.seed)
        } catch {
            throw Failure(description: NetworkSource.describe(error.inFile(s.network.origin), in: s.network.text))
        }
        let trainer: Trainer
        do {
            trainer = try Trainer(network: network, optimizer: s.optimizer, threads: s.threads)
        } catch {
            throw Failure(description: NetworkSource.describe(error.inFile(s.network.origin), in: s.network.text))
        }
        guard trainer.classCount >= s.train.classCount else {
            throw Failure(description: "\(s.network.origin) ends in \(trainer.classCount) class scores but \(s.dataName) has \(s.train.classCount) classes; change the last `fc` to `fc \(s.train.classCount)`")
        }
        let input = network.spec.input
        guard s.train.width == input.width, s.train.height == input.height, s.train.channels == input.depth else {
            throw Failure(description: "\(s.network.origin) takes \(network.spec.input) input but \(s.dataName) has \(s.train.width)x\(s.train.height)x\(s.train.channels) images; change its `input` line")
        }
        var source = BatchSource(images: s.train, batchSize: s.batchSize, seed: s.seed &+ 17,
                                 augmentation: s.augment ? .convNetJS : nil)
        if let checkpoint = s.resume {
            do { try checkpoint.restore(into: trainer) } catch { throw Failure(description: "\(error)") }
            if let text = checkpoint.extra["data"], let state = BatchSource.State(integers: text.split(separator: ",").compactMap { UInt64($0) }),
               state.position <= s.train.count {
                source = BatchSource(images: s.train, batchSize: s.batchSize, state: state, augmentation: s.augment ? .convNetJS : nil)
            }
            // A resumed run keeps the optimizer it was saved with (its state belongs to that kind);
            // the command line may still change the learning rate and L2 (it passes the saved ones otherwise).
            trainer.optimizer.settings.learningRate = s.optimizer.learningRate
            trainer.optimizer.settings.l2 = s.optimizer.l2
        }

        let stepsPerEpoch = (s.train.count + s.batchSize - 1) / s.batchSize
        var limits: [Int] = []
        if let epochs = s.epochs { limits.append(epochs * stepsPerEpoch) }
        if let steps = s.steps { limits.append(steps) }
        let totalSteps = limits.min()
        let firstStep = trainer.step
        var log: FileHandle?
        if let path = s.logPath {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw Failure(description: "\(path): cannot create the log file; check the directory exists and is writable")
            }
            log = handle
        }
        defer { try? log?.close() }

        let validation = s.test.map { $0.prefix(min($0.count, 500)) }
        var buffer = [Float](repeating: 0, count: source.floatsPerBatch)
        var labels: [Int] = []
        let start = Date()
        var lastPrint = Date.distantPast
        var lastEvent: TrainingEvent?
        var interrupted = false
        var examplesThisRun = 0
        while true {
            let done = trainer.step - firstStep
            if let totalSteps, done >= totalSteps { break }
            if let limit = s.timeLimit, Date().timeIntervalSince(start) >= limit { break }
            if stopRequested.load(ordering: .relaxed) { interrupted = true; break }
            _ = buffer.withUnsafeMutableBufferPointer { source.next(into: $0.baseAddress!, labels: &labels) }
            let event = trainer.train(images: Tensor(batch: s.batchSize, volume: network.spec.input, data: buffer), labels: labels)
            lastEvent = event
            examplesThisRun += s.batchSize
            if event.diverged {
                progress("\n")
                throw Failure(description: "training diverged at step \(event.step + 1): the loss became \(event.loss) (not a finite number). Lower the learning rate (now \(trainer.optimizer.settings.learningRate)), e.g. --lr \(trainer.optimizer.settings.learningRate / 10)")
            }
            let elapsed = Date().timeIntervalSince(start)
            let rate = Double(examplesThisRun) / max(elapsed, 1e-9)
            if let every = s.saveEvery, let path = s.savePath, event.step % every == 0 {
                try save(trainer, source, path)
            }
            let logNow = event.step % max(1, stepsPerEpoch / 10) == 0
            var validationAccuracy: Double?
            if logNow, let validation {
                validationAccuracy = evaluate(trainer, validation).accuracy
            }
            if let log, logNow {
                var entry: [String: Any] = ["step": event.step, "examples": event.examplesSeen, "epoch": source.epoch,
                                            "loss": event.loss, "train_accuracy": event.averageAccuracy, "images_per_second": rate]
                if let validationAccuracy { entry["validation_accuracy"] = validationAccuracy }
                if let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) {
                    log.write(data + Data("\n".utf8))
                }
            }
            let interval = s.interactiveProgress ? 0.2 : 5.0
            if Date().timeIntervalSince(lastPrint) >= interval {
                lastPrint = Date()
                progress(progressLine(event: event, done: trainer.step - firstStep, total: totalSteps, elapsed: elapsed,
                                      rate: rate, epoch: source.epoch, validation: validationAccuracy))
            }
        }
        if s.interactiveProgress { progress("\n") }
        let seconds = Date().timeIntervalSince(start)
        if let path = s.savePath { try save(trainer, source, path) }
        var evaluation: Evaluation?
        if let test = s.test { evaluation = evaluate(trainer, test) }
        let report = Report(steps: trainer.step - firstStep, examples: examplesThisRun, seconds: seconds,
                            imagesPerSecond: Double(examplesThisRun) / max(seconds, 1e-9), evaluation: evaluation,
                            interrupted: interrupted, diverged: false)
        output(render(report, lastEvent: lastEvent, classNames: s.train.classNames))
        return report
    }

    func save(_ trainer: Trainer, _ source: BatchSource, _ path: String) throws {
        let data = source.state.integers.map(String.init).joined(separator: ",")
        do {
            try Checkpoint(trainer: trainer, extra: ["data": data]).write(to: URL(fileURLWithPath: path))
        } catch {
            throw Failure(description: "\(error)")
        }
    }

    func evaluate(_ trainer: Trainer, _ set: ImageSet) -> Evaluation {
        trainer.evaluate(count: set.count, batchSize: 100) { range, buffer in
            var labels: [Int] = []
            buffer.withUnsafeMutableBufferPointer { set.writeBatch(indices: range, into: $0.baseAddress!, labels: &labels) }
            return labels
        }
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

    func render(_ report: Report, lastEvent: TrainingEvent?, classNames: [String]) -> String {
        var out = report.interrupted ? "Interrupted after \(report.steps) steps.\n" : ""
        out += String(format: "Trained %@ on %@: %d steps, %d examples in %.1f s (%.0f images/s, %d threads)\n",
                      settings.network.name, settings.dataName, report.steps, report.examples, report.seconds,
                      report.imagesPerSecond, settings.threads)
        if let e = lastEvent {
            out += String(format: "Last 100 training examples: loss %.3f, accuracy %.1f%%\n", e.averageLoss, e.averageAccuracy * 100)
        }
        if let savePath = settings.savePath { out += "Checkpoint: \(savePath)\n" }
        guard let evaluation = report.evaluation else {
            return out + "No test set: give a directory with test_batch.bin to see test accuracy.\n"
        }
        out += String(format: "Test accuracy: %.2f%% (%d images, loss %.3f)\n\n", evaluation.accuracy * 100, evaluation.examples, evaluation.loss)
        out += ConfusionTable.render(evaluation, classNames: classNames)
        return out
    }
}

/// The confusion matrix with per-class accuracy, as `train` and `eval` print it.
public enum ConfusionTable {
    public static func render(_ evaluation: Evaluation, classNames: [String]) -> String {
        let names = (0..<evaluation.confusion.count).map { $0 < classNames.count ? classNames[$0] : "class \($0)" }
        let width = max(10, names.map(\.count).max() ?? 0)
        var out = "Confusion matrix (rows: true class, columns: predicted)\n"
        out += String(repeating: " ", count: width + 2) + (0..<names.count).map { String(format: "%5d", $0) }.joined() + "   accuracy\n"
        for (i, row) in evaluation.confusion.enumerated() {
            out += "\(i) " + names[i].padding(toLength: width, withPad: " ", startingAt: 0)
            out += row.map { String(format: "%5d", $0) }.joined()
            out += String(format: "   %6.1f%%\n", evaluation.perClassAccuracy[i] * 100)
        }
        return out
    }
}
