/// A batch of activations: NCHW, contiguous Float storage, batch outermost.
/// Fully connected activations are [N, features, 1, 1]: the same layout, so layers need no reshapes.
public struct Tensor: Sendable, Equatable {
    public var batch: Int
    public var volume: Volume
    public var data: [Float]

    public init(batch: Int, volume: Volume, data: [Float]) {
        precondition(data.count == batch * volume.count, "tensor data does not match its shape")
        self.batch = batch
        self.volume = volume
        self.data = data
    }

    public init(zeros batch: Int, _ volume: Volume) {
        self.init(batch: batch, volume: volume, data: [Float](repeating: 0, count: batch * volume.count))
    }

    /// A tensor whose contents are undefined, for outputs a layer overwrites entirely: saves the
    /// pass that zeroing a fresh buffer costs.
    init(uninitialized batch: Int, _ volume: Volume) {
        let count = batch * volume.count
        self.init(batch: batch, volume: volume, data: [Float](unsafeUninitializedCapacity: count) { _, initialized in
            initialized = count   // Float has no invalid bit patterns; every element is written before it is read
        })
    }

    public var channels: Int { volume.depth }
    public var height: Int { volume.height }
    public var width: Int { volume.width }
    /// Values per example: C * H * W.
    public var stride: Int { volume.count }

    /// Whether both tensors are views of one buffer (a layer that passed its input through).
    func sharesStorage(with other: Tensor) -> Bool {
        data.withUnsafeBufferPointer { a in other.data.withUnsafeBufferPointer { b in a.baseAddress == b.baseAddress } }
    }

    /// One example's values, [C, H, W].
    public func example(_ index: Int) -> ArraySlice<Float> {
        data[(index * stride)..<((index + 1) * stride)]
    }
}
