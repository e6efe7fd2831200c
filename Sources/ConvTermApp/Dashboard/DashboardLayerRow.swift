import ConvEngine

/// One line of the network column, computed once from the spec's shapes (nothing here changes
/// while training, so the column never has to consult the engine per frame).
public struct DashboardLayerRow: Hashable, Sendable {
    public var name: String
    /// "input", "conv", "relu", "pool", "fc", "softmax"...
    public var type: String
    /// Filter size and stride: "5x5/1"; empty for layers without a window.
    public var window: String
    public var input: Volume
    public var output: Volume
    /// In words, like ConvNetJS's layer text: "16 filters 5x5x3, stride 1, pad 2 -> 32x32x16".
    public var summary: String
    public var params: Int
    /// ConvNetJS's "16x5x5x3+16 = 1,216"; nil when the layer has no parameters.
    public var paramsFormula: String?
    public var depth: Int
    public var hasWeights: Bool
    public var isInput: Bool

    /// Rows for every layer of `shapes`, the input first. Block headers (residual, concat) stay as
    /// rows so nested layers read as a tree.
    public static func rows(_ shapes: NetworkShapes) -> [DashboardLayerRow] {
        shapes.rows.enumerated().map { index, row in
            DashboardLayerRow(
                name: index == 0 ? "input" : row.name,
                type: index == 0 ? "input" : typeName(row.kind),
                window: window(row.kind),
                input: row.input,
                output: row.output,
                summary: index == 0 ? "the image, \(row.output)" : summary(row.kind, input: row.input, output: row.output),
                params: row.params,
                paramsFormula: row.paramsFormula,
                depth: row.depth,
                hasWeights: row.weights > 0,
                isInput: index == 0)
        }
    }

    static func typeName(_ kind: LayerKind?) -> String {
        switch kind {
        case nil: "input"
        case .maxPool: "pool"
        case .avgPool: "avgpool"
        case .globalAvgPool: "gap"
        case .fullyConnected: "fc"
        case .batchNorm: "bn"
        case .localResponseNorm: "lrn"
        case .some(let k): k.keyword
        }
    }

    static func summary(_ kind: LayerKind?, input: Volume, output: Volume) -> String {
        switch kind {
        case .conv(let c):
            let pad = c.padHeight == c.padWidth ? "\(c.padHeight)" : "\(c.padHeight)x\(c.padWidth)"
            let extras = (c.dilationHeight != 1 ? ", dilation \(c.dilationHeight)" : "") + (c.groups != 1 ? ", \(c.groups) groups" : "")
            return "\(c.filters) filters \(c.kernelHeight)x\(c.kernelWidth)x\(input.depth / c.groups), stride \(c.strideHeight), pad \(pad)\(extras) -> \(output)"
        case .deconv(let d):
            return "deconv: \(d.filters) filters \(d.kernelHeight)x\(d.kernelWidth) stamped at stride \(d.strideHeight): \(input) -> \(output)"
        case .upsample(let u):
            return "upsample \(u.scale)x \(u.mode.rawValue): \(input) -> \(output)"
        case .activation(let f):
            return "\(f.keyword) \(f.formula) -> \(output)"
        case .maxPool(let p), .avgPool(let p):
            return "\(kind!.keyword) \(p.kernelHeight)x\(p.kernelWidth), stride \(p.strideHeight): \(input) -> \(output)"
        case .fullyConnected(let n, _):
            return "fully connected, \(n) neurons, each sees all \(input.count.grouped) inputs -> \(output)"
        case .relu: return "relu max(0, x) -> \(output)"
        case .softmax: return "softmax: class probabilities -> \(output)"
        case .some(let k): return "\(k.keyword) -> \(output)"
        case nil: return "the image, \(output)"
        }
    }

    static func window(_ kind: LayerKind?) -> String {
        switch kind {
        case .conv(let c):
            return "\(c.kernelHeight)x\(c.kernelWidth)/\(c.strideHeight)"
        case .deconv(let d):
            return "\(d.kernelHeight)x\(d.kernelWidth)*\(d.strideHeight)"
        case .upsample(let u):
            return "x\(u.scale)"
        case .maxPool(let p), .avgPool(let p):
            return "\(p.kernelHeight)x\(p.kernelWidth)/\(p.strideHeight)"
        case .dropout(let p):
            return "p \(p)"
        default:
            return ""
        }
    }
}
