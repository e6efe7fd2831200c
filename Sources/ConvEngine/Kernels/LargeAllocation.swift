#if canImport(Glibc)
import Glibc
#endif

/// Memory for the engine's big scratch buffers (GEMM packing, im2col columns, padded images).
/// From 2 MiB up, on Linux, it is 2 MiB-aligned and advised as transparent huge pages: the
/// packed B block of a large GEMM then sits in physically contiguous memory, which spreads it
/// evenly over the physically indexed L2 (with 4 KiB pages its sets fill unevenly, differently in
/// every run), and a C tile's rows cost no TLB misses. numpy advises its arrays the same way, so
/// OpenBLAS in `reference.py` runs on huge pages too. Measured: `bench --only gemm`, 2 threads,
/// twelve alternated rounds, 2048^3 237-251 against 219-221 GFLOP/s (medians), 1024^3 229-261
/// against 205-241. Where the kernel refuses the advice (THP "never") the memory is ordinary.
/// Smaller buffers are 64-byte aligned: a packed B row is then one cache-line pair.
enum LargeAllocation {
    static let hugePage = 2 << 20

    /// At least `bytes` bytes, contents undefined; give back with `deallocate`.
    static func allocate(bytes: Int) -> UnsafeMutableRawPointer {
        #if os(Linux)
        if bytes >= hugePage {
            let rounded = (bytes + hugePage - 1) / hugePage * hugePage
            var p: UnsafeMutableRawPointer?
            if posix_memalign(&p, hugePage, rounded) == 0, let p {
                _ = madvise(p, rounded, Int32(MADV_HUGEPAGE))
                return p
            }
        }
        #endif
        return UnsafeMutableRawPointer.allocate(byteCount: max(bytes, 1), alignment: 64)
    }

    /// Frees memory from `allocate`. On Linux both paths come from the C allocator (Swift's
    /// aligned allocation is posix_memalign/malloc underneath); elsewhere only the second exists.
    static func deallocate(_ p: UnsafeMutableRawPointer) {
        #if os(Linux)
        free(p)
        #else
        p.deallocate()
        #endif
    }

    /// `count` floats from `allocate`, bound to Float.
    static func floats(_ count: Int) -> UnsafeMutablePointer<Float> {
        allocate(bytes: max(count, 1) * 4).bindMemory(to: Float.self, capacity: max(count, 1))
    }

    static func deallocate(_ p: UnsafeMutablePointer<Float>) { deallocate(UnsafeMutableRawPointer(p)) }
}
