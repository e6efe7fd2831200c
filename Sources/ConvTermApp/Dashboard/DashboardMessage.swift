import ConvEngine
import TerminalKit

/// Everything that can change the dashboard: keys, and reports from the training thread.
public enum DashboardMessage: Sendable {
    case key(Key)
    /// Time passes (once per frame): elapsed training time and images/s follow from it.
    case clock(now: Double)
    /// Steps finished since the last frame, oldest first; only the newest may carry a snapshot.
    case trained([TrainingEvent])
    /// A small rolling validation batch: accuracy over `examples` test images, and a few of them.
    case validated(accuracy: Double, examplesSeen: Int, strip: [TestPrediction])
    case evaluated(TestEvaluation)
    case saved(path: String, examplesSeen: Int)
    case failed(String)
    /// The training session was rebuilt from `seed` (after `r`/`R`).
    case resetDone(seed: UInt64, examplesSeen: Int)
}

/// What the session must do for an update: commands to the training thread, files, quitting.
/// Returned by `DashboardUpdate.update` so that update itself stays a pure function.
public enum DashboardEffect: Hashable, Sendable {
    case pause
    case resume
    case stepBatches(Int)
    case stepExample
    case setSpeed(TrainingSpeed)
    case setLearningRate(Double)
    case setOptimizer(OptimizerKind, learningRate: Double)
    case setBatchSize(Int)
    case evaluateTestSet
    case save
    case reset(seed: UInt64)
    case quit
}
