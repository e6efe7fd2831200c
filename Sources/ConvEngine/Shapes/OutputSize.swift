/// The lecture's output-size arithmetic, `(N - F + 2P)/S + 1`, with the explanation a student needs
/// when it does not come out whole.
public enum OutputSize {
    /// One spatial dimension. `axis` ("width"/"height") only flavours the messages.
    public static func compute(input n: Int, filter f: Int, pad p: Int, stride s: Int, rounding: Rounding,
                               what: String = "filter") -> Result<Int, OutputSizeProblem> {
        let padded = n + 2 * p
        guard padded >= f else {
            let needed = (f - n + 1) / 2
            return .failure(OutputSizeProblem(
                message: "the \(f)-wide \(what) does not fit in an input of \(n) with pad \(p) (\(n) + 2*\(p) = \(padded) < \(f)); use a \(what) of at most \(padded), or pad at least \(needed)",
                fallback: nil))
        }
        let span = padded - f
        if span % s == 0 { return .success(span / s + 1) }
        switch rounding {
        case .floor:
            return .success(span / s + 1)
        case .ceil:
            var out = (span + s - 1) / s + 1
            // PyTorch and Caffe drop a last window that would start inside the right padding.
            if (out - 1) * s >= n + p { out -= 1 }
            return .success(out)
        case .exact:
            let value = Double(span) / Double(s) + 1
            var fits: [String] = []
            if let pad = (p + 1...p + f).first(where: { (n - f + 2 * $0) % s == 0 }) { fits.append("pad \(pad)") }
            if let stride = (1..<s).reversed().first(where: { span % $0 == 0 }) { fits.append("stride \(stride)") }
            let suggestion = fits.isEmpty ? "" : fits.joined(separator: " or ") + " would fit, "
            return .failure(OutputSizeProblem(
                message: "(\(n) - \(f) + 2*\(p))/\(s) + 1 = \(formatFraction(value)) is not a whole number: the \(what) does not fit with stride \(s); \(suggestion)or add `floor` or `ceil` to round",
                fallback: span / s + 1))
        }
    }

    static func formatFraction(_ x: Double) -> String {
        var text = String(format2: x)
        while text.contains(".") && (text.hasSuffix("0") || text.hasSuffix(".")) { text.removeLast() }
        return text
    }
}

/// Why an output size could not be computed, and (for a stride that does not fit) the rounded-down
/// size that lets the rest of a table stay readable.
public struct OutputSizeProblem: Error, Hashable, Sendable {
    public var message: String
    public var fallback: Int?
}

extension String {
    /// Two decimals without Foundation's formatter.
    init(format2 x: Double) {
        let scaled = (x * 100).rounded()
        let whole = Int(scaled) / 100
        let frac = abs(Int(scaled) % 100)
        self = "\(whole).\(frac < 10 ? "0" : "")\(frac)"
    }
}
