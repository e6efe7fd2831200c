/// What the layer view shows for the selected layer; tab cycles through the ones that apply.
public enum LayerViewMode: String, CaseIterable, Hashable, Sendable {
    case activations
    case activationGradients
    case weights
    case weightGradients

    public var title: String {
        switch self {
        case .activations: "activations"
        case .activationGradients: "activation gradients"
        case .weights: "weights"
        case .weightGradients: "weight gradients"
        }
    }

    /// The modes a layer offers: weights only where there are weights. For the input layer,
    /// "activations" is the colour image and "activation gradients" its saliency. Without
    /// `gradients` (a viewed checkpoint, where nothing trains) only activations and weights.
    public static func available(hasWeights: Bool, gradients: Bool = true) -> [LayerViewMode] {
        let modes: [LayerViewMode] = hasWeights ? allCases : [.activations, .activationGradients]
        return gradients ? modes : modes.filter { $0 == .activations || $0 == .weights }
    }
}

/// How fast training goes: as fast as the CPU allows, or a fixed number of batches per frame
/// (slow enough to watch single steps on a projector). `+`/`-` move through `levels`.
public enum TrainingSpeed: Hashable, Sendable, CustomStringConvertible {
    case full
    case stepsPerFrame(Int)
    /// One batch every n frames.
    case framesPerStep(Int)

    public static let levels: [TrainingSpeed] = [
        .framesPerStep(10), .framesPerStep(3), .stepsPerFrame(1), .stepsPerFrame(2), .stepsPerFrame(5),
        .stepsPerFrame(20), .full,
    ]

    public var description: String {
        switch self {
        case .full: "full speed"
        case .stepsPerFrame(let n): n == 1 ? "1 batch/frame" : "\(n) batches/frame"
        case .framesPerStep(let n): "1 batch per \(n) frames"
        }
    }

    /// From `--steps-per-frame`: 0 or less means full speed.
    public init(stepsPerFrame: Int) {
        self = stepsPerFrame <= 0 ? .full : .stepsPerFrame(stepsPerFrame)
    }

    /// A rank for comparison: slower levels first.
    var rank: Double {
        switch self {
        case .full: .infinity
        case .stepsPerFrame(let n): Double(n)
        case .framesPerStep(let n): 1 / Double(n)
        }
    }

    public var faster: TrainingSpeed {
        TrainingSpeed.levels.first { $0.rank > rank } ?? .full
    }

    public var slower: TrainingSpeed {
        TrainingSpeed.levels.last { $0.rank < rank } ?? TrainingSpeed.levels[0]
    }
}
