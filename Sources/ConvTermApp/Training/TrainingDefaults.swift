import ConvEngine
import Foundation

/// The one recipe every way of training starts from: `convterm train` (headless or with the
/// dashboard), Train on the home screen and lesson 5's dashboard. `README` and `help train`
/// print these values from here, never from a copy.
///
/// Why this recipe: SGD with momentum, a small start (PyTorch's default U(+-1/sqrt(fan_in)),
/// 2.4x narrower than He), L2 weight decay and a learning rate that decays along a cosine over
/// the run is what turns conv1's filters from noise into edges and colour blobs. Measured
/// (release build, 2 threads; issue 13's note): the old Adam + He default gave a low-frequency
/// share of 0.54 on the built-in set in 60 s and 0.42 on the CIFAR subset in 10 epochs; momentum
/// with lr 0.01 and L2 5e-4 gave 0.84 and 0.70-0.71 (at 59.4-62.0%); with lr 0.02 decaying over
/// the 10 epochs and L2 1.5e-3, 0.76-0.80 on CIFAR at 60.85-63.50% (5 seeds; README). A larger
/// constant rate or L2 alone smoothed the filters but cost accuracy (0.80 at 55.9%, 0.75 at
/// 58.2%). Unlike Adadelta it obeys `[` and `]`.
public enum TrainingDefaults {
    public static let batchSize = 32
    public static let optimizer = OptimizerSettings(kind: .momentum, learningRate: 0.02, l2: 0.0015)
    /// The rate decays over the run's own length when it has one (--epochs, --steps), else over
    /// the default run's 10 epochs, then stays at 1% (a live run or a --time-limit run).
    public static let decay = TrainingOptions.Decay.epochs(epochs)

    /// The rate an optimizer starts with when none is given: the recipe's for its own optimizer
    /// (so `--optimizer momentum` and `o` back to momentum mean what no option means), else the
    /// optimizer's usual one.
    public static func learningRate(for kind: OptimizerKind) -> Double {
        kind == optimizer.kind ? optimizer.learningRate : kind.defaultLearningRate
    }
    public static let initialization: Initialization = .pytorch
    public static let seed: UInt64 = 1
    /// Passes over the training set when no stop condition is given (headless runs).
    public static let epochs = 10
    /// The data `--data` means when not given.
    public static let data = "synthetic"
    public static let network = "convnetjs-cifar10"
    /// Every core: the engine splits each batch over them.
    public static var threads: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// The recipe in one line, for `help train` and the README.
    public static var summary: String {
        "\(optimizer.kind.rawValue) (momentum \(optimizer.momentum)) lr \(optimizer.learningRate), "
            + "decaying along a cosine to 1% over the run (or \(epochs) epochs), "
            + "L2 \(optimizer.l2), batch \(batchSize), \(initialization.rawValue) initialisation, "
            + "the data set's own augmentation"
    }
}
