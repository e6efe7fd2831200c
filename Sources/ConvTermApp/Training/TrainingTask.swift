import ConvData
import ConvEngine
import Foundation

/// What `convterm train --task` asks a net to learn from the built-in set: its class
/// (classification, the usual run), its pixels (segmentation: the painter's mask) or its class
/// and box (localization). The last two run the same code as `convterm demo segment` and
/// `convterm demo localize` (`TaskTrainingJob`), headless, on the net and options given.
public enum TrainingTask: String, Sendable, CaseIterable {
    case classify, segment, localize

    /// The task that trains a net ending in this `loss` line; nil for a pure regression
    /// (`loss smoothl1` or `loss l2`), which no task here trains: the built-in set's targets are
    /// a class with a box, never a box alone.
    public init?(loss: LossSpec?) {
        switch loss {
        case nil: self = .classify
        case .pixelSoftmax: self = .segment
        case .classifyAndRegress: self = .localize
        case .regression: return nil
        }
    }

    /// For a human: what to do with a net ending in `loss` when it cannot train as a classifier.
    public static func advice(origin: String, loss: LossSpec) -> String {
        guard let task = TrainingTask(loss: loss) else {
            let classes = SyntheticCIFAR.classNames.count
            return "\(origin) ends in `loss \(loss.text)`, a regression with no class part, which no task here trains "
                + "(the built-in set's targets are a class and a box together): for boxes, end it in `fc \(classes + 4)` and "
                + "`loss softmax \(classes) + \(loss.text) 4` and give --task localize; for classes, remove the `loss` line"
        }
        return "\(origin) ends in `loss \(loss.text)`, not class scores: give --task \(task.rawValue) (or watch it in `convterm demo \(task.rawValue)`), or a classifier"
    }

    /// Why a run of this task cannot start with these settings, for a human; nil when it can.
    /// CIFAR has labels only: nobody drew its objects' masks or boxes.
    public func refusal(data: String, network: NetworkSource?) -> String? {
        guard self != .classify else {
            if let network, let loss = network.spec.loss { return Self.advice(origin: network.origin, loss: loss) }
            return nil
        }
        if data != "synthetic" {
            return "--task \(rawValue) needs --data synthetic: \(data) has a class per image only, no masks or boxes (the built-in painter knows where each object is; CIFAR stays classification)"
        }
        return nil
    }

    /// The demo whose run trains this task.
    var demo: LessonDemoRequest.Kind? {
        switch self {
        case .classify: nil
        case .segment: .segment
        case .localize: .localize
        }
    }

    /// The demo's recipe for this task (the net it trains when none is given, its length, batch, rate).
    public var recipe: ObjectRunRecipe? {
        switch self {
        case .classify: nil
        case .segment: SegmentRun(LessonDemoRequest(kind: .segment, networks: [])).recipe
        case .localize: LocalizeRun(LessonDemoRequest(kind: .localize, networks: [])).recipe
        }
    }

    /// The demo's recipe in words, for `help train` (nil for classification: `TrainingDefaults.summary`).
    public var recipeSummary: String? {
        recipe.map { r in
            "\(r.name), \(r.optimizer.kind.rawValue) lr \(r.optimizer.learningRate), \(r.initialization.rawValue) initialisation, "
                + "\(r.steps) steps of \(r.batch)" + (r.decays ? ", the rate decaying along a cosine" : "")
        }
    }

    /// Why `spec` cannot train for this task, for a human (nil: it can).
    func problem(_ spec: NetworkSpec) -> String? {
        switch self {
        case .classify: nil
        case .segment: SegmentRun.problem(spec)
        case .localize: LocalizeRun.problem(spec)
        }
    }
}
