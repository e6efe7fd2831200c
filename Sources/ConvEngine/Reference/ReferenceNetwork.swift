/// A whole network evaluated with the reference layers, generic over the scalar type: the oracle
/// for gradient checks (in Double) and for the fast Float runtime. Parameters are passed in the
/// runtime `Network.parameters` order, so values can be copied across.
public struct ReferenceNetwork<T: BinaryFloatingPoint> {
    public let spec: NetworkSpec
    let rows: [LayerShape]
    /// Seeds dropout masks; each pass starts from it, so repeated passes use the same masks.
    public var dropoutSeed: UInt64 = 1

    public init(spec: NetworkSpec) throws(SpecError) {
        self.spec = spec
        rows = try NetworkShapes(spec).validated().rows
    }

    /// Loss of a batch and the gradients of every parameter (same order as `parameters`) and of the input.
    /// Shapes: input [N, C, H, W], labels [N]. Batch norm uses batch statistics (training mode).
    public func lossAndGradients(parameters: [[T]], input: [T], batch n: Int, labels: [Int]) -> (loss: T, parameterGradients: [[T]], inputGradient: [T]) {
        var pass = Pass(network: self, parameters: parameters, n: n)
        var layers = spec.layers
        let foldSoftmax = layers.last?.kind == .softmax
        if foldSoftmax { layers.removeLast() }
        let (scores, back) = pass.sequence(layers, input)
        let k = scores.count / n
        let (loss, dscores) = ReferenceLayers.softmaxCrossEntropy(scores, n: n, classes: k, labels: labels)
        let dx = back(dscores)
        return (loss, pass.gradients, dx)
    }

    /// Scores before the final softmax. Shapes: input [N, C, H, W] -> [N, K].
    public func scores(parameters: [[T]], input: [T], batch n: Int) -> [T] {
        var pass = Pass(network: self, parameters: parameters, n: n)
        var layers = spec.layers
        if layers.last?.kind == .softmax { layers.removeLast() }
        return pass.sequence(layers, input).0
    }

    /// Walks the spec in the runtime's order, handing out parameters and collecting gradients.
    struct Pass {
        let network: ReferenceNetwork
        let parameters: [[T]]
        let n: Int
        var row = 1
        var nextParameter = 0
        let sink: Sink
        var rng: SeededRandom
        var gradients: [[T]] { sink.gradients }

        init(network: ReferenceNetwork, parameters: [[T]], n: Int) {
            self.network = network
            self.parameters = parameters
            self.n = n
            sink = Sink(parameters.map { [T](repeating: 0, count: $0.count) })
            rng = SeededRandom(seed: network.dropoutSeed)
        }

        typealias Backward = ([T]) -> [T]

        /// A box so backward closures, which run after the forward walk, can add into one gradient list.
        final class Sink {
            var gradients: [[T]]
            init(_ g: [[T]]) { gradients = g }
            func add(_ index: Int, _ values: [T]) {
                for j in 0..<values.count { gradients[index][j] += values[j] }
            }
        }

        mutating func take() -> Int {
            defer { nextParameter += 1 }
            return nextParameter
        }

        mutating func sequence(_ layers: [LayerSpec], _ x: [T]) -> ([T], Backward) {
            var backs: [Backward] = []
            var h = x
            for layer in layers {
                let (y, back) = one(layer, h)
                h = y
                backs.append(back)
            }
            return (h, { dy in backs.reversed().reduce(dy) { $1($0) } })
        }

        mutating func one(_ layer: LayerSpec, _ x: [T]) -> ([T], Backward) {
            let shape = network.rows[row]
            row += 1
            let n = self.n
            let sink = self.sink
            switch layer.kind {
            case .conv(let c):
                let g = ConvGeometry(inChannels: shape.input.depth, inHeight: shape.input.height, inWidth: shape.input.width,
                                     outChannels: c.filters, kernelHeight: c.kernelHeight, kernelWidth: c.kernelWidth,
                                     strideY: c.strideHeight, strideX: c.strideWidth, padTop: c.padHeight, padLeft: c.padWidth,
                                     outHeight: shape.output.height, outWidth: shape.output.width,
                                     dilationY: c.dilationHeight, dilationX: c.dilationWidth)
                let wi = take()
                let bi = c.bias ? take() : nil
                let w = parameters[wi]
                let y = ReferenceLayers.convForward(x, n: n, g, w, bi.map { parameters[$0] }, groups: c.groups)
                return (y, { dy in
                    let (dx, dw, db) = ReferenceLayers.convBackward(x, n: n, g, w, dy, groups: c.groups)
                    sink.add(wi, dw)
                    if let bi { sink.add(bi, db) }
                    return dx
                })
            case .fullyConnected(let outputs, let bias):
                let wi = take()
                let bi = bias ? take() : nil
                let w = parameters[wi], inputs = shape.input.count
                let y = ReferenceLayers.fcForward(x, n: n, inputs: inputs, outputs: outputs, w, bi.map { parameters[$0] })
                return (y, { dy in
                    let (dx, dw, db) = ReferenceLayers.fcBackward(x, n: n, inputs: inputs, outputs: outputs, w, dy)
                    sink.add(wi, dw)
                    if let bi { sink.add(bi, db) }
                    return dx
                })
            case .deconv(let d):
                let wi = take()
                let bi = d.bias ? take() : nil
                let w = parameters[wi]
                let y = ReferenceLayers.deconvForward(x, n: n, input: shape.input, output: shape.output, d, w, bi.map { parameters[$0] })
                return (y, { dy in
                    let (dx, dw, db) = ReferenceLayers.deconvBackward(x, n: n, input: shape.input, output: shape.output, d, w, dy)
                    sink.add(wi, dw)
                    if let bi { sink.add(bi, db) }
                    return dx
                })
            case .upsample(let u):
                return (ReferenceLayers.upsampleForward(x, n: n, input: shape.input, u),
                        { dy in ReferenceLayers.upsampleBackward(dy, n: n, input: shape.input, u) })
            case .activation(let f):
                return (ReferenceLayers.activationForward(x, f), { dy in ReferenceLayers.activationBackward(x, dy, f) })
            case .relu:
                return (ReferenceLayers.reluForward(x), { dy in ReferenceLayers.reluBackward(x, dy) })
            case .maxPool(let p), .avgPool(let p):
                let isMax: Bool
                if case .maxPool = layer.kind { isMax = true } else { isMax = false }
                let (y, winners) = ReferenceLayers.poolForward(x, n: n, input: shape.input, output: shape.output, p, max: isMax)
                return (y, { dy in ReferenceLayers.poolBackward(dy, n: n, input: shape.input, output: shape.output, p, max: isMax, winners: winners) })
            case .globalAvgPool:
                let v = shape.input
                let p = PoolSpec(kernelHeight: v.height, kernelWidth: v.width, strideHeight: 1, strideWidth: 1)
                let out = Volume(width: 1, height: 1, depth: v.depth)
                let (y, w) = ReferenceLayers.poolForward(x, n: n, input: v, output: out, p, max: false)
                return (y, { dy in ReferenceLayers.poolBackward(dy, n: n, input: v, output: out, p, max: false, winners: w) })
            case .batchNorm(let epsilon):
                let gi = take(), bi = take()
                let gamma = parameters[gi]
                let (y, xhat, inv) = ReferenceLayers.batchNormForward(x, n: n, shape.input, gamma: gamma, beta: parameters[bi], epsilon: T(epsilon))
                return (y, { dy in
                    let (dx, dg, db) = ReferenceLayers.batchNormBackward(dy, n: n, shape.input, gamma: gamma, xhat: xhat, inverseStd: inv)
                    sink.add(gi, dg)
                    sink.add(bi, db)
                    return dx
                })
            case .dropout(let p):
                let keep = 1 / (1 - T(p))
                let mask = x.map { _ in rng.nextUnitDouble() < p ? T(0) : keep }
                return (zip(x, mask).map(*), { dy in zip(dy, mask).map(*) })
            case .softmax:
                let k = shape.input.count
                let y = ReferenceLayers.softmax(x, n: n, classes: k)
                return (y, { dy in
                    var dx = dy
                    for i in 0..<n {
                        var dot: T = 0
                        for j in 0..<k { dot += dy[i * k + j] * y[i * k + j] }
                        for j in 0..<k { dx[i * k + j] = y[i * k + j] * (dy[i * k + j] - dot) }
                    }
                    return dx
                })
            case .flatten, .localResponseNorm:
                return (x, { $0 })
            case .residual(let body, let shortcut):
                let (b, backBody) = sequence(body, x)
                let (s, backShort): ([T], Backward) = shortcut.map { sequence($0, x) } ?? (x, { $0 })
                return (zip(b, s).map(+), { dy in
                    let dxBody = backBody(dy)
                    let dxShort = backShort(dy)
                    return zip(dxBody, dxShort).map(+)
                })
            case .concat(let branches):
                let area = shape.output.width * shape.output.height
                var outputs: [([T], Backward, Int)] = []
                for branch in branches {
                    let (y, back) = sequence(branch, x)
                    outputs.append((y, back, y.count / (n * area)))
                }
                let total = shape.output.depth
                var y = [T](repeating: 0, count: n * total * area)
                var offset = 0
                for (part, _, depth) in outputs {
                    for i in 0..<n { for j in 0..<(depth * area) { y[(i * total + offset) * area + j] = part[i * depth * area + j] } }
                    offset += depth
                }
                let inputCount = x.count
                return (y, { dy in
                    var dx = [T](repeating: 0, count: inputCount)
                    var offset = 0
                    for (_, back, depth) in outputs {
                        var slice = [T](repeating: 0, count: n * depth * area)
                        for i in 0..<n { for j in 0..<(depth * area) { slice[i * depth * area + j] = dy[(i * total + offset) * area + j] } }
                        let part = back(slice)
                        for j in 0..<dx.count { dx[j] += part[j] }
                        offset += depth
                    }
                    return dx
                })
            }
        }
    }
}
