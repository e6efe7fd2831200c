import ConvEngine

/// The classic slips of the lecture's arithmetic, recognised without the lesson author listing
/// them: forgotten biases, a forgotten +1 in the output size, a forgotten input depth, one filter
/// instead of all, an output size that is not whole, and a factor of 2 or 4 between values and
/// bytes or forward and backward. Each slip is the quiz's own answer expression with one reference
/// changed (`params` read as `weights`, `width` as `width - 1`), evaluated by the engine, so it
/// works for every quiz whose answer names the layer it is about.
enum QuizSlips {
    /// A reference split into its parts: `alexnet.conv1.params` is net `alexnet`, layer `conv1`,
    /// field `params`; `small.conv1.output.width` has sub-field `width`.
    struct Reference {
        var path: [String]
        var at: SourceLocation

        var field: String { path.count >= 2 && path[path.count - 2] == "output" ? "output" : path.last ?? "" }
        var sub: String? { field == "output" && path.last != "output" ? path.last : nil }
        /// The layer part, e.g. ["alexnet", "conv1"]; "total" and groups count as layers here.
        var layer: [String] { Array(path.dropLast(sub == nil ? 1 : 2)) }
        var isLayer: Bool { layer.count >= 2 && layer[1] != "total" && !Evaluator.groups.contains(layer[1]) }

        func with(_ fields: String...) -> Expression { .reference(layer + fields, at) }

        /// The layer's shape row, to word a message for its kind (filters for conv, neurons for fc).
        func row(_ e: Evaluator) -> LayerShape? {
            guard isLayer else { return nil }
            return e.library.shapes(named: layer[0])?.layer(named: layer.dropFirst().joined(separator: "."))
        }

        func isConv(_ e: Evaluator) -> Bool { if case .conv? = row(e)?.kind { true } else { false } }
        func isPool(_ e: Evaluator) -> Bool {
            switch row(e)?.kind {
            case .maxPool?, .avgPool?: true
            default: false
            }
        }
        func isFullyConnected(_ e: Evaluator) -> Bool { if case .fullyConnected? = row(e)?.kind { true } else { false } }
    }

    static let byteFields: Set<String> = ["bytes", "backwardBytes", "paramBytes"]

    /// For a number quiz: a sentence naming the slip `got` matches, or nil.
    static func number(typed: String, got: AnswerParser.Number, want: Double, near: (Double) -> Bool,
                       quiz: Quiz, evaluator e: Evaluator) throws(LessonError) -> String? {
        guard let answer = quiz.answer?.expression else { return nil }
        let refs = references(answer)
        let sizes = refs.filter { ["width", "height"].contains($0.sub ?? $0.field) && $0.isLayer }
        if !sizes.isEmpty, !got.isWhole, got.error == 0 {
            return "\(typed) is not a whole number, and an output size counts positions: the filter sits at a whole number of places. "
                + "When (N - F + 2P)/S does not come out whole, that stride does not fit the input."
        }
        // Each slip rewrites the references it applies to; the rest of the expression stays as written.
        let slips: [(rewrite: (Reference) throws(LessonError) -> Expression?, message: (Reference) throws(LessonError) -> String)] = [
            ({ r throws(LessonError) in
                guard r.isConv(e) || r.isPool(e) else { return nil }
                if r.sub == nil, ["width", "height"].contains(r.field) { return .binary(.subtract, .reference(r.path, r.at), .number(1, r.at)) }
                if r.field == "output", r.sub == "width" || r.sub == "height" { return .binary(.subtract, .reference(r.path, r.at), .number(1, r.at)) }
                if r.field == "output", r.sub == "count" {
                    let w = Expression.binary(.subtract, r.with("output", "width"), .number(1, r.at))
                    let h = Expression.binary(.subtract, r.with("output", "height"), .number(1, r.at))
                    return .binary(.multiply, .binary(.multiply, w, h), r.with("output", "depth"))
                }
                return nil
            }, { _ throws(LessonError) in
                "\(typed) is one short on each side: the output size is (N - F + 2P)/S + 1, and the + 1 counts the filter's first position."
            }),
            ({ r in r.field == "params" ? r.with("weights") : nil }, { r throws(LessonError) in
                "\(typed) leaves out the biases: every filter (or neuron) adds one, \(try count(r.with("biases"), e)) here."
            }),
            ({ r in r.field == "weights" ? r.with("params") : nil }, { _ throws(LessonError) in
                "\(typed) counts the biases too; this question asks for the weights only."
            }),
            ({ r throws(LessonError) in
                guard r.isConv(e), try value(r.with("input", "depth"), e) > 1 else { return nil }
                let perChannel = Expression.binary(.divide, r.with("weights"), r.with("input", "depth"))
                switch r.field {
                case "weights": return perChannel
                case "params": return .binary(.add, perChannel, r.with("biases"))
                case "multiplyAdds": return .binary(.divide, r.with("multiplyAdds"), r.with("input", "depth"))
                default: return nil
                }
            }, { r throws(LessonError) in
                "\(typed) leaves out the depth: a filter spans all \(try count(r.with("input", "depth"), e)) channels of its input, not one."
            }),
            ({ r throws(LessonError) in
                guard r.isConv(e) || r.isFullyConnected(e), ["weights", "params"].contains(r.field), try value(r.with("depth"), e) > 1 else { return nil }
                return .binary(.divide, r.with(r.field), r.with("depth"))
            }, { r throws(LessonError) in
                r.isConv(e)
                    ? "\(typed) is one filter's worth; the layer has \(try count(r.with("depth"), e)) filters."
                    : "\(typed) is one output neuron's worth; the layer has \(try count(r.with("depth"), e)) of them."
            }),
        ]
        for slip in slips {
            let rewritten = try rewrite(answer, slip.rewrite)
            guard let first = rewritten.changed.first, rewritten.expression != answer,
                  case .number(let x) = try e.evaluate(rewritten.expression), x != want, near(x) else { continue }
            return try slip.message(first)
        }
        return factor(typed: typed, got: got.value, want: want, fields: Set(refs.map(\.field)))
    }

    /// For answers in values or bytes: a factor of 4 is a float's bytes, a factor of 2 the backward pass.
    static func factor(typed: String, got: Double, want: Double, fields: Set<String>) -> String? {
        guard want != 0 else { return nil }
        let ratio = got / want
        func close(_ r: Double) -> Bool { abs(ratio - r) <= 0.005 * r }
        let bytes = !fields.isDisjoint(with: byteFields)
        let values = fields.contains("memory")
        if close(0.25), bytes {
            return "\(typed) is a quarter of the answer: that counts values, and each value is a 4-byte float."
        }
        if close(4), values, !bytes {
            return "\(typed) is 4 times the answer: that counts bytes (4 per float), and the question counts values."
        }
        if close(4) || close(0.25), bytes || values {
            return "\(typed) is off by a factor of 4, the size of a float in bytes: check where a 4 came in or went missing."
        }
        if close(2), bytes || values {
            return "\(typed) is twice the answer: the backward pass doubles the memory, and the question is about the forward pass only."
        }
        if close(0.5), fields.contains("backwardBytes") {
            return "\(typed) is half the answer: training keeps the forward values and their gradients, about twice the forward pass."
        }
        // Other factors of 2 or 4 have no one cause to name; "too large" says enough there.
        return nil
    }

    /// For a volume quiz whose answer is `net.layer.output`: the slip `sides` shows, or nil.
    static func volume(typed: String, sides: [Double], want: Volume, quiz: Quiz, evaluator e: Evaluator) throws(LessonError) -> String? {
        var r: Reference?
        if let expression = quiz.answer?.expression, case .reference(let path, let at) = expression {
            r = Reference(path: path, at: at)
        }
        if sides.count == 2 {
            let depth = r.map { $0.isPool(e) ? ", the same as its input's" : $0.isConv(e) ? ", the number of filters" : "" } ?? ""
            return "\(typed) has no depth: an output volume is width x height x depth\(depth.isEmpty ? "." : ", and its depth is\(depth.dropFirst()).")"
        }
        if sides.prefix(2).contains(where: { $0.rounded() != $0 }) {
            return "\(typed) is not whole, and an output size counts positions: when (N - F + 2P)/S does not come out whole, that stride does not fit the input."
        }
        let (w, h, d) = (Int(sides[0]), Int(sides[1]), Int(sides[2]))
        if w == want.width - 1, h == want.height - 1 {
            return "\(typed) is one short on each side: the output size is (N - F + 2P)/S + 1, and the + 1 counts the filter's first position."
        }
        guard let r, r.field == "output", r.sub == nil, r.isConv(e) else { return nil }
        let input = try e.evaluate(r.with("input"))
        if case .volume(let inVolume) = input, d == inVolume.depth, d != want.depth {
            let and = w == want.width && h == want.height ? "" : ", and the width and height are off too"
            return "\(typed) keeps the input's depth; a conv layer's output has one activation map per filter\(and)."
        }
        return nil
    }

    // MARK: Expression plumbing

    static func references(_ e: Expression) -> [Reference] {
        switch e {
        case .number: return []
        case .reference(let path, let at): return [Reference(path: path, at: at)]
        case .negate(let inner): return references(inner)
        case .binary(_, let l, let r): return references(l) + references(r)
        case .call(_, let args, _): return args.flatMap(references)
        }
    }

    /// `e` with every reference `f` has a replacement for replaced; the references that changed.
    static func rewrite(_ e: Expression, _ f: (Reference) throws(LessonError) -> Expression?) throws(LessonError) -> (expression: Expression, changed: [Reference]) {
        switch e {
        case .number: return (e, [])
        case .reference(let path, let at):
            let r = Reference(path: path, at: at)
            guard let replacement = try f(r) else { return (e, []) }
            return (replacement, [r])
        case .negate(let inner):
            let x = try rewrite(inner, f)
            return (.negate(x.expression), x.changed)
        case .binary(let op, let l, let r):
            let a = try rewrite(l, f), b = try rewrite(r, f)
            return (.binary(op, a.expression, b.expression), a.changed + b.changed)
        case .call(let name, let args, let at):
            var out: [Expression] = []
            var changed: [Reference] = []
            for arg in args {
                let x = try rewrite(arg, f)
                out.append(x.expression)
                changed += x.changed
            }
            return (.call(name, out, at), changed)
        }
    }

    static func value(_ e: Expression, _ evaluator: Evaluator) throws(LessonError) -> Double {
        (try evaluator.evaluate(e)).number ?? 0
    }

    static func count(_ e: Expression, _ evaluator: Evaluator) throws(LessonError) -> String {
        ValueFormat.grouped.format(try evaluator.evaluate(e))
    }
}
