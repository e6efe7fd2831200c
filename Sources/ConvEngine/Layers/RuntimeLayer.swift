import Dispatch

/// A trainable tensor and its gradient. Biases are marked so weight decay can skip them.
public final class Parameter: @unchecked Sendable {
    public let name: String
    public let isBias: Bool
    /// Frozen parameters (transfer learning) get no updates and count as non-trainable.
    public var frozen: Bool
    public var value: [Float]
    /// Allocated on first write: a network that only infers (VGG-16's 553 MB of weights) never
    /// pays for a second copy. Reading it before any backward pass gives zeros.
    public var gradient: [Float] {
        // Uses the fixed `count`, never `value`: the optimizer reads gradients while it holds `value` for writing.
        get { gradientStorage.count == count ? gradientStorage : [Float](repeating: 0, count: count) }
        _modify {
            if gradientStorage.count != count { gradientStorage = [Float](repeating: 0, count: count) }
            yield &gradientStorage
        }
        set { gradientStorage = newValue }
    }
    private var gradientStorage: [Float] = []
    /// Logical shape for pictures: [K, C, kh, kw] for conv weights, [out, in] for fc, [n] otherwise.
    public let shape: [Int]

    init(name: String, shape: [Int], isBias: Bool, frozen: Bool) {
        self.name = name
        self.shape = shape
        self.isBias = isBias
        self.frozen = frozen
        count = shape.reduce(1, *)
        value = [Float](repeating: 0, count: count)
    }

    public let count: Int

    func zeroGradient() {
        guard !gradientStorage.isEmpty else { return }
        gradientStorage.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
    }
}

/// Settings every layer sees during a pass.
public struct PassContext: Sendable {
    public var training: Bool
    /// False when nobody reads the gradient with respect to this layer's input (the network's
    /// first layer outside a saliency snapshot): conv1 then skips its col2im pass, ~10% of a step.
    public var needsInputGradient = true
    /// False for inference only: layers drop what they would keep for backward and for pictures,
    /// so a forward pass holds two activation tensors at a time, not the whole network's.
    public var retainsActivations = true
    /// Worker threads for splitting a batch; results depend on this number, never on scheduling.
    public var threads: Int
    /// Set by the network for inference passes: where layers take their output tensors from.
    var recycler: ActivationRecycler?
    /// Set by the network when it has a profiler: LayerSequence times each layer's pass there.
    var profiler: LayerProfiler?
    public init(training: Bool, threads: Int, retainsActivations: Bool = true) {
        self.training = training
        self.threads = max(1, threads)
        self.retainsActivations = retainsActivations
    }
}

extension PassContext {
    /// A tensor for a layer's output, contents undefined: recycled in inference passes, else
    /// fresh. Callers overwrite every element.
    func output(_ batch: Int, _ volume: Volume) -> Tensor {
        recycler?.take(batch, volume) ?? Tensor(uninitialized: batch, volume)
    }
}

/// One runtime layer: forward and backward over a batch, parameters, and what it last saw
/// (for the dashboard's activation and gradient pictures).
public protocol RuntimeLayer: AnyObject {
    var name: String { get }
    var kind: LayerKind { get }
    var inputVolume: Volume { get }
    var outputVolume: Volume { get }
    /// This layer's own parameters (blocks return their children's, in order).
    var parameters: [Parameter] { get }
    /// Layers inside a block, for pictures and snapshots; empty for plain layers.
    var children: [RuntimeLayer] { get }
    /// Shapes: input [N, inputVolume] -> output [N, outputVolume].
    func forward(_ input: Tensor, _ context: PassContext) -> Tensor
    /// Shapes: outputGradient [N, outputVolume] -> inputGradient [N, inputVolume]; parameter
    /// gradients ACCUMULATE (the trainer zeroes them before each batch).
    func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor
    /// The last forward output and the last gradient that reached it (nil before any pass).
    var lastOutput: Tensor? { get }
    var lastOutputGradient: Tensor? { get }
}

extension RuntimeLayer {
    public var children: [RuntimeLayer] { [] }
    public var parameters: [Parameter] { [] }
}

/// Splits `count` items into `parts` contiguous chunks and runs them concurrently. Chunk
/// boundaries depend only on the counts, so per-chunk partial sums reduce deterministically.
func parallelChunks(_ count: Int, parts: Int, _ body: (Int, Range<Int>) -> Void) {
    let parts = max(1, min(parts, count))
    if parts == 1 { body(0, 0..<count); return }
    // Each part touches disjoint outputs or its own partial buffer; the caller guarantees it.
    nonisolated(unsafe) let body = body
    WorkerPool.shared.perform(iterations: parts) { part in
        let lo = count * part / parts
        let hi = count * (part + 1) / parts
        body(part, lo..<hi)
    }
}
