/// The lecture's `(N - F + 2P)/S + 1` with the current numbers filled in, for screens that show
/// the arithmetic next to the picture ("(7 - 3 + 2*1)/2 + 1 = 4").
public struct OutputSizeFormula: Hashable, Sendable {
    public var input: Int
    public var filter: Int
    public var pad: Int
    public var stride: Int
    /// The whole-number result, or nil when it does not fit.
    public var result: Int?
    /// OutputSize's explanation and suggestion when it does not fit.
    public var problem: String?

    public init(input n: Int, filter f: Int, pad p: Int, stride s: Int, what: String = "filter") {
        input = n
        filter = f
        pad = p
        stride = s
        switch OutputSize.compute(input: n, filter: f, pad: p, stride: s, rounding: .exact, what: what) {
        case .success(let v): result = v; problem = nil
        case .failure(let e): result = nil; problem = e.message
        }
    }

    /// "(7 - 3 + 2*1)/2 + 1 = 4", or "... = 3.5" / "... < 0" when it does not fit.
    public var text: String {
        let lhs = "(\(input) - \(filter) + 2*\(pad))/\(stride) + 1"
        if let result { return "\(lhs) = \(result)" }
        let span = input - filter + 2 * pad
        guard span >= 0 else { return "\(lhs): the filter is wider than the padded input" }
        return "\(lhs) = \(OutputSize.formatFraction(Double(span) / Double(stride) + 1))"
    }
}
