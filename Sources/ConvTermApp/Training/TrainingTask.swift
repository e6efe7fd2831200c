import ConvData
import ConvEngine
import Foundation

/// What `convterm train --task` asks a net to learn from the built-in set: its class
/// (classification, the usual run), its pixels (segmentation: the painter's mask) or its class
/// and box (localization). The last two run the same code as `convterm demo segment` and
/// `convterm demo localize`, headless, on the net and options given.
public enum TrainingTask: String, Sendable, CaseIterable {
    case classify, segment, localize

    /// Why a run of this task cannot start with these settings, for a human; nil when it can.
    /// CIFAR has labels only: nobody drew its objects' masks or boxes.
    public func refusal(data: String, network: NetworkSource?, resuming: Bool, saving: Bool, timeLimit: Bool) -> String? {
        guard self != .classify else {
            if let loss = network?.spec.loss {
                return "\(network!.origin) ends in `loss \(loss.text)`, not class scores: give --task \(loss == .pixelSoftmax ? "segment" : "localize"), or a classifier"
            }
            return nil
        }
        if data != "synthetic" {
            return "--task \(rawValue) needs --data synthetic: \(data) has a class per image only, no masks or boxes (the built-in painter knows where each object is; CIFAR stays classification)"
        }
        if resuming || saving || timeLimit {
            return "--task \(rawValue) takes --steps (or --epochs), --batch, --lr, --seed, --threads and --net; --resume, --save and --time-limit are for classification runs"
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

    /// Runs the task on this thread: progress lines on `progress` at every measurement, and the
    /// one-line summary (mean IoU over the test images) returned. `network` nil: the demo's net.
    public func run(network: NetworkSource?, steps: Int?, epochs: Int?, batch: Int?, learningRate: Double?,
                    seed: UInt64, threads: Int, progress: (String) -> Void) throws -> String {
        guard let kind = demo else { preconditionFailure("classification runs through TrainingJob") }
        var options: [String: String] = [:]
        if let batch { options["batch"] = "\(batch)" }
        if let learningRate { options["lr"] = "\(learningRate)" }
        var request = LessonDemoRequest(kind: kind, networks: network.map { [.init(name: $0.name, spec: $0.spec)] } ?? [],
                                        options: options, seed: seed, threads: threads)
        let total: Int? = {
            if let steps { return steps }
            guard let epochs else { return nil }
            let train = kind == .segment ? SegmentRun(request).trainCount : LocalizeRun(request).trainCount
            let b = kind == .segment ? SegmentRun(request).batch : LocalizeRun(request).batch
            return max(1, epochs * train / b)
        }()
        if let total { request.options["steps"] = "\(total)" }
        switch kind {
        case .segment:
            let run = SegmentRun(request)
            let report = try run.run(onEvent: { event in
                if case .measured(let step, let iou, _) = event {
                    progress("step \(step)/\(run.steps): mean test IoU \(String(format: "%.3f", iou))\n")
                }
            })
            return report!.summary
        default:
            let run = LocalizeRun(request)
            let report = try run.run(onEvent: { event in
                if case .measured(let m) = event {
                    progress("step \(m.step)/\(run.steps): mean test box IoU \(String(format: "%.3f", m.meanIoU)), classes right \(DemoText.percent(m.accuracy))\n")
                }
            })
            return report!.summary
        }
    }
}
