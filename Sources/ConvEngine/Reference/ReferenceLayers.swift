import Foundation

/// Plain-loop reference implementations of every trainable layer, generic over the scalar type so
/// they run in Double for gradient checks. Written for obviousness, not speed: the fast Float layers
/// are tested against these. Layout is NCHW throughout; each function states its shapes.
public enum ReferenceLayers {
    // MARK: Convolution

    /// x [N, C, H, W], w [K, C/G, kh, kw], b [K]? -> y [N, K, OH, OW]. With G groups, filter k
    /// sees only channels [group * C/G, (group + 1) * C/G) of its group k / (K/G); taps are
    /// `dilation` pixels apart.
    public static func convForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, _ g: ConvGeometry, _ w: [T], _ b: [T]?, groups: Int = 1) -> [T] {
        let cg = g.inChannels / groups, kg = g.outChannels / groups
        var y = [T](repeating: 0, count: n * g.outputCount)
        for i in 0..<n {
            for k in 0..<g.outChannels {
                for oy in 0..<g.outHeight {
                    for ox in 0..<g.outWidth {
                        var sum: T = b?[k] ?? 0
                        for c in 0..<cg {
                            let channel = (k / kg) * cg + c
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    let iy = oy * g.strideY - g.padTop + ky * g.dilationY, ix = ox * g.strideX - g.padLeft + kx * g.dilationX
                                    guard iy >= 0, iy < g.inHeight, ix >= 0, ix < g.inWidth else { continue }
                                    sum += w[((k * cg + c) * g.kernelHeight + ky) * g.kernelWidth + kx]
                                        * x[((i * g.inChannels + channel) * g.inHeight + iy) * g.inWidth + ix]
                                }
                            }
                        }
                        y[((i * g.outChannels + k) * g.outHeight + oy) * g.outWidth + ox] = sum
                    }
                }
            }
        }
        return y
    }

    /// dy [N, K, OH, OW] -> dx [N, C, H, W], dw [K, C/G, kh, kw], db [K].
    public static func convBackward<T: BinaryFloatingPoint>(_ x: [T], n: Int, _ g: ConvGeometry, _ w: [T], _ dy: [T], groups: Int = 1) -> (dx: [T], dw: [T], db: [T]) {
        let cg = g.inChannels / groups, kg = g.outChannels / groups
        var dx = [T](repeating: 0, count: n * g.inputCount)
        var dw = [T](repeating: 0, count: w.count)
        var db = [T](repeating: 0, count: g.outChannels)
        for i in 0..<n {
            for k in 0..<g.outChannels {
                for oy in 0..<g.outHeight {
                    for ox in 0..<g.outWidth {
                        let grad = dy[((i * g.outChannels + k) * g.outHeight + oy) * g.outWidth + ox]
                        db[k] += grad
                        for c in 0..<cg {
                            let channel = (k / kg) * cg + c
                            for ky in 0..<g.kernelHeight {
                                for kx in 0..<g.kernelWidth {
                                    let iy = oy * g.strideY - g.padTop + ky * g.dilationY, ix = ox * g.strideX - g.padLeft + kx * g.dilationX
                                    guard iy >= 0, iy < g.inHeight, ix >= 0, ix < g.inWidth else { continue }
                                    let wi = ((k * cg + c) * g.kernelHeight + ky) * g.kernelWidth + kx
                                    let xi = ((i * g.inChannels + channel) * g.inHeight + iy) * g.inWidth + ix
                                    dw[wi] += grad * x[xi]
                                    dx[xi] += grad * w[wi]
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, db)
    }

    // MARK: Fully connected

    /// x [N, in], w [out, in], b [out]? -> y [N, out].
    public static func fcForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, inputs: Int, outputs: Int, _ w: [T], _ b: [T]?) -> [T] {
        var y = [T](repeating: 0, count: n * outputs)
        for i in 0..<n {
            for o in 0..<outputs {
                var sum: T = b?[o] ?? 0
                for j in 0..<inputs { sum += w[o * inputs + j] * x[i * inputs + j] }
                y[i * outputs + o] = sum
            }
        }
        return y
    }

    /// dy [N, out] -> dx [N, in], dw [out, in], db [out].
    public static func fcBackward<T: BinaryFloatingPoint>(_ x: [T], n: Int, inputs: Int, outputs: Int, _ w: [T], _ dy: [T]) -> (dx: [T], dw: [T], db: [T]) {
        var dx = [T](repeating: 0, count: n * inputs)
        var dw = [T](repeating: 0, count: w.count)
        var db = [T](repeating: 0, count: outputs)
        for i in 0..<n {
            for o in 0..<outputs {
                let grad = dy[i * outputs + o]
                db[o] += grad
                for j in 0..<inputs {
                    dw[o * inputs + j] += grad * x[i * inputs + j]
                    dx[i * inputs + j] += grad * w[o * inputs + j]
                }
            }
        }
        return (dx, dw, db)
    }

    // MARK: ReLU

    /// x -> max(0, x), any shape.
    public static func reluForward<T: BinaryFloatingPoint>(_ x: [T]) -> [T] { x.map { $0 > 0 ? $0 : 0 } }

    /// dy -> dx = dy where x > 0.
    public static func reluBackward<T: BinaryFloatingPoint>(_ x: [T], _ dy: [T]) -> [T] {
        zip(x, dy).map { $0 > 0 ? $1 : 0 }
    }

    // MARK: Pooling

    /// x [N, C, H, W] -> y [N, C, OH, OW] and, for max, each output's winning input index.
    public static func poolForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, input v: Volume, output o: Volume, _ p: PoolSpec, max isMax: Bool) -> (y: [T], winners: [Int]) {
        var y = [T](repeating: 0, count: n * o.count)
        var winners = [Int](repeating: -1, count: y.count)
        for plane in 0..<(n * v.depth) {
            for oy in 0..<o.height {
                for ox in 0..<o.width {
                    let y0 = oy * p.strideHeight - p.padHeight, x0 = ox * p.strideWidth - p.padWidth
                    var best = -T.infinity, sum: T = 0, at = -1
                    for yy in y0..<(y0 + p.kernelHeight) where yy >= 0 && yy < v.height {
                        for xx in x0..<(x0 + p.kernelWidth) where xx >= 0 && xx < v.width {
                            let index = (plane * v.height + yy) * v.width + xx
                            sum += x[index]
                            if x[index] > best { best = x[index]; at = index }
                        }
                    }
                    // Average divisor: the window clipped to the padded input (PyTorch's count_include_pad).
                    let rows = min(y0 + p.kernelHeight, v.height + p.padHeight) - y0
                    let cols = min(x0 + p.kernelWidth, v.width + p.padWidth) - x0
                    let out = (plane * o.height + oy) * o.width + ox
                    y[out] = isMax ? best : sum / T(rows * cols)
                    winners[out] = at
                }
            }
        }
        return (y, winners)
    }

    /// dy [N, C, OH, OW] -> dx [N, C, H, W].
    public static func poolBackward<T: BinaryFloatingPoint>(_ dy: [T], n: Int, input v: Volume, output o: Volume, _ p: PoolSpec, max isMax: Bool, winners: [Int]) -> [T] {
        var dx = [T](repeating: 0, count: n * v.count)
        for plane in 0..<(n * v.depth) {
            for oy in 0..<o.height {
                for ox in 0..<o.width {
                    let out = (plane * o.height + oy) * o.width + ox
                    if isMax { dx[winners[out]] += dy[out]; continue }
                    let y0 = oy * p.strideHeight - p.padHeight, x0 = ox * p.strideWidth - p.padWidth
                    let rows = min(y0 + p.kernelHeight, v.height + p.padHeight) - y0
                    let cols = min(x0 + p.kernelWidth, v.width + p.padWidth) - x0
                    for yy in y0..<(y0 + p.kernelHeight) where yy >= 0 && yy < v.height {
                        for xx in x0..<(x0 + p.kernelWidth) where xx >= 0 && xx < v.width {
                            dx[(plane * v.height + yy) * v.width + xx] += dy[out] / T(rows * cols)
                        }
                    }
                }
            }
        }
        return dx
    }

    // MARK: Batch norm (training statistics)

    /// x [N, C, H, W], gamma [C], beta [C] -> y, plus what backward needs (normalised x, 1/std).
    public static func batchNormForward<T: BinaryFloatingPoint>(_ x: [T], n: Int, _ v: Volume, gamma: [T], beta: [T], epsilon: T) -> (y: [T], xhat: [T], inverseStd: [T]) {
        let area = v.width * v.height, m = T(n * area)
        var y = x, xhat = x, inv = [T](repeating: 0, count: v.depth)
        for c in 0..<v.depth {
            var mean: T = 0
            for i in 0..<n { for j in 0..<area { mean += x[(i * v.depth + c) * area + j] } }
            mean /= m
            var variance: T = 0
            for i in 0..<n { for j in 0..<area { let d = x[(i * v.depth + c) * area + j] - mean; variance += d * d } }
            variance /= m
            inv[c] = 1 / (variance + epsilon).squareRoot()
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * v.depth + c) * area + j
                    xhat[at] = (x[at] - mean) * inv[c]
                    y[at] = gamma[c] * xhat[at] + beta[c]
                }
            }
        }
        return (y, xhat, inv)
    }

    /// dy -> dx, dgamma [C], dbeta [C].
    public static func batchNormBackward<T: BinaryFloatingPoint>(_ dy: [T], n: Int, _ v: Volume, gamma: [T], xhat: [T], inverseStd: [T]) -> (dx: [T], dgamma: [T], dbeta: [T]) {
        let area = v.width * v.height, m = T(n * area)
        var dx = dy, dgamma = [T](repeating: 0, count: v.depth), dbeta = dgamma
        for c in 0..<v.depth {
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * v.depth + c) * area + j
                    dbeta[c] += dy[at]
                    dgamma[c] += dy[at] * xhat[at]
                }
            }
            for i in 0..<n {
                for j in 0..<area {
                    let at = (i * v.depth + c) * area + j
                    dx[at] = gamma[c] * inverseStd[c] * (dy[at] - dbeta[c] / m - xhat[at] * dgamma[c] / m)
                }
            }
        }
        return (dx, dgamma, dbeta)
    }

    // MARK: Softmax cross-entropy

    /// scores [N, K], labels [N] -> mean loss and dscores [N, K] = (p - onehot) / N.
    public static func softmaxCrossEntropy<T: BinaryFloatingPoint>(_ scores: [T], n: Int, classes k: Int, labels: [Int]) -> (loss: T, gradient: [T]) {
        var loss: T = 0
        var gradient = scores
        for i in 0..<n {
            let row = Array(scores[(i * k)..<((i + 1) * k)])
            let top = row.max()!
            let exps = row.map { T(Foundation.exp(Double($0 - top))) }
            let sum = exps.reduce(0, +)
            loss -= T(Foundation.log(Double(exps[labels[i]] / sum)))
            for j in 0..<k { gradient[i * k + j] = (exps[j] / sum - (j == labels[i] ? 1 : 0)) / T(n) }
        }
        return (loss / T(n), gradient)
    }

    /// Rows [N, K] -> softmax rows.
    public static func softmax<T: BinaryFloatingPoint>(_ x: [T], n: Int, classes k: Int) -> [T] {
        var y = x
        for i in 0..<n {
            let top = x[(i * k)..<((i + 1) * k)].max()!
            var sum: T = 0
            for j in 0..<k { y[i * k + j] = T(Foundation.exp(Double(x[i * k + j] - top))); sum += y[i * k + j] }
            for j in 0..<k { y[i * k + j] /= sum }
        }
        return y
    }
}
