import ConvEngine

/// The widgets a step can show beside its text, their arguments and options. The checker uses it
/// to reject typos before a student ever opens the lesson.
public enum WidgetCatalog {
    public enum Argument: Sendable { case network, volume, size, number, word, list }

    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        /// Positional arguments: how many networks it takes (min...max).
        public var networks: ClosedRange<Int>
        public var options: [String: Argument]
    }

    public static let entries: [Entry] = [
        Entry(name: "network", summary: "the network's layer table (output, memory, params)", networks: 1...1,
              options: ["highlight": .list, "columns": .list, "hide": .list]),
        Entry(name: "inspector", summary: "the live shape inspector (tab opens it; edit layers, shapes update)", networks: 1...1, options: ["hide": .list]),
        Entry(name: "conv-explorer", summary: "one filter sliding over an input, dot product by dot product", networks: 0...0,
              options: ["input": .volume, "filter": .size, "filters": .number, "stride": .number, "pad": .number, "hide": .list]),
        Entry(name: "edge-explorer", summary: "a hand-set edge filter sliding over a real picture, its output lighting up on edges",
              networks: 0...0, options: ["edge": .word, "picture": .number]),
        Entry(name: "pool-explorer", summary: "a pooling window sliding over one activation map", networks: 0...0,
              options: ["input": .volume, "window": .size, "stride": .number, "hide": .list]),
        Entry(name: "compare", summary: "networks side by side: params, memory, multiply-adds", networks: 2...6, options: [:]),
        Entry(name: "dashboard", summary: "live training on the built-in data set", networks: 1...2,
              options: ["data": .word, "lr": .number, "batch": .number, "freeze": .list, "steps": .number, "show": .word, "hide": .list]),
        Entry(name: "visualize", summary: "filters, activations, saliency or a dream image of a trained net", networks: 1...1,
              options: ["show": .word, "steps": .number, "batch": .number, "dream-steps": .number, "hide": .list]),
        Entry(name: "image", summary: "one picture from the data set", networks: 0...0, options: ["class": .word, "data": .word]),
        Entry(name: "parallel", summary: "data vs model parallelism: per-worker memory, params, traffic", networks: 1...1,
              options: ["workers": .number, "batch": .number]),
        Entry(name: "race", summary: "a shallow plain, a deep plain and a deep residual net trained on the same batches: loss curves and test accuracy", networks: 3...3,
              options: ["steps": .number, "batch": .number]),
        Entry(name: "transfer", summary: "pretrain on 5 classes, then frozen features + new head vs from scratch on the other 5", networks: 1...1,
              options: ["steps": .number, "pretrain": .number, "examples": .number, "batch": .number, "freeze": .list]),
        Entry(name: "segment", summary: "an encoder-decoder trained live to paint each pixel object or background: masks over test images and the IoU curve", networks: 1...1,
              options: ["steps": .number, "batch": .number, "lr": .number]),
        Entry(name: "localize", summary: "a classifier with a box head trained live: its boxes beside the true ones on test images and the IoU curve", networks: 1...1,
              options: ["steps": .number, "batch": .number, "lr": .number]),
    ]

    public static var names: [String] { entries.map(\.name) }

    /// The columns `@widget network NET --columns a,b` can show.
    public static let networkColumns = ["output", "memory", "params", "weights", "biases"]

    public static func entry(_ name: String) -> Entry? { entries.first { $0.name == name } }

    /// Problems with one directive, located at the directive.
    public static func problems(_ w: WidgetDirective, library: NetworkLibrary, file: String) -> [LessonError] {
        func err(_ m: String) -> LessonError { LessonError(m, file: file, at: w.location) }
        guard let entry = entry(w.name) else {
            let near = Evaluator(library: library, file: file).nearest(w.name, in: names)
            return [err("unknown widget `\(w.name)`\(near.map { "; did you mean `\($0)`?" } ?? "") (widgets: \(names.joined(separator: ", ")))")]
        }
        var out: [LessonError] = []
        if !entry.networks.contains(w.arguments.count) {
            let want = entry.networks.lowerBound == entry.networks.upperBound ? "\(entry.networks.lowerBound)" : "\(entry.networks.lowerBound) to \(entry.networks.upperBound)"
            out.append(err("widget `\(w.name)` takes \(want) network\(entry.networks.upperBound == 1 ? "" : "s"), got \(w.arguments.count)"))
        }
        for net in w.arguments where library.shapes(named: net) == nil {
            out.append(err("widget `\(w.name)`: unknown network `\(net)` (declare it in a ```net \(net) block or use a zoo net: \(Zoo.names.joined(separator: ", ")))"))
        }
        for (key, value) in w.options.sorted(by: { $0.key < $1.key }) {
            guard let kind = entry.options[key] else {
                let known = entry.options.keys.sorted().map { "--" + $0 }
                out.append(err("widget `\(w.name)` has no option `--\(key)`\(known.isEmpty ? "" : " (options: \(known.joined(separator: ", ")))")"))
                continue
            }
            let ok: Bool
            switch kind {
            case .volume: ok = Volume.parse(value, defaultDepth: 1) != nil
            case .size: ok = Volume.parse(value + "x1") != nil || Int(value) != nil
            case .number: ok = Double(value) != nil
            case .word, .list: ok = !value.isEmpty
            case .network: ok = library.shapes(named: value) != nil
            }
            if !ok { out.append(err("widget `\(w.name)`: `--\(key) \(value)` is not a valid \(kind)")) }
        }
        if w.name == "network", let list = w.options["highlight"], let shapes = w.arguments.first.flatMap(library.shapes(named:)) {
            for layer in list.split(separator: ",") where shapes.layer(named: String(layer)) == nil {
                out.append(err("widget `network`: `--highlight \(layer)`: network `\(w.arguments[0])` has no layer `\(layer)`"))
            }
        }
        // The dashboard and visualize widgets show their network's table beside the text too.
        if ["network", "dashboard", "visualize"].contains(w.name), let list = w.options["hide"], let shapes = w.arguments.first.flatMap(library.shapes(named:)) {
            let shown = (w.options["columns"] ?? "output,memory,params").split(separator: ",").map(String.init)
            for cell in list.split(separator: ",").map(String.init) {
                guard let dot = cell.lastIndex(of: "."), shapes.layer(named: String(cell[..<dot])) != nil || cell.hasPrefix("input.") else {
                    out.append(err("widget `\(w.name)`: `--hide \(cell)` names no layer of `\(w.arguments[0])`; write layer.column, e.g. conv1.output"))
                    continue
                }
                let column = String(cell[cell.index(after: dot)...])
                if !shown.contains(column) {
                    out.append(err("widget `\(w.name)`: `--hide \(cell)`: the table shows no `\(column)` column (it shows \(shown.joined(separator: ", ")))"))
                }
            }
        }
        // A live widget's --hide names what a task could check on it: the values it prints.
        if ["inspector", "conv-explorer", "pool-explorer"].contains(w.name), let list = w.options["hide"] {
            let net = w.arguments.first.flatMap(library.shapes(named:))
            for subject in list.split(separator: ",").map(String.init)
            where TaskFields.kind(of: subject, widget: w, net: net, library: library, file: file) == nil {
                let known = w.name == "inspector" ? "LAYER.FIELD of `\(w.arguments.first ?? "")`, e.g. conv1.output" : "one of " + TaskFields.explorer.keys.sorted().joined(separator: ", ")
                out.append(err("widget `\(w.name)`: `--hide \(subject)` is nothing it shows; hide \(known)"))
            }
        }
        if w.name == "network", let list = w.options["columns"] {
            for column in list.split(separator: ",") where !networkColumns.contains(String(column)) {
                out.append(err("widget `network`: `--columns \(column)` is not one of \(networkColumns.joined(separator: ", "))"))
            }
        }
        if w.name == "edge-explorer", let edge = w.options["edge"], !["vertical", "horizontal"].contains(edge) {
            out.append(err("widget `edge-explorer`: `--edge \(edge)` is not one of vertical, horizontal"))
        }
        if w.name == "visualize", let show = w.options["show"], !["filters", "activations", "saliency", "dream"].contains(show) {
            out.append(err("widget `visualize`: `--show \(show)` is not one of filters, activations, saliency, dream"))
        }
        if w.name == "dashboard" || w.name == "transfer", let list = w.options["freeze"], let shapes = w.arguments.first.flatMap(library.shapes(named:)) {
            for layer in list.split(separator: ",") where shapes.layer(named: String(layer)) == nil {
                out.append(err("widget `\(w.name)`: `--freeze \(layer)`: network `\(w.arguments[0])` has no layer `\(layer)`"))
            }
        }
        return out
    }
}
