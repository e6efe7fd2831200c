/// Reads the `.net` format: one layer a line, `#` comments, optional `name:` labels,
/// `{ }` blocks for `residual` (with an optional `shortcut { }`) and `concat` (with `branch { }`s).
///
///     input 32x32x3
///     conv1: conv 6 5x5 stride 1 pad 0     # 6 filters of 5x5x3
///     relu
///     maxpool 2x2 stride 2
///     fc 10
public enum SpecParser {
    /// No size, stride, padding or count may exceed this: typed typos (`fc 99999999999`) must give a
    /// message, never an overflow, and no real network comes near it.
    public static let largestSize = 1_000_000
    /// Blocks nest at most this deep, so a runaway file cannot exhaust the stack.
    public static let deepestNesting = 64

    public static let layerKeywords = [
        "input", "conv", "relu", "maxpool", "avgpool", "globalavgpool", "fc", "softmax", "dropout", "lrn",
        "batchnorm", "flatten", "residual", "concat", "deconv", "upsample", "sigmoid", "tanh", "leakyrelu", "loss",
    ]

    /// Parses raw file bytes, refusing binary data before it reaches the line parser.
    public static func parse(bytes: [UInt8]) throws(SpecError) -> NetworkSpec {
        if let zero = bytes.firstIndex(of: 0) {
            throw SpecError("this looks like a binary file (a zero byte at offset \(zero)); a .net file is plain text, one layer a line", at: .init(line: 1, column: 1))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw SpecError("this file is not UTF-8 text; a .net file is plain text, one layer a line", at: .init(line: 1, column: 1))
        }
        return try parse(text)
    }

    public static func parse(_ text: String) throws(SpecError) -> NetworkSpec {
        var lines: [Line] = []
        for (index, raw) in LineEnds.normalized(text).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let tokens = tokenize(raw, line: index + 1)
            if !tokens.isEmpty { lines.append(Line(number: index + 1, tokens: tokens)) }
        }
        guard let first = lines.first else {
            throw SpecError("the network is empty: start with an input line such as `input 32x32x3`, then one layer a line", at: .init(line: 1, column: 1))
        }
        guard first.tokens[0].text == "input" else {
            throw SpecError("the first line must give the input volume, e.g. `input 32x32x3` (width x height x depth); found `\(first.tokens[0].text)`", at: first.tokens[0].location)
        }
        guard first.tokens.count >= 2, let volume = Volume.parse(first.tokens[1].text),
              max(volume.width, volume.height, volume.depth) <= largestSize else {
            let at = first.tokens.count >= 2 ? first.tokens[1].location : first.tokens[0].location
            throw SpecError("`input` needs a volume of positive whole numbers (at most \(largestSize.grouped) each), width x height x depth, e.g. `input 32x32x3`", at: at)
        }
        if first.tokens.count > 2 {
            throw SpecError("unexpected `\(first.tokens[2].text)` after the input volume", at: first.tokens[2].location)
        }
        var cursor = 1
        let top = try parseBlock(lines, &cursor, opener: nil)
        let spec = NetworkSpec(input: volume, layers: top.layers, inputLocation: first.tokens[0].location, loss: top.loss)
        // Sizes a user can type (`fc 999999999`) must never overflow the shape arithmetic.
        if let tooLarge = ShapeLimits.error(spec) { throw tooLarge }
        return spec
    }

    // MARK: - Lines and tokens

    struct Token {
        var text: String
        var location: SourceLocation
    }

    struct Line {
        var number: Int
        var tokens: [Token]
    }

    static func tokenize(_ raw: Substring, line: Int) -> [Token] {
        var tokens: [Token] = []
        var current = ""
        var start = 0
        for (offset, ch) in raw.enumerated() {
            if ch == "#" { break }
            if ch == " " || ch == "\t" || ch == "\r" || ch == "," {
                if !current.isEmpty { tokens.append(Token(text: current, location: .init(line: line, column: start + 1))) }
                current = ""
            } else if ch == "{" || ch == "}" {
                if !current.isEmpty { tokens.append(Token(text: current, location: .init(line: line, column: start + 1))) }
                current = ""
                tokens.append(Token(text: String(ch), location: .init(line: line, column: offset + 1)))
            } else {
                if current.isEmpty { start = offset }
                current.append(ch)
            }
        }
        if !current.isEmpty { tokens.append(Token(text: current, location: .init(line: line, column: start + 1))) }
        return tokens
    }

    // MARK: - Blocks

    /// What a block may hold: plain layers; a residual body (which may also hold one `shortcut { }`);
    /// or a concat (which holds only `branch { }`s).
    enum BlockKind { case plain, residual, concat }

    struct BlockContents {
        var layers: [LayerSpec] = []
        var shortcut: [LayerSpec]?
        var branches: [[LayerSpec]] = []
        var loss: LossSpec?
    }

    /// Parses lines until the `}` matching `opener` (or the end of the file at top level).
    static func parseBlock(_ lines: [Line], _ cursor: inout Int, opener: Token?, kind: BlockKind = .plain, depth: Int = 0) throws(SpecError) -> BlockContents {
        if depth > deepestNesting, let opener {
            throw SpecError("blocks nest more than \(deepestNesting) deep here; flatten the network", at: opener.location)
        }
        var contents = BlockContents()
        while cursor < lines.count {
            let line = lines[cursor]
            var tokens = line.tokens[...]
            cursor += 1
            if tokens.first?.text == "}" {
                guard opener != nil else {
                    throw SpecError("`}` without a block to close", at: tokens.first!.location)
                }
                if tokens.count > 1 {
                    let extra = tokens[tokens.startIndex + 1]
                    throw SpecError("put `\(extra.text)` on its own line after `}`", at: extra.location)
                }
                return contents
            }
            var name: String?
            if let label = tokens.first, label.text.hasSuffix(":") {
                let bare = String(label.text.dropLast())
                guard isIdentifier(bare) else {
                    throw SpecError("`\(label.text)` is not a usable name: use letters, digits, `_`, `-` or `.` before the colon, starting with a letter", at: label.location)
                }
                name = bare
                tokens = tokens.dropFirst()
                guard !tokens.isEmpty else {
                    throw SpecError("the name `\(bare)` labels nothing: write the layer on the same line, e.g. `\(bare): conv 16 5x5`", at: label.location)
                }
            }
            let head = tokens.first!
            let word = head.text.lowercased()
            if kind == .concat && word != "branch" {
                throw SpecError("inside `concat { }` every layer goes in a `branch { }`; found `\(head.text)`", at: head.location)
            }
            switch word {
            case "residual":
                try expectOpenBrace(tokens, after: head)
                let inner = try parseBlock(lines, &cursor, opener: head, kind: .residual, depth: depth + 1)
                if inner.layers.isEmpty {
                    throw SpecError("an empty residual block: put at least one layer inside `residual { }`", at: head.location)
                }
                contents.layers.append(LayerSpec(.residual(body: inner.layers, shortcut: inner.shortcut), name: name, location: head.location))
            case "concat":
                try expectOpenBrace(tokens, after: head)
                let inner = try parseBlock(lines, &cursor, opener: head, kind: .concat, depth: depth + 1)
                if inner.branches.count < 2 {
                    throw SpecError("a concat block needs at least two `branch { }`s", at: head.location)
                }
                contents.layers.append(LayerSpec(.concat(branches: inner.branches), name: name, location: head.location))
            case "shortcut" where kind == .residual:
                guard contents.shortcut == nil else {
                    throw SpecError("a residual block has at most one `shortcut { }`", at: head.location)
                }
                try expectOpenBrace(tokens, after: head)
                let inner = try parseBlock(lines, &cursor, opener: head, depth: depth + 1)
                if inner.layers.isEmpty {
                    throw SpecError("an empty shortcut: leave `shortcut { }` out for an identity shortcut", at: head.location)
                }
                contents.shortcut = inner.layers
            case "branch" where kind == .concat:
                try expectOpenBrace(tokens, after: head)
                let inner = try parseBlock(lines, &cursor, opener: head, depth: depth + 1)
                if inner.layers.isEmpty {
                    throw SpecError("an empty branch: put at least one layer inside `branch { }`", at: head.location)
                }
                contents.branches.append(inner.layers)
            case "shortcut", "branch":
                throw SpecError("`\(head.text) { }` belongs directly inside a `\(word == "shortcut" ? "residual" : "concat") { }` block", at: head.location)
            case "input":
                throw SpecError("`input` may appear only once, on the first line", at: head.location)
            case "loss":
                // What the whole network is trained for: said once, after its last layer.
                guard opener == nil, cursor == lines.count else {
                    throw SpecError("`loss` says what the whole network is trained for: put it once, on the last line of the file, outside any block", at: head.location)
                }
                if name != nil {
                    throw SpecError("a `loss` line takes no name: remove the label before `loss`", at: line.tokens[0].location)
                }
                if contents.layers.last?.kind == .softmax {
                    throw SpecError("a `loss` line replaces the final `softmax` (which means classification): remove the `softmax` line", at: contents.layers.last?.location ?? head.location)
                }
                contents.loss = try parseLoss(head, Array(tokens.dropFirst()))
            default:
                var layer = try parseLayer(head, Array(tokens.dropFirst()))
                layer.name = name
                contents.layers.append(layer)
            }
        }
        if let opener { throw unclosed(opener) }
        return contents
    }

    static func expectOpenBrace(_ tokens: ArraySlice<Token>, after head: Token) throws(SpecError) {
        guard tokens.last?.text == "{" else {
            throw SpecError("`\(head.text)` opens a block: end the line with `{`, put its layers on the next lines, and close it with `}`", at: head.location)
        }
        if tokens.count > 2 {
            let extra = tokens[tokens.startIndex + 1]
            throw SpecError("unexpected `\(extra.text)` between `\(head.text)` and `{`", at: extra.location)
        }
    }

    static func unclosed(_ opener: Token) -> SpecError {
        SpecError("`\(opener.text) {` opened on line \(opener.location.line) is never closed: add a line with `}`", at: opener.location)
    }

    static func isIdentifier(_ s: String) -> Bool {
        !s.isEmpty && s.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" || $0 == "." }
            && !(s.first!.isNumber)
    }
}
