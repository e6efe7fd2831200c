import Dispatch
import Foundation

/// B packed once for all threads of a large product. Split by rows, each thread of
/// `GEMMDriver.runParallel` would otherwise pack all of B for itself (split by columns, all of A):
/// at 1024^3 on two threads that copy is about a tenth of each thread's time. Here the threads
/// first pack B's panels in halves into one shared buffer, then multiply their own rows reading
/// it as a `.packed` operand. The arithmetic is the same, so results stay bit-identical.
enum GEMMSharedPack {
    /// Products below this many multiply-adds keep per-thread packing: the extra rendezvous of
    /// the threads costs more than the copy it saves.
    static let minimumMultiplyAdds = 1 << 24
    /// Largest packed B in floats (32 MB); beyond it the per-thread k x nc blocks are used, so a
    /// huge fully connected layer does not double its weights' memory.
    static let maximumFloats = 8 << 20

    /// Whether `runParallel` should pack B up front for `threads` threads.
    static func applies(m: Int, n: Int, k: Int, b: GEMMOperandB, mr: Int, threads: Int) -> Bool {
        guard case .matrix = b, threads > 1 else { return false }
        let panels = (n + GEMMMicroKernel.nr - 1) / GEMMMicroKernel.nr
        return m &* n &* k >= minimumMultiplyAdds && panels &* GEMMMicroKernel.nr &* k <= maximumFloats
            && (m + mr - 1) / mr >= threads   // enough row panels to split by rows
    }

    /// Shapes: op(B) k x n -> ceil(n/32) panels [k][32] (panel stride k*32) in `buffer`, the panels
    /// split between `threads` threads. Returns the packed operand.
    static func pack(_ b: GEMMOperandB, k: Int, n: Int, threads: Int, into buffer: UnsafeMutablePointer<Float>) -> GEMMOperandB {
        guard case let .matrix(base, ldb, transposed) = b else { return b }
        let nr = GEMMMicroKernel.nr
        let panels = (n + nr - 1) / nr
        let t = min(threads, panels)
        nonisolated(unsafe) let src = base, dst = buffer
        DispatchQueue.concurrentPerform(iterations: t) { i in
            let first = i &* panels / t, last = (i &+ 1) &* panels / t
            let j0 = first &* nr
            GEMMPacking.packB(src, ldb: ldb, transposed: transposed, p0: 0, kb: k, j0: j0,
                              cols: min(n, last &* nr) &- j0, into: dst + first &* k &* nr)
        }
        return .packed(UnsafePointer(buffer), panelStride: k &* nr)
    }
}

/// Buffers for `GEMMSharedPack`, reused like GEMMScratchPool's: products on different threads
/// (data-parallel workers) each borrow their own.
final class GEMMSharedPackPool: @unchecked Sendable {
    static let shared = GEMMSharedPackPool()

    private let lock = NSLock()
    private var free: [GrowableFloats] = []

    final class GrowableFloats {
        var buffer = GrowableBuffer<Float>()
        deinit { buffer.free() }
    }

    func withBuffer<R>(_ count: Int, _ body: (UnsafeMutablePointer<Float>) -> R) -> R {
        lock.lock()
        let own = free.popLast() ?? GrowableFloats()
        lock.unlock()
        defer {
            lock.lock()
            free.append(own)
            lock.unlock()
        }
        return body(own.buffer.pointer(count))
    }
}
