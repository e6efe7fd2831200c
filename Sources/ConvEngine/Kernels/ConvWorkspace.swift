/// Reusable per-thread scratch for `ConvKernels`: the im2col matrix (in GEMM panel layout), the
/// column gradients of backwardInput, and GEMM packing buffers. Buffers grow to the largest
/// layer seen and are then reused, so steady-state training allocates nothing.
/// Never use one workspace from two threads at once (it is Sendable only so that a layer can
/// hand one to each worker of a concurrentPerform).
public final class ConvWorkspace: @unchecked Sendable {
    let gemm = GEMMScratch()
    private var columns: UnsafeMutablePointer<Float>
    private var columnsCapacity = 0

    public init() {
        columns = GEMMScratch.allocateFloats(1)
    }

    deinit { columns.deallocate() }

    /// At least `count` floats of column scratch; contents undefined.
    func columnBuffer(_ count: Int) -> UnsafeMutablePointer<Float> {
        if count > columnsCapacity {
            columns.deallocate()
            columns = GEMMScratch.allocateFloats(count)
            columnsCapacity = count
        }
        return columns
    }
}
