/// One channel filtered by one kh x kw filter at stride 1: what each group of a depthwise
/// convolution (`groups` = channels) computes. Through im2col this is a GEMM with one row and
/// kh*kw inner steps, all packing and no arithmetic (about 4 GFLOP/s); here the taps run over
/// rows of the zero-padded image 16 pixels at a time. Dilation is a wider tap spacing; any
/// padding the geometry has is in the padded image (Im2Col.pad).
enum DepthwiseConv {
    static func applies(_ g: ConvGeometry) -> Bool {
        g.inChannels == 1 && g.outChannels == 1 && g.strideY == 1 && g.strideX == 1 && g.outputPixels > 0
    }

    /// Shapes: padded [PH][PW], weights [kh*kw], bias -> output [OH][OW]. Overwrites output.
    /// output[y][x] = bias + sum over taps of w[ty][tx] * padded[y + ty*dy][x + tx*dx], taps in order.
    static func forward(_ g: ConvGeometry, padded: UnsafePointer<Float>, weights: UnsafePointer<Float>, bias: Float,
                        output: UnsafeMutablePointer<Float>) {
        let pw = Im2Col.paddedSize(g).width, ow = g.outWidth
        let kh = g.kernelHeight, kw = g.kernelWidth, dy = g.dilationY, dx = g.dilationX
        let out = UnsafeMutableRawPointer(output)
        for y in 0..<g.outHeight {
            let top = padded + y &* pw
            var x = 0
            while x &+ 16 <= ow {
                var acc = SIMD16<Float>(repeating: bias)
                for ty in 0..<kh {
                    let row = UnsafeRawPointer(top + (ty &* dy &* pw &+ x))
                    for tx in 0..<kw {
                        acc = acc.addingProduct(row.loadUnaligned(fromByteOffset: tx &* dx &* 4, as: SIMD16<Float>.self),
                                                SIMD16(repeating: weights[ty &* kw &+ tx]))
                    }
                }
                out.storeBytes(of: acc, toByteOffset: (y &* ow &+ x) &* 4, as: SIMD16<Float>.self)
                x &+= 16
            }
            while x < ow {
                var acc = bias
                for ty in 0..<kh {
                    for tx in 0..<kw { acc = acc.addingProduct(top[ty &* dy &* pw &+ x &+ tx &* dx], weights[ty &* kw &+ tx]) }
                }
                output[y &* ow &+ x] = acc
                x &+= 1
            }
        }
    }

    /// Shapes: padded [PH][PW] (the input), outputGradient [OH][OW] -> weightGradient [kh*kw] +=
    /// sum over pixels of dy[y][x] * padded[y + ty*dy][x + tx*dx]; one 16-lane sum per tap.
    static func accumulateWeightGradient(_ g: ConvGeometry, padded: UnsafePointer<Float>, outputGradient: UnsafePointer<Float>,
                                         weightGradient: UnsafeMutablePointer<Float>) {
        let pw = Im2Col.paddedSize(g).width, ow = g.outWidth
        let kw = g.kernelWidth
        for tap in 0..<(g.kernelHeight &* kw) {
            let offset = (tap / kw) &* g.dilationY &* pw &+ (tap % kw) &* g.dilationX
            var acc = SIMD16<Float>()
            var tail: Float = 0
            for y in 0..<g.outHeight {
                let d = UnsafeRawPointer(outputGradient + y &* ow), s = UnsafeRawPointer(padded + (y &* pw &+ offset))
                var x = 0
                while x &+ 16 <= ow {
                    acc = acc.addingProduct(d.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<Float>.self),
                                            s.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<Float>.self))
                    x &+= 16
                }
                let dr = outputGradient + y &* ow, sr = padded + (y &* pw &+ offset)
                while x < ow { tail = tail.addingProduct(dr[x], sr[x]); x &+= 1 }
            }
            weightGradient[tap] += acc.sum() + tail
        }
    }

    /// Shapes: outputGradient [OH][OW], weights [kh*kw] -> padded [PH][PW], overwritten with the
    /// gradient of the padded input: each tap adds w[tap] * dy into the rows it read. Unpad after.
    static func inputGradient(_ g: ConvGeometry, outputGradient: UnsafePointer<Float>, weights: UnsafePointer<Float>,
                              padded: UnsafeMutablePointer<Float>) {
        let (ph, pw) = Im2Col.paddedSize(g)
        let ow = g.outWidth, kw = g.kernelWidth
        padded.update(repeating: 0, count: ph &* pw)
        for tap in 0..<(g.kernelHeight &* kw) {
            let offset = (tap / kw) &* g.dilationY &* pw &+ (tap % kw) &* g.dilationX
            let w = weights[tap], wv = SIMD16<Float>(repeating: w)
            for y in 0..<g.outHeight {
                let d = UnsafeRawPointer(outputGradient + y &* ow)
                let p = padded + (y &* pw &+ offset), pr = UnsafeMutableRawPointer(p)
                var x = 0
                while x &+ 16 <= ow {
                    let old = pr.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<Float>.self)
                    pr.storeBytes(of: old.addingProduct(wv, d.loadUnaligned(fromByteOffset: x &* 4, as: SIMD16<Float>.self)),
                                  toByteOffset: x &* 4, as: SIMD16<Float>.self)
                    x &+= 16
                }
                let dr = outputGradient + y &* ow
                while x < ow { p[x] = p[x].addingProduct(w, dr[x]); x &+= 1 }
            }
        }
    }
}
