import ConvData
import ConvEngine
import Foundation

/// `convterm bench --profile NET`: where a training step's time goes. Runs real training steps
/// (the headless trainer's: batch feed with augmentation, forward, softmax cross-entropy, backward,
/// SGD with momentum) with a `LayerProfiler` on the network, and splits the step into each layer's
/// own forward and backward time plus the time outside the layers. Layers' times are exclusive
/// (a residual block's row is its add), so the layer rows and the outside rows sum to the step.
public struct TrainingProfile: Codable, Sendable {
    public struct Layer: Codable, Sendable {
        public var name: String
        /// What the layer does, e.g. `conv 16 3x3`, `batchnorm`, `residual add`.
        public var kind: String
        /// Nesting depth (0 = top level, 1 = inside a block).
        public var depth: Int
        /// Milliseconds per step (the whole batch).
        public var forwardMilliseconds: Double
        public var backwardMilliseconds: Double
        /// 2 x multiply-adds / time, for layers that multiply (conv, fc); nil for the rest.
        public var forwardGFLOPS: Double?
        public var backwardGFLOPS: Double?
        /// (forward + backward) / the whole step, 0...1.
        public var share: Double
    }

    /// Time of a step spent outside any layer.
    public struct Outside: Codable, Sendable {
        public var name: String
        public var milliseconds: Double
        public var share: Double
    }

    public var network: String
    public var batch: Int
    public var threads: Int
    public var steps: Int
    /// Mean wall time of one step, batch feed included.
    public var stepMilliseconds: Double
    public var imagesPerSecond: Double
    public var layers: [Layer]
    public var outside: [Outside]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Profiles `steps` training steps after `warmup` untimed ones. Nets with 32x32x3 input are
    /// fed from the built-in synthetic set with the default augmentation (what `train` does);
    /// others from one fixed random batch (their data time is then just the copy).
    public static func measure(_ source: NetworkSource, batch: Int, threads: Int, steps: Int = 10,
                               warmup: Int = 2) throws -> TrainingProfile {
        let network: Network
        let trainer: Trainer
        do {
            network = try Network(spec: source.spec, seed: 1)
            trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: .momentum, learningRate: 0.01, l2: 1e-4),
                                  threads: threads)
        } catch {
            throw Failure(description: NetworkSource.describe(error.inFile(source.origin), in: source.text))
        }
        let input = network.spec.input
        let classes = trainer.classCount
        var feed: BatchSource?
        if input == Volume(width: 32, height: 32, depth: 3) {
            feed = BatchSource(images: SyntheticCIFAR.make(count: max(batch, 256), seed: 1), batchSize: batch, seed: 1)
        }
        var buffer = [Float](repeating: 0, count: batch * input.count)
        var labels: [Int] = []
        var rng = SeededRandom(seed: 42)
        let fixed = (0..<(batch * input.count)).map { _ in rng.nextUnitFloat() - 0.5 }
        func nextBatch() -> Tensor {
            if feed != nil {
                _ = buffer.withUnsafeMutableBufferPointer { feed!.next(into: $0.baseAddress!, labels: &labels) }
                labels = labels.map { $0 % classes }
            } else {
                buffer = fixed
                labels = (0..<batch).map { $0 % classes }
            }
            return Tensor(batch: batch, volume: input, data: buffer)
        }
        let profiler = LayerProfiler()
        network.profiler = profiler
        for _ in 0..<warmup { _ = trainer.train(images: nextBatch(), labels: labels) }
        profiler.reset()
        var data: UInt64 = 0, total: UInt64 = 0
        var forward = 0.0, backward = 0.0, update = 0.0   // the trainer's own timings, ms per batch
        for _ in 0..<steps {
            let t0 = DispatchTime.now().uptimeNanoseconds
            let images = nextBatch()
            let t1 = DispatchTime.now().uptimeNanoseconds
            let event = trainer.train(images: images, labels: labels)
            let t2 = DispatchTime.now().uptimeNanoseconds
            data &+= t1 &- t0
            total &+= t2 &- t0
            forward += event.forwardMilliseconds * Double(batch)
            backward += event.backwardMilliseconds * Double(batch)
            update += event.updateMilliseconds * Double(batch)
        }
        network.profiler = nil

        let perStep = 1e-6 / Double(steps)                 // ns summed over steps -> ms a step
        let stepMs = Double(total) * perStep
        let rows = Array(network.shapes.rows.dropFirst())  // same pre-order as allLayers
        var layers: [Layer] = []
        for (layer, row) in zip(network.allLayers, rows) {
            let own = profiler.exclusive(layer)
            let f = Double(own.forwardNanoseconds) * perStep, b = Double(own.backwardNanoseconds) * perStep
            var forwardFlops: Double?, backwardFlops: Double?
            // A deconv runs the conv kernels transposed: the same multiply-adds each way.
            let convolution: Bool = switch layer.kind { case .conv, .deconv: true; default: false }
            if row.multiplyAdds > 0, convolution {
                forwardFlops = 2 * Double(row.multiplyAdds * batch)
                // Weight gradient plus input gradient; the first layer skips the latter.
                backwardFlops = forwardFlops! * (layer === network.layers.first ? 1 : 2)
            } else if row.multiplyAdds > 0, case .fullyConnected = layer.kind {
                forwardFlops = 2 * Double(row.multiplyAdds * batch)
                backwardFlops = forwardFlops! * 2
            }
            layers.append(Layer(
                name: layer.name, kind: describe(layer.kind), depth: row.depth, forwardMilliseconds: f, backwardMilliseconds: b,
                forwardGFLOPS: forwardFlops.map { f > 0 ? $0 / (f * 1e6) : 0 }, backwardGFLOPS: backwardFlops.map { b > 0 ? $0 / (b * 1e6) : 0 },
                share: stepMs > 0 ? (f + b) / stepMs : 0))
        }
        // Top-level layers' inclusive times are the network's passes; the rest of the trainer's
        // forward and backward phases is the loss and bookkeeping around them.
        let top = network.layers.map { profiler.record($0) }
        let networkForward = Double(top.reduce(0) { $0 &+ $1.forwardNanoseconds }) * perStep
        let networkBackward = Double(top.reduce(0) { $0 &+ $1.backwardNanoseconds }) * perStep
        let dataMs = Double(data) * perStep
        let lossMs = max(0, (forward + backward) / Double(steps) - networkForward - networkBackward)
        let updateMs = update / Double(steps)
        let otherMs = max(0, stepMs - dataMs - networkForward - networkBackward - lossMs - updateMs)
        let outside = [
            ("data (batch feed, augmentation)", dataMs),
            ("loss (softmax cross-entropy, zeroing gradients, saving batch-norm statistics)", lossMs),
            ("optimizer (momentum step, L2, divergence checks)", updateMs),
            ("other (accuracy, event)", otherMs),
        ].map { Outside(name: $0.0, milliseconds: $0.1, share: stepMs > 0 ? $0.1 / stepMs : 0) }
        return TrainingProfile(network: source.name, batch: batch, threads: threads, steps: steps, stepMilliseconds: stepMs,
                               imagesPerSecond: stepMs > 0 ? Double(batch) * 1000 / stepMs : 0, layers: layers, outside: outside)
    }

    static func describe(_ kind: LayerKind) -> String {
        switch kind {
        case .conv(let c):
            let stride = c.strideHeight == 1 && c.strideWidth == 1 ? "" : " /\(c.strideHeight)"
            let variant = (c.groups > 1 ? " g\(c.groups)" : "") + (c.dilationHeight > 1 ? " d\(c.dilationHeight)" : "")
            return "conv \(c.filters) \(c.kernelHeight)x\(c.kernelWidth)\(stride)\(variant)"
        case .deconv(let d):
            return "deconv \(d.filters) \(d.kernelHeight)x\(d.kernelWidth) *\(d.strideHeight)"
        case .fullyConnected(let n, _): return "fc \(n)"
        case .residual: return "residual add"
        case .concat: return "concat"
        default: return kind.keyword
        }
    }

    /// The table `bench --profile` prints.
    public static func render(_ p: TrainingProfile) -> String {
        func ms(_ x: Double) -> String { String(format: x < 10 ? "%.2f" : "%.1f", x) }
        func pct(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        func gf(_ x: Double?) -> String { x.map { String(format: "%.0f", $0) } ?? "-" }
        func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
        func left(_ s: String, _ n: Int) -> String { s.count >= n ? s : String(repeating: " ", count: n - s.count) + s }
        var out = "Profile of \(p.network), batch \(p.batch), \(p.threads) thread\(p.threads == 1 ? "" : "s"): "
        out += "\(ms(p.stepMilliseconds)) ms a step (\(String(format: "%.0f", p.imagesPerSecond)) images/s), mean of \(p.steps) steps\n"
        let nameWidth = max(12, (p.layers.map { $0.name.count + 2 * $0.depth }.max() ?? 0) + 1)
        out += pad("layer", nameWidth) + pad("kind", 15) + left("fwd ms", 8) + left("bwd ms", 8) + left("fwd GF/s", 10)
            + left("bwd GF/s", 10) + left("share", 8) + "\n"
        for l in p.layers {
            out += pad(String(repeating: "  ", count: l.depth) + l.name, nameWidth) + pad(l.kind, 15)
            out += left(ms(l.forwardMilliseconds), 8) + left(ms(l.backwardMilliseconds), 8)
            out += left(gf(l.forwardGFLOPS), 10) + left(gf(l.backwardGFLOPS), 10) + left(pct(l.share), 8) + "\n"
        }
        let inLayers = p.layers.reduce(0) { $0 + $1.forwardMilliseconds + $1.backwardMilliseconds }
        out += "layers: \(ms(inLayers)) ms (\(pct(p.stepMilliseconds > 0 ? inLayers / p.stepMilliseconds : 0)))"
        out += "; forward \(ms(p.layers.reduce(0) { $0 + $1.forwardMilliseconds })) ms, backward \(ms(p.layers.reduce(0) { $0 + $1.backwardMilliseconds })) ms\n"
        out += "outside the layers:\n"
        for o in p.outside {
            out += "  " + pad(o.name, 80) + left(ms(o.milliseconds), 8) + " ms" + left(pct(o.share), 8) + "\n"
        }
        return out
    }
}
