import Synchronization

/// Activation buffers of inference passes (PassContext.retainsActivations false), handed back once
/// the next layer has read them and handed out again as later layers' outputs. A fresh 12.8 MB
/// tensor (VGG-16's conv1 output) costs ~3,000 page faults each time it is allocated; recycled
/// ones are already mapped. At most two buffers of each size are kept, all a chain of layers needs:
/// for VGG-16 about 51 MB, against the lecture's 93 MB for keeping every activation.
public final class ActivationRecycler: Sendable {
    private let free = Mutex<[Int: [[Float]]]>([:])
    static let perSize = 2

    public init() {}

    /// A tensor of this shape whose contents are undefined: callers overwrite every element.
    func take(_ batch: Int, _ volume: Volume) -> Tensor {
        let count = batch * volume.count
        if let data = free.withLock({ $0[count]?.popLast() }) {
            return Tensor(batch: batch, volume: volume, data: data)
        }
        return Tensor(zeros: batch, volume)
    }

    /// Keeps the tensor's storage for a later `take` (if another value still shares it, writing
    /// to it later copies first: arrays are values, so nothing is overwritten under anyone).
    func give(_ tensor: Tensor) {
        free.withLock { pool in
            if pool[tensor.data.count, default: []].count < Self.perSize { pool[tensor.data.count, default: []].append(tensor.data) }
        }
    }

    /// Floats held for reuse (for tests and memory accounting).
    var heldCount: Int { free.withLock { $0.values.reduce(0) { $0 + $1.reduce(0) { $0 + $1.count } } } }
}
