import ConvEngine
import TerminalKit

/// Everything that can change the dashboard: keys, and reports from the training thread.
public enum DashboardMessage: Sendable {
    case key(Key)
    /// Once per frame, with the seconds since the dashboard opened: elapsed training time and
    /// images/s follow from it, and so do the slower speeds and the validation schedule.
    case frame(now: Double)
    /// Steps finished since the last frame, oldest first; only the newest may carry a snapshot.
    case trained([TrainingEvent])
    /// A small rolling validation batch: accuracy over `examples` test images, and a few of them.
    case validated(accuracy: Double, examplesSeen: Int, strip: [TestPrediction])
    case evaluated(TestEvaluation)
    case saved(path: String, examplesSeen: Int)
    /// Slide pictures written by `p`, their paths.
    case wrotePictures([String])
    case failed(String)
    /// The training session was rebuilt from `seed` (after `r`/`R`).
    case resetDone(seed: UInt64, examplesSeen: Int)
    /// The viewer ran one image through the net (`DashboardViewing`).
    case looked(NetworkSnapshot)
}

/// What the worker must do for an update: commands to the training thread, files, quitting.
/// Returned by `DashboardUpdate.update` so that update itself stays a pure function; every
/// effect carries what it needs, so the handler keeps no state of its own.
public enum DashboardEffect: Hashable, Sendable {
    /// Stop training after the current batch (also drops batches asked for and not begun).
    case pause
    /// Train continuously, at full speed.
    case resume
    /// Train exactly this many batches, then wait (single steps, and the slower speeds).
    case trainBatches(Int)
    /// Train on a single example.
    case trainExample
    /// Copy one example's activations with the next step (once per frame).
    case requestSnapshot
    /// A rolling validation batch of this many test images.
    case validate(count: Int)
    case setLearningRate(Double)
    case setOptimizer(OptimizerKind, learningRate: Double)
    case setBatchSize(Int)
    case evaluateTestSet
    case save(to: String)
    /// PNGs of the layer's filters (conv layers) and activation maps into `directory` (`p`).
    case pictures(layer: String, directory: String)
    /// A fresh run from `seed`, keeping the settings the user chose; at full speed unless paused.
    case reset(seed: UInt64, optimizer: OptimizerKind, learningRate: Double, batchSize: Int, running: Bool)
    /// The viewer: run test image `image` through the net at test time, training nothing.
    case look(image: Int)
    case quit
}
