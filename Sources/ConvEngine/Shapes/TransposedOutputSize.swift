/// A transposed convolution's output size, `(N - 1)S - 2P + F + Q`, with the explanation a student
/// needs when the padding crops away everything (the deconv's way of not fitting).
extension OutputSize {
    /// One spatial dimension of a `deconv`. The parser has already refused outpad >= stride.
    public static func transposed(input n: Int, filter f: Int, pad p: Int, stride s: Int, outputPadding q: Int,
                                  what: String = "filter") -> Result<Int, OutputSizeProblem> {
        let out = (n - 1) * s - 2 * p + f + q
        if out >= 1 { return .success(out) }
        // Largest padding that still leaves one pixel: (N-1)S + F + Q - 2P >= 1.
        let most = ((n - 1) * s + f + q - 1) / 2
        return .failure(OutputSizeProblem(
            message: "(\(n) - 1)*\(s) - 2*\(p) + \(f) + \(q) = \(out): pad \(p) crops away all that the \(what) spreads the input over; pad \(most) or less would fit (pad (F - S)/2 makes the output exactly S times the input)",
            fallback: nil))
    }
}
