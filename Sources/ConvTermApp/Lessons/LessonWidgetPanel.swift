import ConvEngine
import Lessons
import TerminalKit

/// What a step's `@widget` shows in the player's widget area. Tables are drawn here from
/// NetworkShapes; the explorers and the inspector run live inside the pane (`LessonLiveWidget`);
/// training opens the dashboard or a demo full-screen (the player steps aside and comes back to
/// the same step), since they own a training thread and want the whole screen.
enum LessonWidgetPanel {
    /// What tab does for a widget that is not live in the pane.
    enum Action {
        case launchDashboard(LessonLaunch)
        case none
    }

    static func title(_ w: WidgetDirective) -> String {
        switch w.name {
        case "network": return "Network: \(w.arguments.first ?? "")"
        case "inspector": return "Inspector: \(w.arguments.first ?? "")"
        case "conv-explorer": return "Conv explorer"
        case "edge-explorer": return "Edge filter on a picture"
        case "pool-explorer": return "Pool explorer"
        case "compare": return "Compare"
        case "dashboard": return "Training: \(w.arguments.first ?? "")"
        case "visualize": return "What the net sees: \(w.arguments.first ?? "")"
        case "parallel": return "Data vs model parallelism"
        case "race": return "Race: " + w.arguments.joined(separator: " vs ")
        case "transfer": return "Transfer learning: \(w.arguments.first ?? "")"
        case "segment": return "Segmentation: \(w.arguments.first ?? "")"
        case "localize": return "Localization: \(w.arguments.first ?? "")"
        default: return w.name
        }
    }

    /// The one line under the table that says what tab does (or which command to run). Short
    /// enough for the pane at 80 and 120 columns (about 45 characters): a hint cut off says nothing.
    static func hint(_ w: WidgetDirective) -> String {
        switch w.name {
        case "inspector", "conv-explorer", "pool-explorer", "edge-explorer": return "tab: use it  o: full screen  esc: back"
        case "dashboard": return "tab: train it, full screen (q comes back)"
        case "visualize" where demoKind(w) != nil: return "tab: train it, look inside (q comes back)"
        case "visualize": return "tab: train it, v shows filters (q comes back)"
        case "parallel", "segment", "localize": return "tab: run it, full screen (q comes back)"
        case "race", "transfer": return "tab: train them side by side (q comes back)"
        case "image": return "`convterm train` shows the data set's pictures"
        default: return "tab: scroll this table (tab again: back)"
        }
    }

    /// Whether tab opens this widget full-screen (training jobs) rather than focusing the pane.
    static func opensFullScreen(_ w: WidgetDirective) -> Bool {
        ["dashboard", "visualize", "parallel", "race", "transfer", "segment", "localize"].contains(w.name)
    }

    /// The explorer or inspector a step shows live in its pane, set up as the directive says.
    static func liveWidget(_ w: WidgetDirective, library: NetworkLibrary, present: Bool = false) -> LessonLiveWidget? {
        func size(_ key: String) -> Int? {
            w.option(key).flatMap { Int($0.lowercased().split(separator: "x").first ?? "") }
        }
        switch w.name {
        case "conv-explorer":
            var s = ExploreSettings(filterSize: size("filter") ?? 3, stride: size("stride") ?? 1, pad: size("pad") ?? 0,
                                    filterCount: size("filters") ?? 1)
            if let v = w.option("input").flatMap({ Volume.parse($0, defaultDepth: 1) }) { s.input = v }
            return LessonLiveWidget(explorer: ExploreState(conv: s), present: present)
        case "edge-explorer":
            let edge = w.option("edge").flatMap { EdgeExploreState.Edge(rawValue: $0) } ?? .vertical
            return LessonLiveWidget(edges: .builtIn(edge: edge, first: (size("picture") ?? 1) - 1))
        case "pool-explorer":
            var s = PoolSettings()
            if let v = w.option("input").flatMap({ Volume.parse($0, defaultDepth: 1) }) { s.input = v }
            if let win = size("window") { s.window = win; s.stride = win }
            if let st = size("stride") { s.stride = st }
            return LessonLiveWidget(explorer: ExploreState(pool: s), present: present)
        case "inspector":
            guard let name = w.arguments.first, let shapes = library.shapes(named: name),
                  let state = try? InspectState(name: name, origin: "lesson", text: shapes.spec.text) else { return nil }
            return LessonLiveWidget(inspector: state)
        default:
            return nil
        }
    }

    static func action(_ w: WidgetDirective, library: NetworkLibrary, lessonID: String, step: Int) -> Action {
        switch w.name {
        case _ where demoKind(w) != nil:
            guard let request = demoRequest(w, library: library), let first = request.networks.first else { return .none }
            var launch = LessonLaunch(lessonID: lessonID, step: step, networkName: first.name, spec: first.spec,
                                      learningRate: nil, batch: nil, freeze: [])
            launch.demo = request
            return .launchDashboard(launch)
        case "dashboard", "visualize":
            guard let name = w.arguments.first, let shapes = library.shapes(named: name) else { return .none }
            return .launchDashboard(LessonLaunch(lessonID: lessonID, step: step, networkName: name, spec: shapes.spec,
                                                 learningRate: w.option("lr").flatMap(Double.init),
                                                 batch: w.option("batch").flatMap(Int.init),
                                                 freeze: w.option("freeze").map { $0.split(separator: ",").map(String.init) } ?? []))
        default:
            return .none
        }
    }

    /// The demo a widget opens, on the widget's networks with its options; nil when it opens
    /// none or names a network the lesson does not declare. `convterm demo NAME` runs the same.
    static func demoRequest(_ w: WidgetDirective, library: NetworkLibrary) -> LessonDemoRequest? {
        let nets = w.arguments.compactMap { name in library.shapes(named: name).map { LessonDemoRequest.Net(name: name, spec: $0.spec) } }
        guard let kind = demoKind(w), !nets.isEmpty, nets.count == w.arguments.count else { return nil }
        return LessonDemoRequest(kind: kind, networks: nets, options: w.options)
    }

    /// The live demo a widget opens, if it is one: `visualize --show saliency|dream`, `parallel`,
    /// `race`, `transfer`.
    static func demoKind(_ w: WidgetDirective) -> LessonDemoRequest.Kind? {
        switch w.name {
        case "visualize": return ["saliency", "dream"].contains(w.option("show") ?? "") ? .seeing : nil
        case "parallel": return .parallel
        case "race": return .race
        case "transfer": return .transfer
        case "segment": return .segment
        case "localize": return .localize
        default: return nil
        }
    }

    /// The table for the widget's networks (one net: per layer; several: side by side).
    /// `--hide conv1.output,fc1.params`: the cells that would answer the step's quiz, shown as
    /// "?" until it is answered or revealed (the player passes them while the quiz is open).
    static func hidden(_ w: WidgetDirective) -> Set<String> {
        Set((w.option("hide") ?? "").split(separator: ",").map(String.init))
    }

    static let hiddenCell = "?"

    static func table(_ w: WidgetDirective, library: NetworkLibrary, selected: Int?, scroll: Int, hiding hidden: Set<String> = []) -> Table {
        let nets = w.arguments.compactMap { name in library.shapes(named: name).map { (name, $0) } }
        if w.name == "compare" || w.name == "parallel" || nets.count > 1 {
            let rows = nets.map { name, s in
                Table.Row([name, s.output.description, s.totalParams.grouped, approx(s.forwardActivations), approx(s.multiplyAdds(.lecture))])
            }
            // Net names whole; the output column (often 1x1x1000 for all) gives way first.
            let names = nets.map(\.0.count).max() ?? 3
            return Table(columns: [.init("net", width: .fixed(max(3, names))), .init("output", width: .fill), .init("params", width: .fixed(12), alignment: .right),
                                   .init("memory", width: .fixed(8), alignment: .right), .init("mult-adds", width: .fixed(10), alignment: .right)],
                         rows: rows, selected: selected, scrollOffset: scroll)
        }
        guard let (_, s) = nets.first else {
            let settings = w.options.sorted { $0.key < $1.key }.map { Table.Row(["--" + $0.key, $0.value]) }
            return Table(columns: [.init("setting", width: .fixed(12)), .init("value", width: .fill)], rows: settings)
        }
        let highlight = Set((w.option("highlight") ?? "").split(separator: ",").map(String.init))
        let columns = networkColumns(w)
        let rows = s.rows.filter { $0.kind.map { k in if case .relu = k { return false } else { return true } } ?? true }.map { r in
            Table.Row([String(repeating: " ", count: r.depth) + r.name] + columns.map { hidden.contains(r.name + "." + $0.name) ? hiddenCell : $0.cell(r) },
                      style: highlight.contains(r.name) ? Style(foreground: .yellow, attributes: .bold) : (r.problem != nil ? Table.errorStyle : nil))
        }
        return Table(columns: [.init("layer", width: .fill)] + columns.map(\.column), rows: rows, selected: selected, scrollOffset: scroll)
    }

    /// A column of the `network` widget's table: its header and what it shows for a layer.
    struct NetworkColumn: Sendable {
        var column: Table.Column
        var name: String { column.title }
        var cell: @Sendable (LayerShape) -> String
    }

    /// `--columns output,memory,weights`: a step that counts weights as the lecture does (no
    /// biases) shows a weights column, so the table agrees with its text. Unknown names are skipped
    /// (the checker reports them); the default is output, memory, params.
    static let networkColumnsByName: [String: NetworkColumn] = [
        "output": NetworkColumn(column: .init("output", width: .fixed(11)), cell: { $0.output.description }),
        "memory": NetworkColumn(column: .init("memory", width: .fixed(7), alignment: .right), cell: { approx($0.activations) }),
        "params": NetworkColumn(column: .init("params", width: .fixed(12), alignment: .right), cell: { $0.params.grouped }),
        "weights": NetworkColumn(column: .init("weights", width: .fixed(12), alignment: .right), cell: { $0.weights.grouped }),
        "biases": NetworkColumn(column: .init("biases", width: .fixed(7), alignment: .right), cell: { $0.biases.grouped }),
    ]

    static func networkColumns(_ w: WidgetDirective) -> [NetworkColumn] {
        let names = (w.option("columns") ?? "output,memory,params").split(separator: ",").map(String.init)
        let columns = names.compactMap { networkColumnsByName[$0] }
        return columns.isEmpty ? ["output", "memory", "params"].compactMap { networkColumnsByName[$0] } : columns
    }

    /// The pane width (frame included) at which the table's names and numbers are all whole.
    static func preferredWidth(_ w: WidgetDirective, library: NetworkLibrary) -> Int {
        let table = table(w, library: library, selected: nil, scroll: 0)
        let fixed = table.columns.reduce(0) { sum, c in if case .fixed(let n) = c.width { sum + n } else { sum } }
        let fill = table.columns.indices.filter { if case .fixed = table.columns[$0].width { false } else { true } }
            .map { i in table.rows.map { $0.cells.indices.contains(i) ? $0.cells[i].count : 0 }.max() ?? 0 }.reduce(0, +)
        // Frame 2, inset 2, a space between columns, 2 for the scroll arrows.
        return fixed + fill + table.columns.count - 1 + 6
    }

    static func rowCount(_ w: WidgetDirective, library: NetworkLibrary) -> Int {
        table(w, library: library, selected: nil, scroll: 0).rows.count
    }

    static func approx(_ n: Int) -> String {
        ValueFormat.approx(significant: 3).format(.number(Double(n))).replacingOccurrences(of: "~", with: "")
    }
}

/// A request from the player to step aside and run the training dashboard, then come back.
public struct LessonLaunch: Sendable {
    public var lessonID: String
    public var step: Int
    public var networkName: String
    public var spec: NetworkSpec
    public var learningRate: Double?
    public var batch: Int?
    public var freeze: [String]
    /// Set when the widget is a live lesson demo rather than the dashboard.
    public var demo: LessonDemoRequest? = nil
    /// The step's task, for the dashboard to check and show; `taskGoal` is its rendered text.
    public var task: LessonTaskRun? = nil
    public var taskGoal = ""
    /// Projector mode, passed on to the dashboard or the demo (bigger pictures, no timings).
    public var present = false {
        didSet { demo?.present = present }
    }
}
