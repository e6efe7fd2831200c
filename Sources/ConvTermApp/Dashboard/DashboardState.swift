import Foundation
import ConvEngine
import Lessons
import TerminalKit

/// Everything the dashboard shows, as one value. `DashboardUpdate` changes it in response to
/// keys and training reports; `DashboardView` draws it. Nothing here touches the engine.
public struct DashboardState: Sendable {
    // MARK: What is being trained (fixed for a run)
    public var networkName: String
    public var layers: [DashboardLayerRow]
    public var classNames: [String]
    public var trainCount: Int
    public var testCount: Int
    public var threads: Int
    public var seed: UInt64
    public var savePath: String
    /// Projector mode: see `DashboardConfiguration.present`.
    public var present = false
    /// A lesson's task on this dashboard (see `DashboardConfiguration.task`), moved by update.
    public var task: LessonTaskRun?
    public var taskGoal = ""
    /// Set when the dashboard views a checkpoint instead of training (`DashboardViewing`).
    public var viewing: DashboardViewing?

    // MARK: Controls
    public var selectedLayer = 0
    public var viewMode: LayerViewMode = .activations
    public var zoomed = false
    public var showHelp = false
    public var confirmation: Confirmation?
    public var paused: Bool
    public var speed: TrainingSpeed
    public var learningRate: Double
    public var optimizer: OptimizerKind
    public var l2Decay: Double
    public var batchSize: Int
    /// What training holds at `batchSize` (nil: unknown), and the memory it must fit in: `b`
    /// refuses a batch that would not fit rather than let the system kill the run.
    public var memory: TrainingMemory?
    public var availableMemory: UInt64 = ProcessInfo.processInfo.physicalMemory
    /// Set once the user confirmed quitting; the app loop ends after the effects run.
    public var quitting = false

    // MARK: Schedules (decided by update, on frame messages)
    /// Redraw interval (the frame clock the slower speeds count in).
    public var frameInterval: Duration = .milliseconds(100)
    /// Frames since the dashboard opened.
    public var frame = 0
    /// Batches asked of the worker at a slower speed and not yet reported: the next request
    /// waits for them, so a slow step never piles up a queue.
    public var batchesInFlight = 0
    /// A rolling validation batch of `validationBatch` test images every `validationEvery` examples.
    public var validationBatch = 50
    public var validationEvery = 1000
    /// Examples seen when the last validation was asked for (nil: none yet).
    public var lastValidationAt: Int?
    /// A validation was asked for and its answer has not arrived.
    public var validationPending = false

    // MARK: Training progress, from the training thread's reports
    public var progress = TrainingProgress()
    public var history = TrainingHistory()
    public var snapshot: NetworkSnapshot?
    public var statistics: [String: LayerStatistics] = [:]
    public var testEvaluation: TestEvaluation?
    public var testStrip: [TestPrediction] = []
    /// Examples seen when the weights were last saved (or loaded); more than this is unsaved.
    public var savedExamples = 0
    /// The net's name for class `label`: its own names when the viewer has them, else the data's.
    public func predictedName(_ label: Int) -> String {
        let names = viewing?.netClassNames ?? classNames
        return label >= 0 && label < names.count ? names[label] : "\(label)"
    }

    /// The last thing an action did, shown until the next action ("learning rate 0.005 (was 0.01)").
    public var note: String?
    /// Seconds on the dashboard's clock (from `.clock` messages).
    public var now: Double = 0
    public var trainingSeconds: Double = 0
    public var imagesPerSecond: Double = 0
    var rateWindow: [RateSample] = []

    public init(networkName: String, layers: [DashboardLayerRow], classNames: [String], trainCount: Int, testCount: Int,
                threads: Int, seed: UInt64, savePath: String, paused: Bool, speed: TrainingSpeed,
                optimizer: OptimizerSettings, batchSize: Int) {
        self.networkName = networkName
        self.layers = layers
        self.classNames = classNames
        self.trainCount = trainCount
        self.testCount = testCount
        self.threads = threads
        self.seed = seed
        self.savePath = savePath
        self.paused = paused
        self.speed = speed
        self.learningRate = optimizer.learningRate
        self.optimizer = optimizer.kind
        self.l2Decay = optimizer.l2
        self.batchSize = batchSize
    }

    public var selectedRow: DashboardLayerRow { layers[min(max(0, selectedLayer), layers.count - 1)] }

    /// The mode actually shown: the chosen one if the selected layer has it, else activations.
    public var effectiveViewMode: LayerViewMode {
        LayerViewMode.available(hasWeights: selectedRow.hasWeights, gradients: viewing == nil).contains(viewMode) ? viewMode : .activations
    }

    public var hasUnsavedProgress: Bool { progress.examplesSeen > savedExamples }

    /// What the training loop is doing, in words, for the status bar.
    public var phase: Phase {
        if progress.diverged { return .diverged }
        return paused ? .paused : .training
    }

    public enum Phase: String, Sendable { case training, paused, diverged }
}

/// A question asked before a key does something that cannot be undone.
public enum Confirmation: Hashable, Sendable {
    case quit
    case reset(newSeed: UInt64?)
}

/// The newest numbers of the training loop.
public struct TrainingProgress: Hashable, Sendable {
    public var step = 0
    public var examplesSeen = 0
    public var loss = Double.nan
    public var l2Loss = 0.0
    public var averageLoss = Double.nan
    public var averageAccuracy = Double.nan
    public var forwardMilliseconds = 0.0
    public var backwardMilliseconds = 0.0
    public var updateMilliseconds = 0.0
    /// The learning-rate schedule's factor at the last step (nil before a step): the rate the
    /// next step uses is the base rate (`[` `]` change it) times this.
    public var learningRateFactor: Double?
    public var diverged = false
    /// The step whose loss became non-finite.
    public var divergedAtStep: Int?
    public init() {}
}

/// The curves, as points over examples seen. Kept bounded by halving the resolution of old
/// points (pairs averaged) so hours of training cost the same to draw as minutes.
public struct TrainingHistory: Sendable {
    public static let maximumPoints = 2000
    public var loss: [(x: Double, y: Double)] = []
    public var l2Loss: [(x: Double, y: Double)] = []
    public var trainAccuracy: [(x: Double, y: Double)] = []
    public var validationAccuracy: [(x: Double, y: Double)] = []
    public init() {}

    mutating func append(examples: Int, loss l: Double, l2: Double, accuracy: Double) {
        let x = Double(examples)
        loss.append((x, l))
        l2Loss.append((x, l2))
        trainAccuracy.append((x, accuracy))
        if loss.count > TrainingHistory.maximumPoints {
            loss = TrainingHistory.halved(loss)
            l2Loss = TrainingHistory.halved(l2Loss)
            trainAccuracy = TrainingHistory.halved(trainAccuracy)
        }
    }

    static func halved(_ points: [(x: Double, y: Double)]) -> [(x: Double, y: Double)] {
        stride(from: 0, to: points.count - 1, by: 2).map { i in
            (points[i + 1].x, (points[i].y + points[i + 1].y) / 2)
        } + (points.count % 2 == 1 ? [points[points.count - 1]] : [])
    }
}

/// A held-out evaluation the user asked for with `t`.
public struct TestEvaluation: Hashable, Sendable {
    public var accuracy: Double
    public var loss: Double
    public var examples: Int
    public var atStep: Int
    public init(accuracy: Double, loss: Double, examples: Int, atStep: Int) {
        self.accuracy = accuracy
        self.loss = loss
        self.examples = examples
        self.atStep = atStep
    }
}

/// One test image with what the network made of it, for the strip under the example.
public struct TestPrediction: Hashable, Sendable {
    public var image: RGBImage
    public var label: Int
    public var predicted: Int
    public var probability: Float
    public init(image: RGBImage, label: Int, predicted: Int, probability: Float) {
        self.image = image
        self.label = label
        self.predicted = predicted
        self.probability = probability
    }
    public var isCorrect: Bool { label == predicted }
}

struct RateSample: Hashable, Sendable {
    var time: Double
    var examples: Int
}
