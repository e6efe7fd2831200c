/// Element-wise passes over whole tensors (ReLU, residual adds): SIMD16 with a scalar tail, split
/// into contiguous chunks over threads when the tensor is big enough to pay for waking them.
/// Each element is computed alone, so results never depend on the thread count.
enum Elementwise {
    typealias V = SIMD16<Float>

    /// Tensors below this many floats (256 KB) run on one thread.
    static let parallelCount = 1 << 16

    /// Runs body(range) over 0..<count in chunks of whole vectors, on up to `threads` threads.
    static func chunks(_ count: Int, threads: Int, _ body: (Range<Int>) -> Void) {
        let parts = count >= parallelCount ? threads : 1
        if parts <= 1 { body(0..<count); return }
        let vectors = (count + 15) / 16
        parallelChunks(vectors, parts: parts) { _, range in
            body(range.lowerBound &* 16 ..< min(count, range.upperBound &* 16))
        }
    }

    /// Shapes: x, y [count]; y = max(0, x), NaN -> 0 (as `x > 0 ? x : 0`). y may be x.
    static func relu(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, count: Int, threads: Int) {
        nonisolated(unsafe) let x = x, y = y
        chunks(count, threads: threads) { r in
            let src = UnsafeRawPointer(x), dst = UnsafeMutableRawPointer(y)
            let zero = V()
            var i = r.lowerBound
            while i &+ 16 <= r.upperBound {
                let v = src.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
                dst.storeBytes(of: zero.replacing(with: v, where: v .> zero), toByteOffset: i &* 4, as: V.self)
                i &+= 16
            }
            while i < r.upperBound { y[i] = x[i] > 0 ? x[i] : 0; i &+= 1 }
        }
    }

    /// Shapes: y (the ReLU's output), dy, dx [count]; dx = dy where y > 0, else 0. dx may be dy.
    static func reluBackward(_ y: UnsafePointer<Float>, _ dy: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                             count: Int, threads: Int) {
        nonisolated(unsafe) let y = y, dy = dy, dx = dx
        chunks(count, threads: threads) { r in
            let out = UnsafeRawPointer(y), g = UnsafeRawPointer(dy), dst = UnsafeMutableRawPointer(dx)
            let zero = V()
            var i = r.lowerBound
            while i &+ 16 <= r.upperBound {
                let v = out.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
                let d = g.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
                dst.storeBytes(of: zero.replacing(with: d, where: v .> zero), toByteOffset: i &* 4, as: V.self)
                i &+= 16
            }
            while i < r.upperBound { dx[i] = y[i] > 0 ? dy[i] : 0; i &+= 1 }
        }
    }

    /// Shapes: a, b, sum [count]; sum = a + b. sum may be a or b.
    static func add(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ sum: UnsafeMutablePointer<Float>,
                    count: Int, threads: Int) {
        nonisolated(unsafe) let a = a, b = b, sum = sum
        chunks(count, threads: threads) { r in
            let pa = UnsafeRawPointer(a), pb = UnsafeRawPointer(b), dst = UnsafeMutableRawPointer(sum)
            var i = r.lowerBound
            while i &+ 16 <= r.upperBound {
                let v = pa.loadUnaligned(fromByteOffset: i &* 4, as: V.self) + pb.loadUnaligned(fromByteOffset: i &* 4, as: V.self)
                dst.storeBytes(of: v, toByteOffset: i &* 4, as: V.self)
                i &+= 16
            }
            while i < r.upperBound { sum[i] = a[i] + b[i]; i &+= 1 }
        }
    }
}
