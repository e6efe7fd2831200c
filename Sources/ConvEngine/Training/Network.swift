/// A runtime network built from a spec: layers with allocated weights that run forward and
/// backward over batches. Its shapes come from `NetworkShapes`, so the two never disagree.
public final class Network: @unchecked Sendable {
    public let spec: NetworkSpec
    public let shapes: NetworkShapes
    /// Top-level layers, without a trailing softmax (folded into the loss).
    public let layers: [RuntimeLayer]
    public let endsWithSoftmax: Bool
    public let parameters: [Parameter]
    /// The stream dropout draws from; part of a checkpoint.
    public let random: RandomStream
    public let initialization: Initialization
    /// Activation buffers reused from one inference pass (and layer) to the next.
    let recycler = ActivationRecycler()
    /// When set, every forward and backward pass times each layer into it (`bench --profile`).
    public var profiler: LayerProfiler?

    /// Builds and initialises the network. Fails with the spec's first problem (line and column),
    /// or when a layer cannot run (LRN is shape-only).
    public init(spec: NetworkSpec, initialization: Initialization = .he, seed: UInt64) throws(SpecError) {
        self.spec = spec
        self.initialization = initialization
        shapes = try NetworkShapes(spec).validated()
        var rng = SeededRandom(seed: seed)
        random = RandomStream(SeededRandom(seed: seed ^ 0xD1B5_4A32_D192_ED03))
        var builder = NetworkBuilder(rows: shapes.rows, random: random)
        var built = try builder.build(spec.layers)
        endsWithSoftmax = built.last?.kind == .softmax
        if endsWithSoftmax { built.removeLast() }
        layers = built
        parameters = built.flatMap(\.parameters)
        for layer in built { initialization.initialize(layer, &rng) }
    }

    /// Number of class scores the network produces.
    public var outputVolume: Volume { layers.last?.outputVolume ?? spec.input }

    /// Every layer, blocks before their contents (the order of `shapes.rows` minus the input).
    public var allLayers: [RuntimeLayer] {
        func flatten(_ l: RuntimeLayer) -> [RuntimeLayer] { [l] + l.children.flatMap(flatten) }
        return layers.flatMap(flatten)
    }

    /// Shapes: input [N, W x H x D of the spec] -> scores [N, outputVolume] (before softmax).
    public func scores(_ input: Tensor, _ context: PassContext) -> Tensor {
        precondition(input.volume == spec.input, "input \(input.volume) does not match the network's \(spec.input)")
        var context = context
        if !context.retainsActivations { context.recycler = recycler }
        if context.profiler == nil { context.profiler = profiler }
        return LayerSequence(layers: layers).forward(input, context)
    }

    /// Shapes: scoreGradient [N, outputVolume] -> input gradient [N, input] (the saliency picture;
    /// zeros when `context.needsInputGradient` is false).
    @discardableResult
    public func backward(_ scoreGradient: Tensor, _ context: PassContext) -> Tensor {
        var context = context
        if context.profiler == nil { context.profiler = profiler }
        return LayerSequence(layers: layers).backward(scoreGradient, context)
    }

    public func zeroGradients() {
        for p in parameters { p.zeroGradient() }
    }

    public var batchNorms: [BatchNorm] { allLayers.compactMap { $0 as? BatchNorm } }

    /// Marks layers frozen or trainable (transfer learning); `names` are layer names.
    public func setFrozen(_ frozen: Bool, layers names: Set<String>) {
        for layer in allLayers where names.contains(layer.name) {
            for p in layer.parameters { p.frozen = frozen }
        }
    }
}

/// Walks the spec alongside its shape rows (same pre-order) to create runtime layers.
struct NetworkBuilder {
    let rows: [LayerShape]
    let random: RandomStream
    let workspaces = ConvWorkspacePool()
    var index = 1

    init(rows: [LayerShape], random: RandomStream) {
        self.rows = rows
        self.random = random
    }

    mutating func build(_ specs: [LayerSpec]) throws(SpecError) -> [RuntimeLayer] {
        var out: [RuntimeLayer] = []
        for spec in specs { out.append(try build(spec)) }
        return out
    }

    mutating func build(_ spec: LayerSpec) throws(SpecError) -> RuntimeLayer {
        let row = rows[index]
        index += 1
        let name = row.name
        switch spec.kind {
        case .conv(let c):
            return Convolution(name: name, spec: c, input: row.input, output: row.output, frozen: spec.frozen, pool: workspaces)
        case .deconv(let d):
            return TransposedConvolution(name: name, spec: d, input: row.input, output: row.output, frozen: spec.frozen, pool: workspaces)
        case .upsample(let u):
            return Upsample(name: name, spec: u, input: row.input, output: row.output)
        case .activation(let f):
            return Activation(name: name, function: f, volume: row.input)
        case .relu:
            return ReLU(name: name, volume: row.input)
        case .maxPool(let p):
            return MaxPool(name: name, spec: p, input: row.input, output: row.output)
        case .avgPool(let p):
            return AveragePool(name: name, spec: p, input: row.input, output: row.output)
        case .globalAvgPool:
            return GlobalAveragePool(name: name, input: row.input)
        case .fullyConnected(let n, let bias):
            return FullyConnected(name: name, outputs: n, hasBias: bias, input: row.input, frozen: spec.frozen)
        case .softmax:
            return Softmax(name: name, volume: row.input)
        case .dropout(let p):
            return Dropout(name: name, probability: p, volume: row.input, random: random)
        case .batchNorm(let epsilon):
            return BatchNorm(name: name, volume: row.input, epsilon: epsilon, frozen: spec.frozen)
        case .flatten:
            return Flatten(name: name, input: row.input)
        case .localResponseNorm:
            throw SpecError("`lrn` (local response normalisation) is shape-only in ConvTerm and cannot train; remove the lrn lines, or use `batchnorm`, its modern replacement", at: spec.location ?? SourceLocation(line: 1, column: 1))
        case .residual(let body, let shortcut):
            let b = try build(body)
            let s = try shortcut.map { (layers: [LayerSpec]) throws(SpecError) in try build(layers) }
            return Residual(name: name, kind: spec.kind, input: row.input, output: row.output, body: b, shortcut: s)
        case .concat(let branches):
            var built: [[RuntimeLayer]] = []
            for branch in branches { built.append(try build(branch)) }
            return Concat(name: name, kind: spec.kind, input: row.input, output: row.output, branches: built)
        }
    }
}
