/// What a network is trained to produce, written as the last line of a `.net` file. A file
/// without a `loss` line is a classifier: its scores (ending in `softmax` or not) go through
/// softmax cross-entropy, as always.
///
///     loss pixelsoftmax              # segmentation: a class per pixel, softmax over depth
///     loss smoothl1                  # regression (boxes): smooth-L1 on every output
///     loss l2                        # regression: squared error on every output
///     loss softmax 10 + smoothl1 4   # classification and localization: 10 class scores, then 4 numbers
public enum LossSpec: Hashable, Sendable {
    /// Per-pixel softmax cross-entropy: output W x H x C, a class in 0..<C for every pixel,
    /// averaged over all N*H*W pixels (PyTorch's `F.cross_entropy` on (N, C, H, W)).
    case pixelSoftmax
    /// Every output against a target number, averaged over all of them.
    case regression(Regression)
    /// The output vector split: the first `classes` entries are class scores (softmax
    /// cross-entropy, averaged over the batch), the next `values` regressed; the two losses add,
    /// the regression's multiplied by `weight`.
    case classifyAndRegress(classes: Int, regression: Regression, values: Int, weight: Double)

    /// How far an output is from its target, per entry (d = output - target).
    public enum Regression: String, Hashable, Sendable, CaseIterable {
        /// 0.5 d^2 where |d| < 1, |d| - 0.5 beyond: quadratic near the target, linear far from
        /// it, so an outlier's gradient stays at most 1 (PyTorch's `smooth_l1_loss`, beta 1).
        case smoothL1 = "smoothl1"
        /// d^2 (PyTorch's `mse_loss`).
        case l2
    }

    /// The words after `loss`, e.g. `softmax 10 + smoothl1 4`.
    public var text: String {
        switch self {
        case .pixelSoftmax: "pixelsoftmax"
        case .regression(let r): r.rawValue
        case .classifyAndRegress(let c, let r, let v, let w):
            "softmax \(c) + \(r.rawValue) \(v)" + (w == 1 ? "" : " weight \(w == w.rounded() && abs(w) < 1e9 ? "\(Int(w))" : "\(w)")")
        }
    }

    /// The targets of one example for a net ending in `output`, short enough for a table cell:
    /// `32x32 classes`, `4 values`, `class + 4 values`.
    public func targetShape(output: Volume) -> String {
        switch self {
        case .pixelSoftmax: "\(output.width)x\(output.height) classes"
        case .regression: "\(output.count) values"
        case .classifyAndRegress(_, _, let v, _): "class + \(v) values"
        }
    }

    /// The same as a sentence: what each example's targets are and how they are scored.
    public func targetDescription(output: Volume) -> String {
        func name(_ r: Regression) -> String { r == .smoothL1 ? "smooth-L1" : "squared error" }
        switch self {
        case .pixelSoftmax:
            return "a class in 0...\(output.depth - 1) for each of the \(output.width)x\(output.height) output pixels (softmax cross-entropy over the \(output.depth) channels, averaged over the pixels)"
        case .regression(let r):
            return "\(output.count) numbers, one for each output (\(name(r)), averaged)"
        case .classifyAndRegress(let c, let r, let v, let w):
            return "a class in 0...\(c - 1) for the first \(c) outputs (softmax cross-entropy) and \(v) numbers for the last \(v) (\(name(r))\(w == 1 ? "" : ", times \(w == w.rounded() && abs(w) < 1e9 ? "\(Int(w))" : "\(w)")"))"
        }
    }

    /// What the network's output must be for this loss, or why it does not fit (nil: it fits).
    public func problem(output: Volume) -> String? {
        switch self {
        case .pixelSoftmax:
            return output.depth >= 2 ? nil
                : "`loss pixelsoftmax` needs at least 2 classes in the output's depth (background and object); the network ends in \(output): end it in e.g. `conv 2 1x1`"
        case .regression:
            return nil
        case .classifyAndRegress(let c, _, let v, _):
            guard output.width == 1, output.height == 1, output.depth == c + v else {
                return "`loss \(text)` needs a vector of \(c) + \(v) = \(c + v) outputs; the network ends in \(output): end it in `fc \(c + v)`"
            }
            return nil
        }
    }
}

extension SpecParser {
    static let lossWords = ["pixelsoftmax", "smoothl1", "l2", "softmax"]

    /// Parses the words after `loss` (`head` is the `loss` token, for messages).
    static func parseLoss(_ head: Token, _ args: [Token]) throws(SpecError) -> LossSpec {
        func regression(_ t: Token) -> LossSpec.Regression? { LossSpec.Regression(rawValue: t.text.lowercased()) }
        func count(_ i: Int, _ what: String) throws(SpecError) -> Int {
            guard i < args.count, let n = Int(args[i].text), n > 0, n <= largestSize else {
                throw SpecError("`loss` needs \(what) here, e.g. `loss softmax 10 + smoothl1 4`", at: i < args.count ? args[i].location : head.location)
            }
            return n
        }
        guard let first = args.first else {
            throw SpecError("`loss` needs a kind: `loss pixelsoftmax`, `loss smoothl1`, `loss l2` or `loss softmax 10 + smoothl1 4`", at: head.location)
        }
        let word = first.text.lowercased()
        if args.count == 1 {
            if word == "pixelsoftmax" { return .pixelSoftmax }
            if let r = regression(first) { return .regression(r) }
        }
        guard word == "softmax" else {
            if lossWords.contains(word) {
                throw SpecError("unexpected `\(args[1].text)` after `loss \(first.text)`", at: args[1].location)
            }
            throw SpecError("unknown loss `\(first.text)`: use `pixelsoftmax` (segmentation), `smoothl1` or `l2` (regression), or `softmax C + smoothl1 K` (classification and localization)", at: first.location)
        }
        let classes = try count(1, "a number of classes")
        guard args.count > 2, args[2].text == "+" else {
            throw SpecError("`loss softmax \(classes)` alone is a classifier: end the network in `softmax` instead, or add the regressed part: `loss softmax \(classes) + smoothl1 4`", at: first.location)
        }
        guard args.count > 3, let r = regression(args[3]) else {
            throw SpecError("after `+` give `smoothl1 K` or `l2 K`, e.g. `loss softmax \(classes) + smoothl1 4`", at: args.count > 3 ? args[3].location : args[2].location)
        }
        let values = try count(4, "a number of regressed outputs")
        var weight = 1.0
        if args.count > 5 {
            guard args[5].text.lowercased() == "weight", args.count == 7, let w = Double(args[6].text), w > 0, w.isFinite else {
                throw SpecError("after the regressed part only `weight W` may follow (W > 0 multiplies its loss), e.g. `+ smoothl1 4 weight 5`", at: args[5].location)
            }
            weight = w
        }
        return .classifyAndRegress(classes: classes, regression: r, values: values, weight: weight)
    }
}
