/// The per-channel arithmetic of batch norm over NCHW data. One channel is N runs of H*W
/// contiguous floats, run i at (i*C + ch)*area. Each function handles one channel with 16 SIMD
/// lanes in a fixed order (lanes, then the lane sum, then the scalar tail of each run), so a
/// channel's result is the same whichever thread computes it: layers split channels over threads
/// and stay bit-identical for any thread count.
enum BatchNormKernels {
    typealias V = SIMD16<Float>

    /// Shapes: x [N][C][area] -> (mean, biased variance) of channel ch over N*area values.
    /// Two passes (the mean, then squares of x - mean): one pass of x and x^2 loses digits to
    /// cancellation when the mean is large against the spread.
    static func meanAndVariance(_ x: UnsafePointer<Float>, n: Int, channels c: Int, area: Int, channel ch: Int) -> (Float, Float) {
        let count = Float(n &* area)
        var acc = V(), tail: Float = 0
        for i in 0..<n {
            let run = x + (i &* c &+ ch) &* area
            let raw = UnsafeRawPointer(run)
            var j = 0
            while j &+ 16 <= area { acc += raw.loadUnaligned(fromByteOffset: j &* 4, as: V.self); j &+= 16 }
            while j < area { tail += run[j]; j &+= 1 }
        }
        let mean = (acc.sum() + tail) / count
        let m = V(repeating: mean)
        var squares = V(), squareTail: Float = 0
        for i in 0..<n {
            let run = x + (i &* c &+ ch) &* area
            let raw = UnsafeRawPointer(run)
            var j = 0
            while j &+ 16 <= area {
                let d = raw.loadUnaligned(fromByteOffset: j &* 4, as: V.self) - m
                squares = squares.addingProduct(d, d)
                j &+= 16
            }
            while j < area { let d = run[j] - mean; squareTail = squareTail.addingProduct(d, d); j &+= 1 }
        }
        return (mean, (squares.sum() + squareTail) / count)
    }

    /// Shapes: x, y [N][C][area]; channel ch of y = x * scale + shift (batch norm folded into one
    /// multiply-add: scale = gamma / std, shift = beta - mean * scale). y may be x.
    static func affine(_ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, n: Int, channels c: Int, area: Int,
                       channel ch: Int, scale: Float, shift: Float) {
        let a = V(repeating: scale), b = V(repeating: shift)
        for i in 0..<n {
            let at = (i &* c &+ ch) &* area
            let src = UnsafeRawPointer(x + at), dst = UnsafeMutableRawPointer(y + at)
            var j = 0
            while j &+ 16 <= area {
                dst.storeBytes(of: b.addingProduct(src.loadUnaligned(fromByteOffset: j &* 4, as: V.self), a), toByteOffset: j &* 4, as: V.self)
                j &+= 16
            }
            while j < area { y[at &+ j] = shift.addingProduct(x[at &+ j], scale); j &+= 1 }
        }
    }

    /// Shapes: dy, x [N][C][area] -> (sum of dy, sum of dy * (x - mean)) over channel ch: the
    /// gradients of beta and (times 1/std) gamma, in one pass.
    static func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, mean: Float, n: Int, channels c: Int,
                             area: Int, channel ch: Int) -> (Float, Float) {
        let m = V(repeating: mean)
        var sumDy = V(), sumDyX = V(), tailDy: Float = 0, tailDyX: Float = 0
        for i in 0..<n {
            let at = (i &* c &+ ch) &* area
            let g = UnsafeRawPointer(dy + at), v = UnsafeRawPointer(x + at)
            var j = 0
            while j &+ 16 <= area {
                let d = g.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                sumDy += d
                sumDyX = sumDyX.addingProduct(d, v.loadUnaligned(fromByteOffset: j &* 4, as: V.self) - m)
                j &+= 16
            }
            while j < area {
                tailDy += dy[at &+ j]
                tailDyX = tailDyX.addingProduct(dy[at &+ j], x[at &+ j] - mean)
                j &+= 1
            }
        }
        return (sumDy.sum() + tailDy, sumDyX.sum() + tailDyX)
    }

    /// Shapes: dy, x, dx [N][C][area]; channel ch of dx = a * dy + b * (x - mean) + shift.
    /// With batch statistics a = gamma/std, b = -a * sum(dy*(x-mean)) / (count * std^2), shift =
    /// -a * sum(dy) / count; with running statistics only a. dx may be dy.
    static func inputGradient(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, _ dx: UnsafeMutablePointer<Float>,
                              n: Int, channels c: Int, area: Int, channel ch: Int,
                              mean: Float, a: Float, b: Float, shift: Float) {
        let m = V(repeating: mean), av = V(repeating: a), bv = V(repeating: b), sv = V(repeating: shift)
        for i in 0..<n {
            let at = (i &* c &+ ch) &* area
            let g = UnsafeRawPointer(dy + at), v = UnsafeRawPointer(x + at), out = UnsafeMutableRawPointer(dx + at)
            var j = 0
            while j &+ 16 <= area {
                let d = g.loadUnaligned(fromByteOffset: j &* 4, as: V.self)
                let centred = v.loadUnaligned(fromByteOffset: j &* 4, as: V.self) - m
                out.storeBytes(of: sv.addingProduct(av, d).addingProduct(bv, centred), toByteOffset: j &* 4, as: V.self)
                j &+= 16
            }
            while j < area {
                dx[at &+ j] = shift.addingProduct(a, dy[at &+ j]).addingProduct(b, x[at &+ j] - mean)
                j &+= 1
            }
        }
    }
}
