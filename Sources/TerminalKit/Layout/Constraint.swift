/// How much of a split a part asks for.
public enum Constraint: Hashable, Sendable {
    /// Exactly n cells (less only if the whole area is smaller).
    case fixed(Int)
    /// That percentage of the whole, rounded down.
    case percent(Int)
    /// At least n cells, then a share of the leftover like `fill(1)`.
    case min(Int)
    /// A share of what is left, in proportion to the weight.
    case fill(Int)

    public static var fill: Constraint { .fill(1) }
}

/// The direction of a split: `.vertical` stacks rows top to bottom, `.horizontal` places columns left to right.
public enum Axis: Hashable, Sendable {
    case vertical
    case horizontal
}

extension Rect {
    /// Splits this rectangle along `axis`. Sizes are resolved in order: fixed and percent first,
    /// then the minimums, then the leftover goes to `min` and `fill` parts by weight (remainders to
    /// the earliest). If the demands exceed the space, the last parts shrink first, so headers and
    /// other leading fixed parts survive a small terminal.
    public func split(_ axis: Axis, _ constraints: [Constraint], spacing: Int = 0) -> [Rect] {
        let total = axis == .vertical ? height : width
        let n = constraints.count
        guard n > 0 else { return [] }
        let available = Swift.max(0, total - spacing * (n - 1))
        var sizes = constraints.map { c -> Int in
            switch c {
            case .fixed(let v): return Swift.max(0, v)
            case .percent(let p): return available * Swift.max(0, p) / 100
            case .min(let v): return Swift.max(0, v)
            case .fill: return 0
            }
        }
        var used = sizes.reduce(0, +)
        if used > available {
            // Shrink from the end.
            var excess = used - available
            for i in stride(from: n - 1, through: 0, by: -1) where excess > 0 {
                let cut = Swift.min(sizes[i], excess)
                sizes[i] -= cut
                excess -= cut
            }
            used = available
        }
        let weights = constraints.map { c -> Int in
            switch c {
            case .min: return 1
            case .fill(let w): return Swift.max(0, w)
            default: return 0
            }
        }
        let totalWeight = weights.reduce(0, +)
        let leftover = available - used
        if totalWeight > 0 && leftover > 0 {
            var given = 0
            for i in 0..<n where weights[i] > 0 {
                let share = leftover * weights[i] / totalWeight
                sizes[i] += share
                given += share
            }
            var rest = leftover - given
            for i in 0..<n where weights[i] > 0 && rest > 0 {
                sizes[i] += 1
                rest -= 1
            }
        }
        var out: [Rect] = []
        var offset = axis == .vertical ? y : x
        for s in sizes {
            switch axis {
            case .vertical: out.append(Rect(x: x, y: offset, width: width, height: s))
            case .horizontal: out.append(Rect(x: offset, y: y, width: s, height: height))
            }
            offset += s + spacing
        }
        return out
    }
}
