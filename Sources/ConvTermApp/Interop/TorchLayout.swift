import ConvEngine

/// Where each layer of a spec lives in the generated PyTorch module (`model.py`), and so the
/// names of its `state_dict`. Export writes weights under these names and import reads them back
/// through the same layout, so the two can never disagree.
///
/// The rule keeps ConvTerm's names wherever PyTorch allows: a layer is registered in its
/// container (the net, a residual block, a shortcut, a concat branch) under its name relative to
/// the container's scope, so `layer1.0`'s conv `layer1.0.conv1` is `layer1.0.conv1` in PyTorch
/// too. Dots at the top level become nested `nn.ModuleDict`s (`self.layer1["0"]`); inside blocks,
/// and wherever a name is not a Python identifier, they become `_`.
public struct TorchLayout {
    public struct Layer {
        /// ConvTerm's name (checkpoint tensors are `name.weight` etc.).
        public var name: String
        /// Full module path in the PyTorch model; state_dict keys are `path.weight` etc.
        public var path: String
        /// Top level: attribute, then ModuleDict keys (`["layer1", "0"]`); in a block: one key.
        public var keys: [String]
        public var kind: LayerKind
        public var input: Volume
        public var output: Volume
        public var frozen: Bool
        /// A residual block's body and optional shortcut; a concat block's branches.
        public var body: [Layer] = []
        public var shortcut: [Layer]?
        public var branches: [[Layer]] = []
    }

    /// One tensor of the state_dict, with ConvTerm's name for it and its shape.
    public struct Entry: Equatable {
        public var torchName: String
        public var ourName: String
        public var shape: [Int]
    }

    public let spec: NetworkSpec
    public let layers: [Layer]

    public init(_ spec: NetworkSpec) throws {
        self.spec = spec
        let rows = try NetworkShapes(spec).validated().rows
        var walker = Walker(rows: rows)
        layers = walker.container(spec.layers, scope: "", torchPrefix: "", topLevel: true)
    }

    /// Every tensor PyTorch's `state_dict` holds for this model except batch norm's
    /// `num_batches_tracked` (an integer counter ConvTerm does not keep), in module order.
    public var entries: [Entry] {
        var out: [Entry] = []
        func visit(_ layers: [Layer]) {
            for l in layers {
                func add(_ suffix: String, _ shape: [Int]) {
                    out.append(Entry(torchName: "\(l.path).\(suffix)", ourName: "\(l.name).\(suffix)", shape: shape))
                }
                switch l.kind {
                case .conv(let c):
                    add("weight", [c.filters, l.input.depth / c.groups, c.kernelHeight, c.kernelWidth])
                    if c.bias { add("bias", [c.filters]) }
                case .deconv(let d):
                    // ConvTranspose2d's weight is [in, out, kh, kw], ConvTerm's too.
                    add("weight", [l.input.depth, d.filters, d.kernelHeight, d.kernelWidth])
                    if d.bias { add("bias", [d.filters]) }
                case .fullyConnected(let n, let bias):
                    add("weight", [n, l.input.count])
                    if bias { add("bias", [n]) }
                case .batchNorm:
                    for suffix in ["weight", "bias", "running_mean", "running_var"] { add(suffix, [l.input.depth]) }
                case .residual:
                    visit(l.body)
                    if let s = l.shortcut { visit(s) }
                case .concat:
                    l.branches.forEach(visit)
                default: break
                }
            }
        }
        visit(layers)
        return out
    }

    /// Python words a layer may not be called as an attribute of an `nn.Module`.
    static let reserved: Set<String> = [
        "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue", "def", "del",
        "elif", "else", "except", "finally", "for", "from", "global", "if", "import", "in", "is", "lambda", "nonlocal",
        "not", "or", "pass", "raise", "return", "try", "while", "with", "yield",
        "forward", "training", "train", "eval", "to", "cpu", "cuda", "float", "double", "half", "type", "apply",
        "modules", "children", "parameters", "buffers", "state_dict", "load_state_dict", "zero_grad", "add_module",
        "register_buffer", "register_parameter", "extra_repr", "named_modules", "requires_grad_", "shortcut",
        "input_shape", "classes", "dump_patches", "call_super_init",
    ]

    /// A valid, unreserved Python identifier made from a ConvTerm name segment.
    static func identifier(_ text: String) -> String {
        var out = String(text.map { $0.isLetter && $0.isASCII || $0.isNumber && $0.isASCII || $0 == "_" ? $0 : "_" })
        if out.isEmpty || out.first!.isNumber { out = "_" + out }
        if reserved.contains(out) { out += "_" }
        return out
    }

    struct Walker {
        let rows: [LayerShape]
        var index = 1

        mutating func container(_ specs: [LayerSpec], scope: String, torchPrefix: String, topLevel: Bool) -> [Layer] {
            var used: Set<String> = []
            // Top-level dotted names share ModuleDicts; a plain layer with the same first segment would clash.
            var leaves: Set<String> = []
            if topLevel {
                for (offset, spec) in specs.enumerated() {
                    let name = spec.name ?? rows[rowIndex(afterSkipping: offset, in: specs)].name
                    if !name.contains(".") { leaves.insert(TorchLayout.identifier(name)) }
                }
            }
            var out: [Layer] = []
            for spec in specs {
                let row = rows[index]
                index += 1
                let local = scope.isEmpty || !row.name.hasPrefix(scope + ".") ? row.name : String(row.name.dropFirst(scope.count + 1))
                var keys: [String]
                let segments = local.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                if topLevel, segments.count > 1, !segments.contains(where: \.isEmpty),
                   !leaves.contains(TorchLayout.identifier(segments[0])) {
                    keys = [TorchLayout.identifier(segments[0])] + segments.dropFirst()
                } else {
                    keys = [TorchLayout.identifier(local)]
                }
                // A collision after sanitising (`a-b` and `a_b`) gets a numbered key.
                var joined = keys.joined(separator: ".")
                var n = 2
                while used.contains(joined) {
                    keys[keys.count - 1] = keys[keys.count - 1] + "_\(n)"
                    joined = keys.joined(separator: ".")
                    n += 1
                }
                used.insert(joined)
                let path = torchPrefix.isEmpty ? joined : torchPrefix + "." + joined
                var layer = Layer(name: row.name, path: path, keys: keys, kind: spec.kind, input: row.input,
                                  output: row.output, frozen: spec.frozen)
                switch spec.kind {
                case .residual(let body, let shortcut):
                    layer.body = container(body, scope: row.name, torchPrefix: path, topLevel: false)
                    if let shortcut {
                        layer.shortcut = container(shortcut, scope: row.name + ".shortcut", torchPrefix: path + ".shortcut", topLevel: false)
                    }
                case .concat(let branches):
                    layer.branches = branches.enumerated().map { i, branch in
                        container(branch, scope: row.name + ".branch\(i + 1)", torchPrefix: path + ".branch\(i + 1)", topLevel: false)
                    }
                default: break
                }
                out.append(layer)
            }
            return out
        }

        /// The row of the `offset`-th spec of a container whose first spec is at `index`.
        func rowIndex(afterSkipping offset: Int, in specs: [LayerSpec]) -> Int {
            var i = index
            for spec in specs.prefix(offset) { i += 1 + Walker.nestedCount(spec) }
            return i
        }

        static func nestedCount(_ spec: LayerSpec) -> Int {
            switch spec.kind {
            case .residual(let body, let shortcut):
                return (body + (shortcut ?? [])).reduce(0) { $0 + 1 + nestedCount($1) }
            case .concat(let branches):
                return branches.joined().reduce(0) { $0 + 1 + nestedCount($1) }
            default: return 0
            }
        }
    }
}
