import Foundation

/// Packing buffers for one thread running one GEMM: a block of A (mc x kc) and of B (kc x nc),
/// plus one tile for edges, from LargeAllocation (64-byte aligned; huge pages from 2 MiB).
/// Allocated once and reused: a fresh megabyte per call would cost page faults on every product.
/// Block sizes come from the CPU's cache sizes (GEMMBlocking), read at run time.
final class GEMMScratch {
    let blocking: GEMMBlocking
    let aPack: UnsafeMutablePointer<Float>
    let bPack: UnsafeMutablePointer<Float>
    let tile: UnsafeMutablePointer<Float>

    init(blocking: GEMMBlocking = .current) {
        precondition(blocking.kc <= GEMMMicroKernel.aRowStride, "kc beyond the RowA kernels' row stride")
        self.blocking = blocking
        // A rows are packed [mr][aRowStride] (RowA) or [kc][mr]: room for mc rows plus a 12-row panel.
        aPack = LargeAllocation.floats((blocking.mc + 12) * GEMMMicroKernel.aRowStride)
        bPack = LargeAllocation.floats(blocking.kc * blocking.nc)
        tile = LargeAllocation.floats(12 * GEMMMicroKernel.nr)
    }

    deinit {
        LargeAllocation.deallocate(aPack)
        LargeAllocation.deallocate(bPack)
        LargeAllocation.deallocate(tile)
    }
}

/// Scratch for `GEMM.multiply`, whose signature has no workspace: threads borrow one here and
/// give it back, so the steady state allocates nothing and no two threads share a buffer.
final class GEMMScratchPool: @unchecked Sendable {
    static let shared = GEMMScratchPool()

    private let lock = NSLock()
    private var free: [GEMMScratch] = []

    func acquire() -> GEMMScratch {
        lock.lock()
        defer { lock.unlock() }
        return free.popLast() ?? GEMMScratch()
    }

    func release(_ scratch: GEMMScratch) {
        lock.lock()
        defer { lock.unlock() }
        free.append(scratch)
    }

    func withScratch<R>(_ body: (GEMMScratch) -> R) -> R {
        let s = acquire()
        defer { release(s) }
        return body(s)
    }
}
