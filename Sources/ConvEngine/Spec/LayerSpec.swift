/// How a layer treats an output size that is not a whole number: refuse it (the lecture's
/// "doesn't fit"), round down like PyTorch, or round up like Caffe's pooling.
public enum Rounding: String, Hashable, Sendable, Codable {
    case exact, floor, ceil
}

/// Zero padding of a conv or pool layer. `same` keeps the spatial size at stride 1 (odd filters only).
public enum Padding: Hashable, Sendable {
    case explicit(height: Int, width: Int)
    case same

    public static let zero = Padding.explicit(height: 0, width: 0)
}

public struct ConvSpec: Hashable, Sendable {
    public var filters: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int = 1
    public var strideWidth: Int = 1
    public var padding: Padding = .zero
    public var bias: Bool = true
    public var rounding: Rounding = .exact
    /// Gaps between the filter's taps: a 3x3 filter with dilation 2 spans 5x5 with 9 weights.
    public var dilationHeight: Int = 1
    public var dilationWidth: Int = 1
    /// Input and filters split into this many independent groups, each filter seeing depth/groups
    /// channels (AlexNet's two-GPU split is groups 2; groups = depth = filters is depthwise).
    public var groups: Int = 1

    public init(filters: Int, kernelHeight: Int, kernelWidth: Int, strideHeight: Int = 1, strideWidth: Int = 1,
                padding: Padding = .zero, bias: Bool = true, rounding: Rounding = .exact,
                dilationHeight: Int = 1, dilationWidth: Int = 1, groups: Int = 1) {
        self.filters = filters
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padding = padding
        self.bias = bias
        self.rounding = rounding
        self.dilationHeight = dilationHeight
        self.dilationWidth = dilationWidth
        self.groups = groups
    }

    /// Padding in pixels: `same` resolves to D(F - 1) / 2 on each side.
    public var padHeight: Int {
        if case .explicit(let h, _) = padding { return h }
        return dilationHeight * (kernelHeight - 1) / 2
    }
    public var padWidth: Int {
        if case .explicit(_, let w) = padding { return w }
        return dilationWidth * (kernelWidth - 1) / 2
    }

    /// The span a dilated filter covers, (F - 1)D + 1: what the output size and receptive field see.
    public var spanHeight: Int { (kernelHeight - 1) * dilationHeight + 1 }
    public var spanWidth: Int { (kernelWidth - 1) * dilationWidth + 1 }
}

public struct PoolSpec: Hashable, Sendable {
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var strideHeight: Int
    public var strideWidth: Int
    public var padHeight: Int = 0
    public var padWidth: Int = 0
    public var rounding: Rounding = .exact

    public init(kernelHeight: Int, kernelWidth: Int, strideHeight: Int, strideWidth: Int,
                padHeight: Int = 0, padWidth: Int = 0, rounding: Rounding = .exact) {
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideHeight = strideHeight
        self.strideWidth = strideWidth
        self.padHeight = padHeight
        self.padWidth = padWidth
        self.rounding = rounding
    }
}

/// What a layer does. Blocks hold layers: a residual adds its body's output to its input (through
/// the optional `shortcut` projection); a concat stacks its branches' outputs along depth.
public indirect enum LayerKind: Hashable, Sendable {
    case conv(ConvSpec)
    case relu
    case maxPool(PoolSpec)
    case avgPool(PoolSpec)
    case globalAvgPool
    case fullyConnected(outputs: Int, bias: Bool)
    case softmax
    case dropout(Double)
    case localResponseNorm(size: Int)
    /// `epsilon` is added to the variance before its square root: PyTorch's 1e-5 unless the file
    /// says `eps` (torchvision's GoogLeNet uses 0.001).
    case batchNorm(epsilon: Double)
    case flatten
    case residual(body: [LayerSpec], shortcut: [LayerSpec]?)
    case concat(branches: [[LayerSpec]])
    case deconv(DeconvSpec)
    case upsample(UpsampleSpec)
    case activation(ActivationFunction)

    /// Batch norm's epsilon when the file gives none (PyTorch's default).
    public static let batchNormEpsilon = 1e-5

    /// The word that starts the layer's line in a `.net` file.
    public var keyword: String {
        switch self {
        case .conv: "conv"
        case .relu: "relu"
        case .maxPool: "maxpool"
        case .avgPool: "avgpool"
        case .globalAvgPool: "globalavgpool"
        case .fullyConnected: "fc"
        case .softmax: "softmax"
        case .dropout: "dropout"
        case .localResponseNorm: "lrn"
        case .batchNorm: "batchnorm"
        case .flatten: "flatten"
        case .residual: "residual"
        case .concat: "concat"
        case .deconv: "deconv"
        case .upsample: "upsample"
        case .activation(let f): f.keyword
        }
    }

    /// Name stem for layers the file leaves unnamed ("conv" -> conv1, conv2, ...).
    var autoNameStem: String {
        switch self {
        case .maxPool, .avgPool, .globalAvgPool: "pool"
        case .localResponseNorm: "norm"
        case .batchNorm: "bn"
        default: keyword
        }
    }

    public var hasParameters: Bool {
        switch self {
        case .conv, .deconv, .fullyConnected, .batchNorm: true
        default: false
        }
    }
}

/// Where a layer was written, for error messages. Not part of a spec's identity.
public struct SourceLocation: Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }
    public var description: String { "\(line):\(column)" }
}

/// One line of a `.net` file (or one block with its nested lines).
public struct LayerSpec: Sendable {
    /// The `name:` label written in the file, if any; `ShapeInference` names the rest.
    public var name: String?
    public var kind: LayerKind
    /// Transfer learning: a frozen layer keeps its weights and reports them as non-trainable.
    public var frozen: Bool
    public var location: SourceLocation?

    public init(_ kind: LayerKind, name: String? = nil, frozen: Bool = false, location: SourceLocation? = nil) {
        self.kind = kind
        self.name = name
        self.frozen = frozen
        self.location = location
    }
}

extension LayerSpec: Hashable {
    public static func == (l: LayerSpec, r: LayerSpec) -> Bool {
        l.name == r.name && l.kind == r.kind && l.frozen == r.frozen
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(kind)
        hasher.combine(frozen)
    }
}
