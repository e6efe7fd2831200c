/// The window of one pooling output along one axis: input rows [start, end) inside the image, and
/// how many positions it covers inside the padded image (PyTorch's average-pool divisor with
/// count_include_pad, which ceil-mode windows can cut short).
struct PoolWindow {
    var start: Int
    var end: Int
    var paddedCount: Int

    init(output o: Int, kernel k: Int, stride s: Int, pad p: Int, input n: Int) {
        let lo = o * s - p
        let hi = lo + k
        start = max(lo, 0)
        end = min(hi, n)
        paddedCount = min(hi, n + p) - lo
    }
}
