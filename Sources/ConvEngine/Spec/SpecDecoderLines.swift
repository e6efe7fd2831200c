/// The `.net` lines of the layers that go up and bend: `deconv`, `upsample`, and the activations
/// `sigmoid`, `tanh`, `leakyrelu`. (`conv`, pooling and the rest are in SpecLayerLine.swift.)
extension SpecParser {
    /// `deconv 16 4x4 stride 2 pad 1 [outpad 1] [nobias] [frozen]`.
    static func parseDeconv(_ reader: inout ArgumentReader) throws(SpecError) -> LayerKind {
        let filters = try reader.positiveInt("a number of filters, e.g. `deconv 16 4x4 stride 2 pad 1`")
        let (kh, kw) = try reader.pair("a filter size, e.g. `deconv \(filters) 4x4 stride 2 pad 1`")
        var spec = DeconvSpec(filters: filters, kernelHeight: kh, kernelWidth: kw)
        var outpad: SpecParser.Token?
        while let option = reader.next() {
            switch option.text.lowercased() {
            case "stride": (spec.strideHeight, spec.strideWidth) = try reader.pair("a stride, e.g. `stride 2`")
            case "pad": (spec.padHeight, spec.padWidth) = try reader.pair("a padding, e.g. `pad 1`", allowZero: true)
            case "outpad":
                outpad = option
                (spec.outputPaddingHeight, spec.outputPaddingWidth) = try reader.pair("an output padding, e.g. `outpad 1`", allowZero: true)
            case "nobias": spec.bias = false
            case "frozen": reader.frozen = true
            default: throw reader.unknownOption(option, known: ["stride", "pad", "outpad", "nobias", "frozen"])
            }
        }
        // PyTorch refuses it too: an output padding of S or more would add rows no input reaches.
        if let outpad, spec.outputPaddingHeight >= spec.strideHeight || spec.outputPaddingWidth >= spec.strideWidth {
            let q = max(spec.outputPaddingHeight, spec.outputPaddingWidth), s = min(spec.strideHeight, spec.strideWidth)
            let fix = s > 1 ? "use outpad \(s - 1) or less, or stride \(q + 1)" : "leave outpad out, or use stride \(q + 1)"
            throw SpecError("outpad \(q) must be smaller than the stride \(s): it picks one of the \(s) output sizes a stride-\(s) deconv can give; \(fix)", at: outpad.location)
        }
        return .deconv(spec)
    }

    /// `upsample 2x [nearest|bilinear]` (`2` alone means 2x).
    static func parseUpsample(_ reader: inout ArgumentReader) throws(SpecError) -> LayerKind {
        let example = "a scale such as `upsample 2x` or `upsample 2x bilinear`"
        guard let token = reader.next() else {
            throw SpecError("`upsample` needs \(example)", at: reader.head.location)
        }
        let digits = token.text.lowercased().hasSuffix("x") ? String(token.text.dropLast()) : token.text
        guard let scale = Int(digits), scale >= 1 else {
            throw SpecError("`upsample` needs \(example); `\(token.text)` is not a whole number of times", at: token.location)
        }
        guard scale <= UpsampleSpec.largestScale else {
            throw SpecError("`upsample \(token.text)`: at most \(UpsampleSpec.largestScale)x at once; use several upsample lines", at: token.location)
        }
        var spec = UpsampleSpec(scale: scale)
        if let option = reader.next() {
            guard let mode = UpsampleMode(rawValue: option.text.lowercased()) else {
                throw reader.unknownOption(option, known: UpsampleMode.allCases.map(\.rawValue))
            }
            spec.mode = mode
        }
        return .upsample(spec)
    }

    /// `leakyrelu [A]`, A the slope for negative inputs, 0 <= A < 1 (default 0.01, PyTorch's).
    static func parseLeakySlope(_ reader: inout ArgumentReader) throws(SpecError) -> LayerKind {
        guard let token = reader.next() else { return .activation(.leakyReLU(slope: ActivationFunction.defaultLeakySlope)) }
        guard let a = Double(token.text), a.isFinite, a >= 0, a < 1 else {
            throw SpecError("`leakyrelu` takes the slope for negative inputs, a number from 0 up to (not including) 1, e.g. `leakyrelu 0.01`; got `\(token.text)`", at: token.location)
        }
        return .activation(.leakyReLU(slope: a))
    }
}
