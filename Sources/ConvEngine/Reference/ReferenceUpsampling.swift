/// Plain-loop references of the layers that go up (upsampling, transposed convolution), generic
/// over the scalar type like the rest of `ReferenceLayers`.
extension ReferenceLayers {
    // MARK: Upsampling

    /// Where output pixel `o` of an axis reads the input, align_corners=False: position
    /// (o + 0.5) / s - 0.5 clamped at 0, between pixels `low` and `high` (the last pixel repeats).
    static func bilinearSource<T: BinaryFloatingPoint>(_ o: Int, scale: Int, size: Int) -> (low: Int, high: Int, frac: T) {
        let position = max(0, (T(o) + T(0.5)) / T(scale) - T(0.5))
        let low = min(Int(position), size - 1)
        return (low, min(low + 1, size - 1), position - T(low))
    }

    /// x [N, C, H, W] -> y [N, C, S*H, S*W].
    public static func upsampleForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, input v: Volume, _ u: UpsampleSpec) -> [T] {
        let oh = v.height * u.scale, ow = v.width * u.scale
        var y = [T](repeating: 0, count: n * v.depth * oh * ow)
        for plane in 0..<(n * v.depth) {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let out = (plane * oh + oy) * ow + ox
                    if u.mode == .nearest {
                        y[out] = x[(plane * v.height + oy / u.scale) * v.width + ox / u.scale]
                        continue
                    }
                    let r: (low: Int, high: Int, frac: T) = bilinearSource(oy, scale: u.scale, size: v.height)
                    let c: (low: Int, high: Int, frac: T) = bilinearSource(ox, scale: u.scale, size: v.width)
                    func at(_ yy: Int, _ xx: Int) -> T { x[(plane * v.height + yy) * v.width + xx] }
                    y[out] = (1 - r.frac) * ((1 - c.frac) * at(r.low, c.low) + c.frac * at(r.low, c.high))
                        + r.frac * ((1 - c.frac) * at(r.high, c.low) + c.frac * at(r.high, c.high))
                }
            }
        }
        return y
    }

    /// dy [N, C, S*H, S*W] -> dx [N, C, H, W].
    public static func upsampleBackward<T: BinaryFloatingPoint>(_ dy: [T], n: Int, input v: Volume, _ u: UpsampleSpec) -> [T] {
        let oh = v.height * u.scale, ow = v.width * u.scale
        var dx = [T](repeating: 0, count: n * v.count)
        for plane in 0..<(n * v.depth) {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let g = dy[(plane * oh + oy) * ow + ox]
                    if u.mode == .nearest {
                        dx[(plane * v.height + oy / u.scale) * v.width + ox / u.scale] += g
                        continue
                    }
                    let r: (low: Int, high: Int, frac: T) = bilinearSource(oy, scale: u.scale, size: v.height)
                    let c: (low: Int, high: Int, frac: T) = bilinearSource(ox, scale: u.scale, size: v.width)
                    for (yy, wy) in [(r.low, 1 - r.frac), (r.high, r.frac)] {
                        for (xx, wx) in [(c.low, 1 - c.frac), (c.high, c.frac)] {
                            dx[(plane * v.height + yy) * v.width + xx] += g * wy * wx
                        }
                    }
                }
            }
        }
        return dx
    }

    // MARK: Transposed convolution

    /// x [N, C, H, W], w [C, K, kh, kw], b [K]? -> y [N, K, OH, OW]: each input pixel stamps its
    /// filters, scaled by its value, at (iy*S - P + ky, ix*S - P + kx); stamps off the output are lost.
    public static func deconvForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, input v: Volume, output o: Volume,
                                                            _ d: DeconvSpec, _ w: [T], _ b: [T]?) -> [T] {
        var y = [T](repeating: 0, count: n * o.count)
        for i in 0..<n {
            for k in 0..<o.depth { for j in 0..<(o.height * o.width) { y[(i * o.depth + k) * o.height * o.width + j] = b?[k] ?? 0 } }
            for c in 0..<v.depth {
                for iy in 0..<v.height {
                    for ix in 0..<v.width {
                        let value = x[((i * v.depth + c) * v.height + iy) * v.width + ix]
                        for k in 0..<o.depth {
                            for ky in 0..<d.kernelHeight {
                                for kx in 0..<d.kernelWidth {
                                    let oy = iy * d.strideHeight - d.padHeight + ky, ox = ix * d.strideWidth - d.padWidth + kx
                                    guard oy >= 0, oy < o.height, ox >= 0, ox < o.width else { continue }
                                    y[((i * o.depth + k) * o.height + oy) * o.width + ox]
                                        += value * w[((c * o.depth + k) * d.kernelHeight + ky) * d.kernelWidth + kx]
                                }
                            }
                        }
                    }
                }
            }
        }
        return y
    }

    /// dy [N, K, OH, OW] -> dx [N, C, H, W], dw [C, K, kh, kw], db [K].
    public static func deconvBackward<T: BinaryFloatingPoint>(_ x: [T], n: Int, input v: Volume, output o: Volume,
                                                             _ d: DeconvSpec, _ w: [T], _ dy: [T]) -> (dx: [T], dw: [T], db: [T]) {
        var dx = [T](repeating: 0, count: x.count), dw = [T](repeating: 0, count: w.count), db = [T](repeating: 0, count: o.depth)
        for i in 0..<n {
            for k in 0..<o.depth { for j in 0..<(o.height * o.width) { db[k] += dy[(i * o.depth + k) * o.height * o.width + j] } }
            for c in 0..<v.depth {
                for iy in 0..<v.height {
                    for ix in 0..<v.width {
                        let xi = ((i * v.depth + c) * v.height + iy) * v.width + ix
                        for k in 0..<o.depth {
                            for ky in 0..<d.kernelHeight {
                                for kx in 0..<d.kernelWidth {
                                    let oy = iy * d.strideHeight - d.padHeight + ky, ox = ix * d.strideWidth - d.padWidth + kx
                                    guard oy >= 0, oy < o.height, ox >= 0, ox < o.width else { continue }
                                    let g = dy[((i * o.depth + k) * o.height + oy) * o.width + ox]
                                    let wi = ((c * o.depth + k) * d.kernelHeight + ky) * d.kernelWidth + kx
                                    dx[xi] += g * w[wi]
                                    dw[wi] += g * x[xi]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, db)
    }
}
