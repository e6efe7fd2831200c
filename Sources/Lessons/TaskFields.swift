import ConvEngine

/// What a task may look at on each live widget, and the checks `lessons check` runs on a task
/// (so a typo fails at file:line:column instead of leaving a student with a task that can never
/// turn green). The values themselves come from the widget's state in ConvTermApp.
public enum TaskFields {
    public enum Kind: Sendable, Equatable {
        case number, volume
        /// A word from a fixed list (`yes`/`no`, the dashboard's views).
        case oneOf([String])
        /// A layer name of the widget's network.
        case layer
    }

    public static let yesNo = Kind.oneOf(["yes", "no"])

    /// The dashboard's views, as a task names them (tab cycles through them there).
    public static let dashboardViews = ["activations", "activation-gradients", "weights", "weight-gradients"]

    /// Subjects of the conv and pool explorers: their settings and what the engine made of them.
    public static let explorer: [String: Kind] = [
        "input": .volume, "filter": .number, "filters": .number, "stride": .number, "pad": .number,
        "window": .number, "fits": yesNo, "output": .volume, "output.width": .number, "output.depth": .number,
        "filled": .number, "maps": yesNo,
    ]

    /// Subjects of the training dashboard.
    public static let dashboard: [String: Kind] = [
        "selected": .layer, "view": .oneOf(dashboardViews), "lr": .number, "diverged": yesNo, "blown-up": yesNo, "paused": yesNo,
        "step": .number, "loss": .number, "accuracy": .number, "batch": .number,
    ]

    /// The widgets a task can sit on.
    public static let widgets = ["inspector", "conv-explorer", "pool-explorer", "dashboard"]

    /// Problems with `task` on a step whose widget is `widget`, each at its place in the file.
    public static func problems(_ task: LessonTask, widget: WidgetDirective?, library: NetworkLibrary, file: String) -> [LessonError] {
        var out: [LessonError] = []
        if task.goal.isEmpty { out.append(LessonError("the task has no `goal:` (what the student should do, in a sentence)", file: file, at: task.location)) }
        if task.stages.isEmpty { out.append(LessonError("the task has no `check:` line (e.g. `check: conv1.output = 16x16x32`): the engine could never see it done", file: file, at: task.location)) }
        guard let widget, widgets.contains(widget.name) else {
            out.append(LessonError("a task is checked on the step's live widget, and this step has \(widget.map { "`\($0.name)`" } ?? "no widget"): give it one of \(widgets.joined(separator: ", "))", file: file, at: task.location))
            return out
        }
        let net = widget.arguments.first.flatMap { library.shapes(named: $0) }
        for condition in task.stages.joined() {
            if let problem = problem(condition, widget: widget, net: net, library: library, file: file) { out.append(problem) }
        }
        return out
    }

    /// The kind of a subject on a widget, or nil when the widget has no such subject.
    static func kind(of subject: String, widget: WidgetDirective, net: NetworkShapes?, library: NetworkLibrary, file: String) -> Kind? {
        switch widget.name {
        case "conv-explorer", "pool-explorer": return explorer[subject]
        case "dashboard": return dashboard[subject]
        default:
            // The inspector: any `layer.field` an expression could name on its network.
            guard let name = widget.arguments.first else { return nil }
            let path = [name] + subject.split(separator: ".").map(String.init)
            let value = try? Evaluator(library: library, file: file).evaluate(.reference(path, SourceLocation(line: 1, column: 1)))
            switch value {
            case .number?: return .number
            case .volume?: return .volume
            case nil: return nil
            }
        }
    }

    static func problem(_ c: TaskCondition, widget: WidgetDirective, net: NetworkShapes?, library: NetworkLibrary, file: String) -> LessonError? {
        guard let kind = kind(of: c.subject, widget: widget, net: net, library: library, file: file) else {
            let known: String
            switch widget.name {
            case "conv-explorer", "pool-explorer": known = explorer.keys.sorted().joined(separator: ", ")
            case "dashboard": known = dashboard.keys.sorted().joined(separator: ", ")
            default:
                let layers = net?.rows.dropFirst().map(\.name).prefix(8).joined(separator: ", ") ?? ""
                known = "LAYER.FIELD of `\(widget.arguments.first ?? "")` (layers \(layers); fields as in {{ }}: output, params, rf, ...)"
            }
            return LessonError("the \(widget.name) has no `\(c.subject)` a task can check; it has \(known)", file: file, at: c.location)
        }
        func wrongValue(_ want: String) -> LessonError {
            LessonError("`\(c.subject)` is \(want), so `\(c.value)` can never match it", file: file, at: c.valueLocation)
        }
        switch (kind, c.value) {
        case (.number, .number), (.volume, .volume): break
        case (.number, _): return wrongValue("a number")
        case (.volume, _): return wrongValue("a volume, written like 16x16x32")
        case (.oneOf(let words), .word(let w)):
            if !words.contains(w) { return LessonError("`\(c.subject)` is one of \(words.joined(separator: ", ")); `\(w)` is none of them", file: file, at: c.valueLocation) }
        case (.oneOf(let words), _): return wrongValue("one of \(words.joined(separator: ", "))")
        case (.layer, .word(let w)):
            let names = ["input"] + (net?.rows.dropFirst().map(\.name) ?? [])
            if !names.contains(w) { return LessonError("`\(widget.arguments.first ?? "")` has no layer `\(w)` (layers: \(names.prefix(12).joined(separator: ", ")))", file: file, at: c.valueLocation) }
        case (.layer, _): return wrongValue("a layer name")
        }
        if c.op.isOrdering, kind != .number {
            return LessonError("`\(c.op.rawValue)` compares numbers; `\(c.subject)` is equal to `\(c.value)` or not (use = or !=)", file: file, at: c.location)
        }
        return nil
    }
}
