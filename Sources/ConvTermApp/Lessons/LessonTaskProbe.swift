import ConvEngine
import Foundation
import Lessons

/// The values a lesson task reads off a live widget (`TaskFields` lists the subjects). Each one
/// comes from the widget's state as the student left it, worked out by the engine: the inspector's
/// edited network, the explorer's walkthrough, the dashboard's training progress.
enum LessonTaskProbe {
    /// The explorer's subjects: its settings, and the output the engine computed for them.
    static func facts(_ s: ExploreState) -> (String) -> TaskValue? {
        { subject in
            let output: Volume? = s.kind == .conv ? s.conv?.outputVolume : s.pool?.outputVolume
            switch subject {
            case "input": return .volume(s.kind == .conv ? s.settings.effectiveInput : s.poolSettings.input)
            case "filter": return s.kind == .conv ? .number(Double(s.settings.filterSize)) : nil
            case "filters": return s.kind == .conv ? .number(Double(s.settings.filterCount)) : nil
            case "window": return s.kind == .pool ? .number(Double(s.poolSettings.window)) : nil
            case "stride": return .number(Double(s.kind == .conv ? s.settings.stride : s.poolSettings.stride))
            case "pad": return .number(Double(s.kind == .conv ? s.settings.pad : 0))
            case "fits": return .yesNo(s.problem == nil)
            case "output": return output.map { .volume($0) }
            case "output.width": return output.map { .number(Double($0.width)) }
            case "output.depth": return output.map { .number(Double($0.depth)) }
            case "filled": return .number(Double(s.filled))
            case "maps": return .yesNo(s.showMaps)
            default: return nil
            }
        }
    }

    /// The inspector's subjects: any `layer.field` of the network as edited, computed as `{{ }}`
    /// would compute it. A layer the student removed, or an edit that does not fit, gives nothing.
    static func facts(_ s: InspectState, name: String) -> (String) -> TaskValue? {
        let evaluator = Evaluator(library: NetworkLibrary(declared: [name: s.shapes]), file: "")
        let broken = !s.shapes.problems.isEmpty
        return { subject in
            guard !broken else { return nil }
            let path = [name] + subject.split(separator: ".").map(String.init)
            switch try? evaluator.evaluate(.reference(path, SourceLocation(line: 1, column: 1))) {
            case .number(let n)?: return .number(n)
            case .volume(let v)?: return .volume(v)
            case nil: return nil
            }
        }
    }

    /// The dashboard's subjects: the selected layer and view, the learning rate, whether the
    /// last step blew up (its loss stopped being a number), and the training progress.
    static func facts(_ s: DashboardState) -> (String) -> TaskValue? {
        { subject in
            switch subject {
            case "selected": return .word(s.selectedRow.name)
            case "view": return .word(viewName(s.effectiveViewMode))
            case "lr": return .number(s.learningRate)
            case "diverged": return .yesNo(s.progress.diverged)
            case "blown-up": return .yesNo(blownUp(s))
            case "paused": return .yesNo(s.paused)
            case "step": return .number(Double(s.progress.step))
            case "loss": return s.progress.averageLoss.isFinite ? .number(s.progress.averageLoss) : nil
            case "accuracy": return s.progress.averageAccuracy.isFinite ? .number(s.progress.averageAccuracy) : nil
            case "batch": return .number(Double(s.batchSize))
            default: return nil
            }
        }
    }

    /// The loss blew up: a step's loss stopped being a number (the dashboard refused it), or the
    /// running loss climbed back to within 10% of chance (ln of the class count: what a net that
    /// only guesses scores) after it had been below half of chance. A net whose ReLUs died at a
    /// huge learning rate sits right at chance, so "above chance" would miss it; having been
    /// below half keeps an untrained net, which starts at chance, from counting.
    static func blownUp(_ s: DashboardState) -> Bool {
        if s.progress.diverged { return true }
        let chance = log(Double(max(2, s.classNames.count)))
        guard s.progress.averageLoss.isFinite, s.progress.averageLoss >= chance * 0.9 else { return false }
        return s.history.loss.contains { $0.y < chance * 0.5 }
    }

    /// `LayerViewMode` as a task writes it (`TaskFields.dashboardViews`).
    static func viewName(_ mode: LayerViewMode) -> String {
        switch mode {
        case .activations: return "activations"
        case .activationGradients: return "activation-gradients"
        case .weights: return "weights"
        case .weightGradients: return "weight-gradients"
        }
    }
}
