import ConvEngine
import Foundation

/// Evaluates expressions against a `NetworkLibrary`. Errors carry the reference's location.
public struct Evaluator: Sendable {
    public var library: NetworkLibrary
    public var file: String

    public init(library: NetworkLibrary, file: String) {
        self.library = library
        self.file = file
    }

    public static let layerFields = [
        "output", "input", "width", "height", "depth", "params", "weights", "biases", "memory", "bytes",
        "multiplyAdds", "torchinfoMultiplyAdds", "fcAlternative", "rf", "filterSize", "stride", "pad",
    ]
    public static let totalFields = [
        "params", "weights", "biases", "memory", "bytes", "backwardBytes", "paramBytes", "multiplyAdds",
        "torchinfoMultiplyAdds", "layers", "output", "input", "trainable", "frozen",
    ]
    /// Pseudo-layers summing every layer of one kind: `vgg16.convs.params`, `vgg16.fcs.params`.
    public static let groups = ["convs", "fcs", "pools"]
    public static let volumeFields = ["width", "height", "depth", "count"]

    public func evaluate(_ e: Expression) throws(LessonError) -> Value {
        let value = try evaluateUnchecked(e)
        // A finite result is what every format can write; beyond 1.8e308 (or 0 * inf on the way)
        // nothing meaningful is left to show, so it is an error here, for check and render alike.
        if case .number(let n) = value, !n.isFinite {
            throw LessonError("the result is too large to compute (beyond about 1.8e308); check the expression's arithmetic", file: file, at: location(of: e))
        }
        return value
    }

    func evaluateUnchecked(_ e: Expression) throws(LessonError) -> Value {
        switch e {
        case .number(let n, _):
            return .number(n)
        case .reference(let path, let at):
            return try resolve(path, at: at)
        case .negate(let inner):
            return .number(-(try number(inner, "negate")))
        case .binary(let op, let l, let r):
            let a = try number(l, "use `\(op.rawValue)` on")
            let b = try number(r, "use `\(op.rawValue)` on")
            switch op {
            case .add: return .number(a + b)
            case .subtract: return .number(a - b)
            case .multiply: return .number(a * b)
            case .divide:
                guard b != 0 else { throw LessonError("division by zero: the divisor is 0", file: file, at: location(of: r)) }
                return .number(a / b)
            }
        case .call(let name, let args, let at):
            let values = try args.map { (a) throws(LessonError) -> Double in try number(a, "pass to `\(name)`") }
            switch name {
            case "min", "max":
                guard !values.isEmpty else { throw LessonError("`\(name)` needs at least one argument", file: file, at: at) }
                return .number(name == "min" ? values.min()! : values.max()!)
            default:
                guard values.count == 1 else { throw LessonError("`\(name)` takes one argument, got \(values.count)", file: file, at: at) }
                let v = values[0]
                switch name {
                case "ln":
                    guard v > 0 else { throw LessonError("`ln` of \(Value.number(v)): the logarithm is defined for positive numbers only", file: file, at: at) }
                    return .number(Foundation.log(v))
                case "exp": return .number(Foundation.exp(v))
                case "round": return .number(v.rounded())
                case "floor": return .number(v.rounded(.down))
                default: return .number(v.rounded(.up))
                }
            }
        }
    }

    func number(_ e: Expression, _ what: String) throws(LessonError) -> Double {
        let v = try evaluate(e)
        switch v {
        case .number(let n): return n
        case .volume(let vol):
            throw LessonError("cannot \(what) the volume \(vol); pick a number from it with `.width`, `.height`, `.depth` or `.count`", file: file, at: location(of: e))
        }
    }

    func location(of e: Expression) -> SourceLocation {
        switch e {
        case .reference(_, let at), .call(_, _, let at), .number(_, let at): return at
        case .negate(let inner): return location(of: inner)
        case .binary(_, let l, _): return location(of: l)
        }
    }

    func resolve(_ path: [String], at: SourceLocation) throws(LessonError) -> Value {
        let netName = path[0]
        guard let shapes = library.shapes(named: netName) else {
            let near = nearest(netName, in: library.allNames)
            let declared = library.declared.keys.sorted()
            let known = declared.isEmpty ? "" : "; this lesson declares \(declared.joined(separator: ", "))"
            throw LessonError("unknown network `\(netName)`\(near.map { "; did you mean `\($0)`?" } ?? "")\(known) (zoo: \(Zoo.names.joined(separator: ", ")))", file: file, at: at)
        }
        guard path.count >= 3 else {
            throw LessonError("`\(path.joined(separator: "."))` needs a layer and a field, e.g. `\(netName).total.params` or `\(netName).\(shapes.layerRows.first?.name ?? "conv1").output`", file: file, at: at)
        }
        // The layer name may itself contain dots (layer1.0.conv1): take the longest prefix that names one.
        for split in stride(from: path.count - 1, through: 2, by: -1) {
            let layer = path[1..<split].joined(separator: ".")
            let fields = Array(path[split...])
            if layer == "total" { return try totalField(shapes, fields, path, at) }
            if Evaluator.groups.contains(layer) { return try groupField(shapes, layer, fields, path, at) }
            if let row = shapes.layer(named: layer) { return try layerField(row, fields, path, at) }
        }
        let layer = path[1]
        let names = shapes.rows.map(\.name)
        let near = nearest(layer, in: names + ["total"] + Evaluator.groups)
        throw LessonError("network `\(netName)` has no layer `\(layer)`\(near.map { "; did you mean `\($0)`?" } ?? "") (layers: \(names.prefix(12).joined(separator: ", "))\(names.count > 12 ? ", ..." : ""))", file: file, at: at)
    }

    func volumeField(_ v: Volume, _ field: String?, _ path: [String], _ at: SourceLocation) throws(LessonError) -> Value {
        switch field {
        case nil: return .volume(v)
        case "width": return .number(Double(v.width))
        case "height": return .number(Double(v.height))
        case "depth": return .number(Double(v.depth))
        case "count": return .number(Double(v.count))
        default:
            throw LessonError("a volume has no field `\(field!)` (in `\(path.joined(separator: "."))`); use \(Evaluator.volumeFields.joined(separator: ", "))", file: file, at: at)
        }
    }

    func layerField(_ row: LayerShape, _ fields: [String], _ path: [String], _ at: SourceLocation) throws(LessonError) -> Value {
        guard fields.count <= 2 else { throw tooDeep(path, at) }
        let f = fields[0]
        let sub = fields.count > 1 ? fields[1] : nil
        if f == "output" || f == "input" { return try volumeField(f == "output" ? row.output : row.input, sub, path, at) }
        if sub != nil { throw tooDeep(path, at) }
        let n: Int
        switch f {
        case "width": n = row.output.width
        case "height": n = row.output.height
        case "depth": n = row.output.depth
        case "params": n = row.params
        case "weights": n = row.weights
        case "biases": n = row.biases
        case "memory": n = row.activations
        case "bytes": n = row.activationBytes
        case "multiplyAdds": n = row.multiplyAdds
        case "torchinfoMultiplyAdds": n = row.torchinfoMultiplyAdds
        case "fcAlternative": n = row.fullyConnectedAlternative
        case "rf": n = row.receptiveField.width
        case "filterSize", "stride", "pad":
            switch row.kind {
            case .conv(let c): n = f == "filterSize" ? c.kernelWidth : f == "stride" ? c.strideWidth : c.padWidth
            case .maxPool(let p), .avgPool(let p): n = f == "filterSize" ? p.kernelWidth : f == "stride" ? p.strideWidth : p.padWidth
            default: throw LessonError("layer `\(row.name)` is not a conv or pool layer: it has no `\(f)`", file: file, at: at)
            }
        default:
            let near = nearest(f, in: Evaluator.layerFields)
            throw LessonError("unknown layer field `\(f)`\(near.map { "; did you mean `\($0)`?" } ?? "") (fields: \(Evaluator.layerFields.joined(separator: ", ")))", file: file, at: at)
        }
        return .number(Double(n))
    }

    func totalField(_ s: NetworkShapes, _ fields: [String], _ path: [String], _ at: SourceLocation) throws(LessonError) -> Value {
        guard fields.count <= 2 else { throw tooDeep(path, at) }
        let f = fields[0]
        let sub = fields.count > 1 ? fields[1] : nil
        if f == "output" || f == "input" { return try volumeField(f == "output" ? s.output : s.spec.input, sub, path, at) }
        if sub != nil { throw tooDeep(path, at) }
        let n: Int
        switch f {
        case "params": n = s.totalParams
        case "weights": n = s.totalWeights
        case "biases": n = s.totalBiases
        case "memory": n = s.forwardActivations
        case "bytes": n = s.forwardActivationBytes
        case "backwardBytes": n = s.forwardBackwardBytes
        case "paramBytes": n = s.paramBytes
        case "multiplyAdds": n = s.multiplyAdds(.lecture)
        case "torchinfoMultiplyAdds": n = s.multiplyAdds(.torchinfo)
        case "layers": n = s.layerRows.count
        case "trainable": n = s.trainableParams
        case "frozen": n = s.frozenParams
        default:
            let near = nearest(f, in: Evaluator.totalFields)
            throw LessonError("unknown total `\(f)`\(near.map { "; did you mean `\($0)`?" } ?? "") (totals: \(Evaluator.totalFields.joined(separator: ", ")))", file: file, at: at)
        }
        return .number(Double(n))
    }

    func groupField(_ s: NetworkShapes, _ group: String, _ fields: [String], _ path: [String], _ at: SourceLocation) throws(LessonError) -> Value {
        guard fields.count == 1 else { throw tooDeep(path, at) }
        let rows = s.layerRows.filter { row in
            switch row.kind {
            case .conv: return group == "convs"
            case .fullyConnected: return group == "fcs"
            case .maxPool, .avgPool, .globalAvgPool: return group == "pools"
            default: return false
            }
        }
        let key: KeyPath<LayerShape, Int>
        switch fields[0] {
        case "params": key = \.params
        case "weights": key = \.weights
        case "biases": key = \.biases
        case "memory": key = \.activations
        case "bytes": key = \.activationBytes
        case "multiplyAdds": key = \.multiplyAdds
        case "count": return .number(Double(rows.count))
        default:
            throw LessonError("`\(group)` sums params, weights, biases, memory, bytes, multiplyAdds or count; not `\(fields[0])`", file: file, at: at)
        }
        return .number(Double(rows.reduce(0) { $0 + $1[keyPath: key] }))
    }

    func tooDeep(_ path: [String], _ at: SourceLocation) -> LessonError {
        LessonError("`\(path.joined(separator: "."))` does not name a value: write net.layer.field, net.layer.output.width or net.total.field", file: file, at: at)
    }

    /// The engine's "did you mean" matcher, so lessons and `.net` files suggest alike.
    func nearest(_ word: String, in candidates: [String]) -> String? {
        closestMatch(to: word, in: candidates)
    }
}
