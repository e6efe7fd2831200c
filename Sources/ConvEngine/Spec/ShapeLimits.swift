/// Whether a spec's numbers are small enough for shape inference's 64-bit counts. An editor
/// lets anyone type `fc 999999999999`; two of those in a row would overflow `Int` and trap,
/// so the inspector asks here first. The walk uses Doubles and upper bounds (stride ignored,
/// padding kept), so it never refuses less than it must by more than a stride factor.
public enum ShapeLimits {
    /// Well under Int.max (9.2e18), leaving room for x4 bytes, x2 backward and a batch.
    public static let ceiling = 1e16

    /// nil when safe, else a sentence saying which layer is too large.
    public static func check(_ spec: NetworkSpec) -> String? {
        error(spec)?.message
    }

    /// The same check as an error at the offending line; the parser refuses such specs, so no
    /// caller of `NetworkShapes` can trap on an overflow.
    public static func error(_ spec: NetworkSpec) -> SpecError? {
        var total = 0.0
        var problem: SpecError?
        let start = Bound(w: Double(spec.input.width), h: Double(spec.input.height), d: Double(spec.input.depth))
        if start.count > ceiling {
            return SpecError("the input \(spec.input) is too large: its counts would overflow; use smaller sizes",
                             at: spec.inputLocation ?? SourceLocation(line: 1, column: 1))
        }
        _ = walk(spec.layers, from: start, total: &total, problem: &problem)
        return problem
    }

    struct Bound {
        var w: Double, h: Double, d: Double
        var count: Double { w * h * d }
    }

    static func walk(_ layers: [LayerSpec], from start: Bound, total: inout Double, problem: inout SpecError?) -> Bound {
        var v = start
        for layer in layers where problem == nil {
            var work = 0.0, weights = 0.0
            switch layer.kind {
            case .conv(let c):
                let next = Bound(w: v.w + 2 * Double(c.padWidth), h: v.h + 2 * Double(c.padHeight), d: Double(c.filters))
                weights = Double(c.kernelHeight) * Double(c.kernelWidth) * v.d * Double(c.filters)
                work = next.w * next.h * weights
                v = next
            case .deconv(let d):
                let next = Bound(w: v.w * Double(d.strideWidth) + Double(d.kernelWidth + d.outputPaddingWidth),
                                 h: v.h * Double(d.strideHeight) + Double(d.kernelHeight + d.outputPaddingHeight), d: Double(d.filters))
                weights = Double(d.kernelHeight) * Double(d.kernelWidth) * v.d * Double(d.filters)
                work = v.w * v.h * weights
                v = next
            case .upsample(let u):
                v = Bound(w: v.w * Double(u.scale), h: v.h * Double(u.scale), d: v.d)
            case .maxPool(let p), .avgPool(let p):
                v = Bound(w: v.w + 2 * Double(p.padWidth), h: v.h + 2 * Double(p.padHeight), d: v.d)
            case .fullyConnected(let n, _):
                weights = v.count * Double(n)
                work = weights
                v = Bound(w: 1, h: 1, d: Double(n))
            case .flatten, .globalAvgPool:
                v = Bound(w: 1, h: 1, d: layer.kind == .flatten ? v.count : v.d)
            case .residual(let body, let shortcut):
                let a = walk(body, from: v, total: &total, problem: &problem)
                let b = shortcut.map { walk($0, from: v, total: &total, problem: &problem) } ?? v
                v = Bound(w: max(a.w, b.w), h: max(a.h, b.h), d: max(a.d, b.d))
            case .concat(let branches):
                let ends = branches.map { walk($0, from: v, total: &total, problem: &problem) }
                v = Bound(w: ends.map(\.w).max() ?? v.w, h: ends.map(\.h).max() ?? v.h, d: ends.reduce(0) { $0 + $1.d })
            case .relu, .softmax, .dropout, .localResponseNorm, .batchNorm, .activation:
                break
            }
            total += work + weights + v.count
            if problem == nil && (v.count > ceiling || work > ceiling || weights > ceiling || total > ceiling) {
                problem = SpecError("`\(layer.lineText)` makes counts too large to compute (over 10^16); use smaller sizes",
                                    at: layer.location ?? SourceLocation(line: 1, column: 1))
            }
        }
        return v
    }
}
