/// One layer line of the `.net` format: the keyword, its positional sizes and its options.
extension SpecParser {
    static func parseLayer(_ head: Token, _ args: [Token]) throws(SpecError) -> LayerSpec {
        var reader = ArgumentReader(head: head, args: args)
        let kind: LayerKind
        switch head.text.lowercased() {
        case "conv":
            let filters = try reader.positiveInt("a number of filters, e.g. `conv 16 5x5`")
            let (kh, kw) = try reader.pair("a filter size, e.g. `conv \(filters) 5x5`")
            var spec = ConvSpec(filters: filters, kernelHeight: kh, kernelWidth: kw)
            while let option = reader.next() {
                switch option.text.lowercased() {
                case "stride": (spec.strideHeight, spec.strideWidth) = try reader.pair("a stride, e.g. `stride 2`")
                case "pad":
                    if reader.peek?.text.lowercased() == "same" {
                        let same = reader.next()!
                        guard kh % 2 == 1, kw % 2 == 1 else {
                            throw SpecError("`pad same` needs an odd filter size (it pads (F-1)/2 on each side); give `pad P` instead", at: same.location)
                        }
                        spec.padding = .same
                    } else {
                        let (ph, pw) = try reader.pair("a padding, e.g. `pad 2` or `pad same`", allowZero: true)
                        spec.padding = .explicit(height: ph, width: pw)
                    }
                case "dilation": (spec.dilationHeight, spec.dilationWidth) = try reader.pair("a dilation, e.g. `dilation 2`")
                case "groups": spec.groups = try reader.positiveInt("a number of groups, e.g. `groups 2`")
                case "nobias": spec.bias = false
                case "floor": spec.rounding = .floor
                case "ceil": spec.rounding = .ceil
                case "frozen": reader.frozen = true
                default: throw reader.unknownOption(option, known: ["stride", "pad", "dilation", "groups", "nobias", "floor", "ceil", "frozen"])
                }
            }
            kind = .conv(spec)
        case "deconv", "convtranspose":
            kind = try parseDeconv(&reader)
        case "upsample":
            kind = try parseUpsample(&reader)
        case "leakyrelu":
            kind = try parseLeakySlope(&reader)
        case "sigmoid": kind = .activation(.sigmoid)
        case "tanh": kind = .activation(.tanh)
        case "maxpool", "avgpool", "pool":
            let (kh, kw) = try reader.pair("a window size, e.g. `\(head.text) 2x2 stride 2`")
            var spec = PoolSpec(kernelHeight: kh, kernelWidth: kw, strideHeight: kh, strideWidth: kw)
            while let option = reader.next() {
                switch option.text.lowercased() {
                case "stride": (spec.strideHeight, spec.strideWidth) = try reader.pair("a stride, e.g. `stride 2`")
                case "pad": (spec.padHeight, spec.padWidth) = try reader.pair("a padding, e.g. `pad 1`", allowZero: true)
                case "floor": spec.rounding = .floor
                case "ceil": spec.rounding = .ceil
                default: throw reader.unknownOption(option, known: ["stride", "pad", "floor", "ceil"])
                }
            }
            if spec.padHeight > kh / 2 || spec.padWidth > kw / 2 {
                throw SpecError("pooling padding \(spec.padHeight) is more than half the \(kh)x\(kw) window: a window could see only padding", at: head.location)
            }
            kind = head.text.lowercased() == "avgpool" ? .avgPool(spec) : .maxPool(spec)
        case "fc", "linear":
            let outputs = try reader.positiveInt("a number of outputs, e.g. `fc 10`")
            var bias = true
            while let option = reader.next() {
                switch option.text.lowercased() {
                case "nobias": bias = false
                case "frozen": reader.frozen = true
                default: throw reader.unknownOption(option, known: ["nobias", "frozen"])
                }
            }
            kind = .fullyConnected(outputs: outputs, bias: bias)
        case "dropout":
            guard let token = reader.next() else {
                throw SpecError("`dropout` needs the probability of dropping a unit, e.g. `dropout 0.5`", at: head.location)
            }
            guard let p = Double(token.text), p >= 0, p < 1 else {
                throw SpecError("dropout probability must be a number from 0 up to (not including) 1, e.g. `dropout 0.5`; got `\(token.text)`", at: token.location)
            }
            kind = .dropout(p)
        case "lrn":
            var size = 5
            if reader.peek != nil { size = try reader.positiveInt("a window size, e.g. `lrn 5`") }
            kind = .localResponseNorm(size: size)
        case "batchnorm":
            var epsilon = LayerKind.batchNormEpsilon
            while let option = reader.next() {
                switch option.text.lowercased() {
                case "frozen": reader.frozen = true
                case "eps":
                    guard let token = reader.next(), let value = Double(token.text), value > 0, value < 1 else {
                        throw SpecError("`eps` needs a small positive number added to the variance, e.g. `batchnorm eps 0.001`", at: option.location)
                    }
                    epsilon = value
                default: throw reader.unknownOption(option, known: ["eps", "frozen"])
                }
            }
            kind = .batchNorm(epsilon: epsilon)
        case "relu": kind = .relu
        case "softmax": kind = .softmax
        case "flatten": kind = .flatten
        case "globalavgpool": kind = .globalAvgPool
        default:
            var hint = "; known layers: " + layerKeywords.joined(separator: ", ")
            if let guess = closestMatch(to: head.text, in: layerKeywords) { hint = "; did you mean `\(guess)`?" }
            throw SpecError("unknown layer `\(head.text)`\(hint)", at: head.location)
        }
        if let extra = reader.next() {
            throw SpecError("unexpected `\(extra.text)` after `\(head.text)`", at: extra.location)
        }
        if reader.frozen && !kind.hasParameters {
            throw SpecError("`frozen` only applies to layers with parameters (conv, deconv, fc, batchnorm)", at: head.location)
        }
        return LayerSpec(kind, frozen: reader.frozen, location: head.location)
    }
}

/// Walks the words after a layer keyword, with errors that point at the right column.
struct ArgumentReader {
    let head: SpecParser.Token
    let args: [SpecParser.Token]
    var index = 0
    var frozen = false

    init(head: SpecParser.Token, args: [SpecParser.Token]) {
        self.head = head
        self.args = args
    }

    var peek: SpecParser.Token? { index < args.count ? args[index] : nil }

    mutating func next() -> SpecParser.Token? {
        defer { index += 1 }
        return peek
    }

    private var endLocation: SourceLocation {
        let last = args.last ?? head
        return SourceLocation(line: last.location.line, column: last.location.column + last.text.count + 1)
    }

    mutating func positiveInt(_ what: String) throws(SpecError) -> Int {
        guard let token = next() else {
            throw SpecError("`\(head.text)` needs \(what)", at: endLocation)
        }
        guard let value = Int(token.text) else {
            throw SpecError("`\(head.text)` needs \(what); `\(token.text)` is not a whole number", at: token.location)
        }
        guard value > 0 else {
            throw SpecError("`\(head.text)` needs \(what); \(value) is not a positive size", at: token.location)
        }
        guard value <= SpecParser.largestSize else {
            throw SpecError("`\(head.text)`: \(value) is larger than ConvTerm handles (at most \(SpecParser.largestSize.grouped)); use a smaller size", at: token.location)
        }
        return value
    }

    /// "5x5", "3x1" (height x width) or "5" (square). Padding may be zero; sizes may not.
    mutating func pair(_ what: String, allowZero: Bool = false) throws(SpecError) -> (Int, Int) {
        guard let token = next() else {
            throw SpecError("`\(head.text)` needs \(what)", at: endLocation)
        }
        let parts = token.text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
            throw SpecError("`\(head.text)` needs \(what); `\(token.text)` is not a size like 5 or 5x5", at: token.location)
        }
        let values = parts.map { $0! }
        let smallest = allowZero ? 0 : 1
        if let bad = values.first(where: { $0 < smallest }) {
            throw SpecError("`\(head.text)` needs \(what); \(bad) is \(allowZero ? "negative" : "not a positive size")", at: token.location)
        }
        if let big = values.first(where: { $0 > SpecParser.largestSize }) {
            throw SpecError("`\(head.text)`: \(big) is larger than ConvTerm handles (at most \(SpecParser.largestSize.grouped)); use a smaller size", at: token.location)
        }
        return (values[0], values.count == 2 ? values[1] : values[0])
    }

    func unknownOption(_ token: SpecParser.Token, known: [String]) -> SpecError {
        var hint = "; options here: " + known.joined(separator: ", ")
        if let guess = closestMatch(to: token.text, in: known) { hint = "; did you mean `\(guess)`?" }
        return SpecError("unknown option `\(token.text)` for `\(head.text)`\(hint)", at: token.location)
    }
}
