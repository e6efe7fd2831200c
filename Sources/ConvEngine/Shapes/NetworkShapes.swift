/// Which multiply-add count to report: the lecture's (dot-product multiplies, no bias) or torchinfo's.
public enum MultiplyAddConvention: String, CaseIterable, Sendable, Codable {
    case lecture, torchinfo
}

/// Shape inference over a whole spec: one row per layer (the input first, blocks before their
/// contents) and the totals. Computed in microseconds; nothing is allocated per weight.
public struct NetworkShapes: Sendable {
    public var spec: NetworkSpec
    public var rows: [LayerShape]

    public init(_ spec: NetworkSpec) {
        self.spec = spec
        var inference = ShapeInference()
        rows = inference.run(spec)
    }

    /// Rows that are real layers (not the input, not block headers): what the totals sum over.
    public var layerRows: ArraySlice<LayerShape> { rows.dropFirst().filter { !$0.isBlock }[...] }

    public var problems: [SpecError] {
        rows.compactMap { row in
            row.problem.map { SpecError($0, at: row.location ?? SourceLocation(line: 1, column: 1)) }
        }
    }

    /// The first problem, as an error, for callers that need a network that fits.
    public func validated() throws(SpecError) -> NetworkShapes {
        if let first = problems.first { throw first }
        return self
    }

    /// The names of the spec's own layers, in order, blocks' insides left out (what freezing by name takes).
    public var topLevelLayerNames: [String] { rows.dropFirst().filter { $0.depth == 0 }.map(\.name) }

    public var output: Volume { rows.last(where: { $0.depth == 0 })?.output ?? spec.input }

    public func layer(named name: String) -> LayerShape? {
        rows.first { $0.name == name }
    }

    // MARK: Totals (per image)

    public var totalWeights: Int { layerRows.reduce(0) { $0 + $1.weights } }
    public var totalBiases: Int { layerRows.reduce(0) { $0 + $1.biases } }
    public var totalParams: Int { totalWeights + totalBiases }
    public var trainableParams: Int { layerRows.filter(\.trainable).reduce(0) { $0 + $1.params } }
    public var frozenParams: Int { totalParams - trainableParams }

    public func multiplyAdds(_ convention: MultiplyAddConvention) -> Int {
        rows.dropFirst().reduce(0) { $0 + (convention == .lecture ? $1.multiplyAdds : $1.torchinfoMultiplyAdds) }
    }

    /// Values stored by the forward pass, the input included (the lecture's "TOTAL memory").
    public var forwardActivations: Int { rows.reduce(0) { $0 + $1.activations } }
    public var forwardActivationBytes: Int { forwardActivations * 4 }
    /// The lecture's "~*2 for bwd": every stored activation gets a gradient of its size.
    /// torchinfo's convention ("Forward/backward pass size"): the layers' outputs twice, the input
    /// not at all, so for a net whose input is larger than its layers it is below the forward size.
    public var forwardBackwardBytes: Int { 2 * (forwardActivations - spec.input.count) * 4 }
    /// What training holds per image: every forward activation, the input's included, plus a
    /// gradient for each but the input's. Never below `forwardActivationBytes`.
    public var trainingActivationBytes: Int { (2 * forwardActivations - spec.input.count) * 4 }
    public var inputBytes: Int { spec.input.count * 4 }
    public var paramBytes: Int { totalParams * 4 }
}

/// Walks a spec once, carrying the current volume and receptive field through blocks.
struct ShapeInference {
    struct State {
        var volume: Volume
        var rf: (height: Int, width: Int) = (1, 1)
        var jump: (height: Int, width: Int) = (1, 1)
        var known = true
        /// False once a size had to be rounded down (or zeroed) because a layer does not fit.
        var exact = true
    }

    var rows: [LayerShape] = []
    /// Automatic names count per scope: top level gives conv1, conv2; inside block `layer1.0` the
    /// body gives layer1.0.conv1 and its shortcut layer1.0.shortcut.conv1 (torchinfo-like paths).
    var counters: [String: [String: Int]] = [:]
    var scope = ""
    /// Names given with `name:` anywhere in the spec: automatic names skip them, so a checkpoint's
    /// tensor names (which come from layer names) are always unique.
    var explicitNames: Set<String> = []
    /// Every name handed out so far, with where, to report a `name:` used twice.
    var used: [String: SourceLocation?] = [:]

    mutating func run(_ spec: NetworkSpec) -> [LayerShape] {
        func collect(_ layers: [LayerSpec]) {
            for layer in layers {
                if let name = layer.name { explicitNames.insert(name) }
                switch layer.kind {
                case .residual(let body, let shortcut): collect(body); collect(shortcut ?? [])
                case .concat(let branches): branches.forEach(collect)
                default: break
                }
            }
        }
        collect(spec.layers)
        used["input"] = spec.inputLocation
        var inputRow = LayerShape(name: "input", kind: nil, depth: 0, location: spec.inputLocation, input: spec.input, output: spec.input)
        inputRow.activations = spec.input.count
        rows = [inputRow]
        _ = walk(spec.layers, from: State(volume: spec.input), depth: 0)
        return rows
    }

    mutating func autoName(_ layer: LayerSpec) -> String {
        let stem = layer.kind.autoNameStem
        counters[scope, default: [:]][stem, default: 0] += 1
        if let name = layer.name { return name }
        var candidate: String
        repeat {
            candidate = (scope.isEmpty ? "" : scope + ".") + "\(stem)\(counters[scope]![stem]!)"
            if explicitNames.contains(candidate) || used[candidate] != nil { counters[scope]![stem]! += 1 } else { break }
        } while true
        return candidate
    }

    /// A problem when `name` was already given to another layer.
    mutating func claim(_ name: String, at location: SourceLocation?) -> String? {
        if let earlier = used[name] {
            let where_ = earlier.map { " on line \($0.line)" } ?? ""
            return "the name `\(name)` is already used\(where_); give each layer its own name"
        }
        used[name] = location
        return nil
    }

    mutating func walk(_ layers: [LayerSpec], from start: State, depth: Int, scope inner: String? = nil) -> State {
        let outer = scope
        if let inner { scope = inner }
        defer { scope = outer }
        var state = start
        for layer in layers { state = step(layer, state, depth: depth) }
        return state
    }

    mutating func step(_ layer: LayerSpec, _ state: State, depth: Int) -> State {
        var row = LayerShape(name: autoName(layer), kind: layer.kind, depth: depth, location: layer.location,
                             input: state.volume, output: state.volume)
        row.trainable = !layer.frozen
        row.unknown = !state.known
        row.problem = claim(row.name, at: layer.location)
        var next = state
        let v = state.volume

        func spatial(_ fh: Int, _ fw: Int, _ sh: Int, _ sw: Int, _ ph: Int, _ pw: Int, _ rounding: Rounding, _ what: String) -> (Int, Int)? {
            let h = OutputSize.compute(input: v.height, filter: fh, pad: ph, stride: sh, rounding: rounding, what: what)
            let w = OutputSize.compute(input: v.width, filter: fw, pad: pw, stride: sw, rounding: rounding, what: what)
            var sizes: [Int] = []
            for (axis, result) in [("height", h), ("width", w)] {
                switch result {
                case .success(let n): sizes.append(n)
                case .failure(let problem):
                    next.exact = false
                    if row.problem == nil { row.problem = (v.width == v.height && fh == fw ? "" : "\(axis): ") + problem.message }
                    guard let fallback = problem.fallback else { return nil }
                    sizes.append(fallback)
                }
            }
            next.rf = (state.rf.height + (fh - 1) * state.jump.height, state.rf.width + (fw - 1) * state.jump.width)
            next.jump = (state.jump.height * sh, state.jump.width * sw)
            return (sizes[0], sizes[1])
        }

        switch layer.kind {
        case .conv(let c):
            // A dilated filter fits, strides and sees like a dense one of its span.
            let dilated = c.dilationHeight != 1 || c.dilationWidth != 1
            let what = "\(c.kernelHeight)x\(c.kernelWidth) filter" + (dilated ? " (dilated to \(c.spanHeight)x\(c.spanWidth))" : "")
            if let (h, w) = spatial(c.spanHeight, c.spanWidth, c.strideHeight, c.strideWidth, c.padHeight, c.padWidth, c.rounding, what) {
                next.volume = Volume(width: w, height: h, depth: c.filters)
            } else {
                next.known = false
                next.volume = Volume(width: 0, height: 0, depth: c.filters)
            }
            if row.problem == nil, let problem = GroupsCheck.problem(groups: c.groups, depth: v.depth, filters: c.filters) {
                row.problem = problem
                next.known = false
            }
            let perFilter = c.kernelHeight * c.kernelWidth * (v.depth / c.groups)
            row.weights = perFilter * c.filters
            row.biases = c.bias ? c.filters : 0
            let positions = next.volume.width * next.volume.height
            row.multiplyAdds = perFilter * positions * c.filters
            row.torchinfoMultiplyAdds = row.params * positions
        case .deconv(let d):
            let what = "\(d.kernelHeight)x\(d.kernelWidth) filter"
            let h = OutputSize.transposed(input: v.height, filter: d.kernelHeight, pad: d.padHeight, stride: d.strideHeight, outputPadding: d.outputPaddingHeight, what: what)
            let w = OutputSize.transposed(input: v.width, filter: d.kernelWidth, pad: d.padWidth, stride: d.strideWidth, outputPadding: d.outputPaddingWidth, what: what)
            switch (h, w) {
            case (.success(let oh), .success(let ow)):
                next.volume = Volume(width: ow, height: oh, depth: d.filters)
            case (.failure(let p), _), (_, .failure(let p)):
                row.problem = row.problem ?? p.message
                next.known = false
                next.exact = false
                next.volume = Volume(width: 0, height: 0, depth: d.filters)
            }
            // An output pixel hears ceil(F/S) input pixels per axis; neighbouring outputs are 1/S of
            // an input step apart, counted as at least one pixel (the field is in input pixels).
            let heard = ((d.kernelHeight + d.strideHeight - 1) / d.strideHeight, (d.kernelWidth + d.strideWidth - 1) / d.strideWidth)
            next.rf = (state.rf.height + (heard.0 - 1) * state.jump.height, state.rf.width + (heard.1 - 1) * state.jump.width)
            next.jump = (max(1, state.jump.height / d.strideHeight), max(1, state.jump.width / d.strideWidth))
            row.weights = v.depth * d.filters * d.kernelHeight * d.kernelWidth
            row.biases = d.bias ? d.filters : 0
            // Lecture: each input value stamps N' x kh x kw products. torchinfo: params x output positions, as for any conv.
            row.multiplyAdds = row.weights * v.width * v.height
            row.torchinfoMultiplyAdds = row.params * next.volume.width * next.volume.height
        case .upsample(let u):
            next.volume = Volume(width: v.width * u.scale, height: v.height * u.scale, depth: v.depth)
            // Bilinear mixes 2 input pixels per axis (nearest copies 1); steps shrink as for a deconv.
            let extra = u.mode == .bilinear ? 1 : 0
            next.rf = (state.rf.height + extra * state.jump.height, state.rf.width + extra * state.jump.width)
            next.jump = (max(1, state.jump.height / u.scale), max(1, state.jump.width / u.scale))
            // Bilinear: 4 weighted input pixels per output value; nearest only copies.
            row.multiplyAdds = u.mode == .bilinear ? 4 * next.volume.count : 0
        case .maxPool(let p), .avgPool(let p):
            if let (h, w) = spatial(p.kernelHeight, p.kernelWidth, p.strideHeight, p.strideWidth, p.padHeight, p.padWidth, p.rounding, "\(p.kernelHeight)x\(p.kernelWidth) window") {
                next.volume = Volume(width: w, height: h, depth: v.depth)
            } else {
                next.known = false
            }
        case .globalAvgPool:
            next.rf = (state.rf.height + (v.height - 1) * state.jump.height, state.rf.width + (v.width - 1) * state.jump.width)
            next.volume = Volume(vector: v.depth)
        case .fullyConnected(let n, let bias):
            next.rf = (state.rf.height + (v.height - 1) * state.jump.height, state.rf.width + (v.width - 1) * state.jump.width)
            next.volume = Volume(vector: n)
            row.weights = v.count * n
            row.biases = bias ? n : 0
            row.multiplyAdds = v.count * n
            row.torchinfoMultiplyAdds = row.params
        case .flatten:
            next.volume = Volume(vector: v.count)
        case .batchNorm:
            row.weights = v.depth
            row.biases = v.depth
            row.torchinfoMultiplyAdds = row.params
        case .relu, .softmax, .dropout, .localResponseNorm, .activation:
            break
        case .residual(let body, let shortcut):
            let index = rows.count
            rows.append(row)
            let bodyEnd = walk(body, from: state, depth: depth + 1, scope: row.name)
            let shortEnd = shortcut.map { walk($0, from: state, depth: depth + 1, scope: row.name + ".shortcut") } ?? state
            row = rows[index]
            if bodyEnd.known && shortEnd.known && bodyEnd.volume != shortEnd.volume {
                let fix = shortcut == nil
                    ? "; add a `shortcut { conv \(bodyEnd.volume.depth) 1x1\(bodyEnd.volume.width < v.width ? " stride \(max(1, v.width / max(1, bodyEnd.volume.width)))" : "") }` to project the input"
                    : "; make the shortcut's output match"
                row.problem = "residual shapes do not match: the body gives \(bodyEnd.volume) but the \(shortcut == nil ? "input (identity shortcut) is" : "shortcut gives") \(shortEnd.volume)\(fix)"
                next.known = false
            } else {
                next.known = bodyEnd.known && shortEnd.known
            }
            next.volume = bodyEnd.volume
            next.exact = bodyEnd.exact && shortEnd.exact
            next.rf = (max(bodyEnd.rf.height, shortEnd.rf.height), max(bodyEnd.rf.width, shortEnd.rf.width))
            next.jump = bodyEnd.jump
            row.output = next.volume
            row.activations = next.volume.count
            row.receptiveField = next.rf
            row.receptiveStride = next.jump
            row.unknown = !state.known
            row.exact = next.exact && next.known
            rows[index] = row
            return next
        case .concat(let branches):
            let index = rows.count
            rows.append(row)
            var ends: [State] = []
            for (i, branch) in branches.enumerated() {
                ends.append(walk(branch, from: state, depth: depth + 1, scope: row.name + ".branch\(i + 1)"))
            }
            row = rows[index]
            let first = ends[0].volume
            next.known = ends.allSatisfy(\.known)
            if next.known, let odd = ends.firstIndex(where: { $0.volume.width != first.width || $0.volume.height != first.height }) {
                row.problem = "concat branches must agree in width and height: branch 1 gives \(first), branch \(odd + 1) gives \(ends[odd].volume)"
                next.known = false
            }
            next.volume = Volume(width: first.width, height: first.height, depth: ends.reduce(0) { $0 + $1.volume.depth })
            next.exact = ends.allSatisfy(\.exact)
            next.rf = (ends.map(\.rf.height).max()!, ends.map(\.rf.width).max()!)
            next.jump = ends[0].jump
            row.output = next.volume
            row.activations = next.volume.count
            row.receptiveField = next.rf
            row.receptiveStride = next.jump
            row.exact = next.exact && next.known
            rows[index] = row
            return next
        }
        row.output = next.volume
        row.exact = next.exact && next.known
        if !next.known && state.known && row.problem == nil { row.problem = "this layer does not fit its input" }
        switch layer.kind {
        case .relu, .dropout, .flatten: row.activations = 0
        default: row.activations = next.volume.count
        }
        row.receptiveField = next.rf
        row.receptiveStride = next.jump
        rows.append(row)
        return next
    }
}
