/// Everything the lecture computes about one layer, derived from the spec without allocating it.
public struct LayerShape: Hashable, Sendable {
    /// Explicit `name:` or an automatic one (conv1, relu2, pool1, ...), unique in the network.
    public var name: String
    /// `nil` for the input row.
    public var kind: LayerKind?
    /// Nesting: 0 at top level, 1 inside a residual/concat, and so on.
    public var depth: Int
    public var location: SourceLocation?
    public var input: Volume
    public var output: Volume
    public var weights: Int = 0
    public var biases: Int = 0
    public var trainable: Bool = true
    /// The lecture's count: multiplies of the dot products, no bias, per image.
    public var multiplyAdds: Int = 0
    /// torchinfo's count, per image: conv (weights+biases) x output positions; linear and batch norm: params.
    public var torchinfoMultiplyAdds: Int = 0
    /// Values this layer stores in the forward pass (0 for in-place ReLU/dropout and flatten views).
    public var activations: Int = 0
    /// Receptive field in input pixels (height, width), and the distance between neighbouring outputs.
    public var receptiveField: (height: Int, width: Int) = (1, 1)
    public var receptiveStride: (height: Int, width: Int) = (1, 1)
    /// Set when this layer does not fit; rows after a fatal problem are `unknown`.
    public var problem: String?
    public var unknown = false
    /// False when `output` is a stand-in rather than a size: this layer, or one before it, does not
    /// fit (its size was rounded down, or left at 0, so the table can go on). Tools that read sizes
    /// (the summary JSON) report none rather than a guess.
    public var exact = true

    public var params: Int { weights + biases }
    public var activationBytes: Int { activations * 4 }
    public var isBlock: Bool {
        switch kind {
        case .residual, .concat: true
        default: false
        }
    }

    /// ConvNetJS's "16x5x5x3+16 = 1,216"; nil for layers without parameters.
    public var paramsFormula: String? {
        switch kind {
        case .conv(let c):
            // Grouped: each filter sees only its group's depth/groups channels.
            let depth = c.groups == 1 ? "\(input.depth)" : "(\(input.depth)/\(c.groups))"
            let w = "\(c.filters)x\(c.kernelHeight)x\(c.kernelWidth)x\(depth)"
            return (c.bias ? "\(w)+\(c.filters)" : w) + " = \(params.grouped)"
        case .deconv(let d):
            let w = "\(d.filters)x\(d.kernelHeight)x\(d.kernelWidth)x\(input.depth)"
            return (d.bias ? "\(w)+\(d.filters)" : w) + " = \(params.grouped)"
        case .fullyConnected(let n, let bias):
            let w = "\(n)x\(input.count)"
            return (bias ? "\(w)+\(n)" : w) + " = \(params.grouped)"
        case .batchNorm:
            return "2x\(input.depth) = \(params.grouped)"
        default:
            return nil
        }
    }

    /// The lecture's question: parameters if this conv were a fully connected layer instead.
    public var fullyConnectedAlternative: Int { input.count * output.count }

    public static func == (l: LayerShape, r: LayerShape) -> Bool {
        l.name == r.name && l.kind == r.kind && l.depth == r.depth && l.input == r.input && l.output == r.output
            && l.weights == r.weights && l.biases == r.biases && l.trainable == r.trainable
            && l.multiplyAdds == r.multiplyAdds && l.torchinfoMultiplyAdds == r.torchinfoMultiplyAdds
            && l.activations == r.activations && l.receptiveField == r.receptiveField
            && l.receptiveStride == r.receptiveStride && l.problem == r.problem && l.unknown == r.unknown && l.exact == r.exact
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(output)
        hasher.combine(weights)
    }
}

extension Int {
    /// 1234567 -> "1,234,567", the way the lecture writes parameter counts.
    public var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return self < 0 ? "-" + out : out
    }
}
