// Register-tiled GEMM micro-kernels: MR rows x 32 columns of C held in 2*MR SIMD16<Float>
// accumulators. Each MR has its own copy because the accumulators must be named locals: arrays
// or tuples of SIMD vectors get spilled to the stack and the kernel drops to a fraction of peak.
// All copies share one shape; change them together. 12x32 is the main tile (24 of the 32 zmm
// registers, leaving room for two B vectors and a broadcast); 8 and 10 exist so that M = 16 and
// M = 20 (the CIFAR conv filters) waste no rows; the smaller ones serve thin matrices.
// The RowA copies read A packed row by row (what a plain copy of an untransposed A gives,
// instead of a gather per element into k-major order); they differ only in where the
// broadcasts come from.

extension GEMMMicroKernel {

    /// a: packed A panel [kc][12], b: packed B panel [kc][32], c: [12][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel12x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var c8a = SIMD16<Float>(), c8b = SIMD16<Float>()
        var c9a = SIMD16<Float>(), c9b = SIMD16<Float>()
        var c10a = SIMD16<Float>(), c10b = SIMD16<Float>()
        var c11a = SIMD16<Float>(), c11b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[2])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[3])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[4])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[5])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[6])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[7])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            let a8 = SIMD16<Float>(repeating: pa[8])
            c8a = c8a.addingProduct(a8, b0); c8b = c8b.addingProduct(a8, b1)
            let a9 = SIMD16<Float>(repeating: pa[9])
            c9a = c9a.addingProduct(a9, b0); c9b = c9b.addingProduct(a9, b1)
            let a10 = SIMD16<Float>(repeating: pa[10])
            c10a = c10a.addingProduct(a10, b0); c10b = c10b.addingProduct(a10, b1)
            let a11 = SIMD16<Float>(repeating: pa[11])
            c11a = c11a.addingProduct(a11, b0); c11b = c11b.addingProduct(a11, b1)
            pa += 12
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
        storeRow(c + 8 &* ldc, c8a, c8b, mode: mode, beta: beta)
        storeRow(c + 9 &* ldc, c9a, c9b, mode: mode, beta: beta)
        storeRow(c + 10 &* ldc, c10a, c10b, mode: mode, beta: beta)
        storeRow(c + 11 &* ldc, c11a, c11b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][10], b: packed B panel [kc][32], c: [10][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel10x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var c8a = SIMD16<Float>(), c8b = SIMD16<Float>()
        var c9a = SIMD16<Float>(), c9b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[2])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[3])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[4])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[5])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[6])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[7])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            let a8 = SIMD16<Float>(repeating: pa[8])
            c8a = c8a.addingProduct(a8, b0); c8b = c8b.addingProduct(a8, b1)
            let a9 = SIMD16<Float>(repeating: pa[9])
            c9a = c9a.addingProduct(a9, b0); c9b = c9b.addingProduct(a9, b1)
            pa += 10
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
        storeRow(c + 8 &* ldc, c8a, c8b, mode: mode, beta: beta)
        storeRow(c + 9 &* ldc, c9a, c9b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][8], b: packed B panel [kc][32], c: [8][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel8x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[2])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[3])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[4])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[5])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[6])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[7])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            pa += 8
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][6], b: packed B panel [kc][32], c: [6][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel6x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[2])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[3])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[4])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[5])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            pa += 6
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][4], b: packed B panel [kc][32], c: [4][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel4x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[2])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[3])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            pa += 4
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][2], b: packed B panel [kc][32], c: [2][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel2x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[1])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            pa += 2
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
    }

    /// a: packed A panel [kc][1], b: packed B panel [kc][32], c: [1][32] tile of C
    /// with row stride ldc.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel1x32(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
    }

    /// a: packed A panel [12][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [12][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel12x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var c8a = SIMD16<Float>(), c8b = SIMD16<Float>()
        var c9a = SIMD16<Float>(), c9b = SIMD16<Float>()
        var c10a = SIMD16<Float>(), c10b = SIMD16<Float>()
        var c11a = SIMD16<Float>(), c11b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[1024])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[1280])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[1536])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[1792])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            let a8 = SIMD16<Float>(repeating: pa[2048])
            c8a = c8a.addingProduct(a8, b0); c8b = c8b.addingProduct(a8, b1)
            let a9 = SIMD16<Float>(repeating: pa[2304])
            c9a = c9a.addingProduct(a9, b0); c9b = c9b.addingProduct(a9, b1)
            let a10 = SIMD16<Float>(repeating: pa[2560])
            c10a = c10a.addingProduct(a10, b0); c10b = c10b.addingProduct(a10, b1)
            let a11 = SIMD16<Float>(repeating: pa[2816])
            c11a = c11a.addingProduct(a11, b0); c11b = c11b.addingProduct(a11, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
        storeRow(c + 8 &* ldc, c8a, c8b, mode: mode, beta: beta)
        storeRow(c + 9 &* ldc, c9a, c9b, mode: mode, beta: beta)
        storeRow(c + 10 &* ldc, c10a, c10b, mode: mode, beta: beta)
        storeRow(c + 11 &* ldc, c11a, c11b, mode: mode, beta: beta)
    }

    /// a: packed A panel [10][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [10][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel10x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var c8a = SIMD16<Float>(), c8b = SIMD16<Float>()
        var c9a = SIMD16<Float>(), c9b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[1024])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[1280])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[1536])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[1792])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            let a8 = SIMD16<Float>(repeating: pa[2048])
            c8a = c8a.addingProduct(a8, b0); c8b = c8b.addingProduct(a8, b1)
            let a9 = SIMD16<Float>(repeating: pa[2304])
            c9a = c9a.addingProduct(a9, b0); c9b = c9b.addingProduct(a9, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
        storeRow(c + 8 &* ldc, c8a, c8b, mode: mode, beta: beta)
        storeRow(c + 9 &* ldc, c9a, c9b, mode: mode, beta: beta)
    }

    /// a: packed A panel [8][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [8][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel8x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var c6a = SIMD16<Float>(), c6b = SIMD16<Float>()
        var c7a = SIMD16<Float>(), c7b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[1024])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[1280])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            let a6 = SIMD16<Float>(repeating: pa[1536])
            c6a = c6a.addingProduct(a6, b0); c6b = c6b.addingProduct(a6, b1)
            let a7 = SIMD16<Float>(repeating: pa[1792])
            c7a = c7a.addingProduct(a7, b0); c7b = c7b.addingProduct(a7, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
        storeRow(c + 6 &* ldc, c6a, c6b, mode: mode, beta: beta)
        storeRow(c + 7 &* ldc, c7a, c7b, mode: mode, beta: beta)
    }

    /// a: packed A panel [6][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [6][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel6x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var c4a = SIMD16<Float>(), c4b = SIMD16<Float>()
        var c5a = SIMD16<Float>(), c5b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            let a4 = SIMD16<Float>(repeating: pa[1024])
            c4a = c4a.addingProduct(a4, b0); c4b = c4b.addingProduct(a4, b1)
            let a5 = SIMD16<Float>(repeating: pa[1280])
            c5a = c5a.addingProduct(a5, b0); c5b = c5b.addingProduct(a5, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
        storeRow(c + 4 &* ldc, c4a, c4b, mode: mode, beta: beta)
        storeRow(c + 5 &* ldc, c5a, c5b, mode: mode, beta: beta)
    }

    /// a: packed A panel [4][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [4][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel4x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var c2a = SIMD16<Float>(), c2b = SIMD16<Float>()
        var c3a = SIMD16<Float>(), c3b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            let a2 = SIMD16<Float>(repeating: pa[512])
            c2a = c2a.addingProduct(a2, b0); c2b = c2b.addingProduct(a2, b1)
            let a3 = SIMD16<Float>(repeating: pa[768])
            c3a = c3a.addingProduct(a3, b0); c3b = c3b.addingProduct(a3, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
        storeRow(c + 2 &* ldc, c2a, c2b, mode: mode, beta: beta)
        storeRow(c + 3 &* ldc, c3a, c3b, mode: mode, beta: beta)
    }

    /// a: packed A panel [2][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [2][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel2x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var c1a = SIMD16<Float>(), c1b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            let a1 = SIMD16<Float>(repeating: pa[256])
            c1a = c1a.addingProduct(a1, b0); c1b = c1b.addingProduct(a1, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
        storeRow(c + 1 &* ldc, c1a, c1b, mode: mode, beta: beta)
    }

    /// a: packed A panel [1][256] (row r at a + 256 r, k along the row; a fixed stride so
    /// the broadcasts use constant displacements), b: packed B panel [kc][32], c: [1][32] tile
    /// of C with row stride ldc. kc <= 256.
    /// mode: 0 stores C = acc, 1 stores C += acc, 2 stores C = beta * C + acc.
    @inline(never)
    static func kernel1x32RowA(kc: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                           c: UnsafeMutablePointer<Float>, ldc: Int, mode: Int, beta: Float) {
        var c0a = SIMD16<Float>(), c0b = SIMD16<Float>()
        var pa = a
        var pb = UnsafeRawPointer(b)
        var p = 0
        while p < kc {
            let b0 = pb.loadUnaligned(as: SIMD16<Float>.self)
            let b1 = pb.loadUnaligned(fromByteOffset: 64, as: SIMD16<Float>.self)
            let a0 = SIMD16<Float>(repeating: pa[0])
            c0a = c0a.addingProduct(a0, b0); c0b = c0b.addingProduct(a0, b1)
            pa += 1
            pb += 128
            p &+= 1
        }
        storeRow(c, c0a, c0b, mode: mode, beta: beta)
    }

}
