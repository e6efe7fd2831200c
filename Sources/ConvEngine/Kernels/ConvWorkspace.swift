/// Reusable per-thread scratch for `ConvKernels`: the im2col matrix (in GEMM panel layout), a
/// zero-padded copy of the image, the column gradients of backwardInput, and GEMM packing
/// buffers. Buffers grow to the largest layer seen and are then reused, so steady-state
/// training allocates nothing.
/// Never use one workspace from two threads at once (it is Sendable only so that a layer can
/// hand one to each index of a WorkerPool job).
public final class ConvWorkspace: @unchecked Sendable {
    let gemm = GEMMScratch()
    private var columns = GrowableBuffer<Float>()
    private var padded = GrowableBuffer<Float>()
    private var offsets = GrowableBuffer<Int>()
    private var offsets32 = GrowableBuffer<Int32>()
    private var products = GrowableBuffer<Float>()
    private var transformed = GrowableBuffer<Float>()
    private var flipped = GrowableBuffer<Float>()
    private var direct = GrowableBuffer<Float>()

    /// Extra workspaces for the other threads of a banded forward pass, created on first use.
    private var extra: [ConvWorkspace] = []

    public init() {}

    /// `count` further workspaces, each for one more thread (call from one thread only).
    func helpers(_ count: Int) -> [ConvWorkspace] {
        while extra.count < count { extra.append(ConvWorkspace()) }
        return Array(extra.prefix(count))
    }

    deinit {
        columns.free()
        padded.free()
        offsets.free()
        offsets32.free()
        products.free()
        transformed.free()
        flipped.free()
        direct.free()
    }

    /// At least `count` floats for the im2col matrix; contents undefined.
    func columnBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { columns.pointer(count) }
    /// At least `count` floats for a padded image; contents undefined.
    func paddedBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { padded.pointer(count) }
    /// At least `count` Ints for the per-tap offsets into the padded image; contents undefined.
    func offsetBuffer(_ count: Int) -> UnsafeMutablePointer<Int> { offsets.pointer(count) }
    func offset32Buffer(_ count: Int) -> UnsafeMutablePointer<Int32> { offsets32.pointer(count) }
    /// At least `count` floats for Winograd's 16 GEMM products; contents undefined.
    func productBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { products.pointer(count) }
    /// At least `count` floats for Winograd-transformed weights; contents undefined.
    func transformedWeightBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { transformed.pointer(count) }
    /// At least `count` floats for flipped, transposed filters (ConvKernels.flipWeights); contents undefined.
    func flippedWeightBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { flipped.pointer(count) }
    /// At least `count` floats for DirectConv's packed weights; contents undefined.
    func directWeightBuffer(_ count: Int) -> UnsafeMutablePointer<Float> { direct.pointer(count) }
}

/// 64-byte-aligned storage that only ever grows.
struct GrowableBuffer<Element> {
    private var base: UnsafeMutableRawPointer?
    private var capacity = 0

    mutating func pointer(_ count: Int) -> UnsafeMutablePointer<Element> {
        if count > capacity || base == nil {
            base.map(LargeAllocation.deallocate)
            let n = max(count, 16)
            // Memory is bound on first use: Float and Int buffers are never reused as each other.
            base = LargeAllocation.allocate(bytes: n * MemoryLayout<Element>.stride)
            base!.bindMemory(to: Element.self, capacity: n)
            capacity = n
        }
        return base!.assumingMemoryBound(to: Element.self)
    }

    // Owned by a class (ConvWorkspace), which frees it in deinit; structs cannot.
    func free() { base.map(LargeAllocation.deallocate) }
}

/// One ConvWorkspace per worker thread, shared by the conv layers of one network.
final class ConvWorkspacePool: @unchecked Sendable {
    private(set) var spaces: [ConvWorkspace] = []

    func workspace(_ index: Int) -> ConvWorkspace {
        while spaces.count <= index { spaces.append(ConvWorkspace()) }
        return spaces[index]
    }
}
