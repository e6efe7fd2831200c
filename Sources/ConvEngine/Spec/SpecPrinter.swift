/// Prints a spec back as `.net` text in one canonical form, so `parse(print(spec)) == spec`.
extension NetworkSpec {
    public var text: String {
        var out = "input \(input)\n"
        for layer in layers { layer.write(into: &out, indent: 0) }
        if let loss { out += "loss \(loss.text)\n" }
        return out
    }
}

extension LayerSpec {
    /// The layer's own line without name or nesting, e.g. `conv 16 5x5 pad 2`.
    public var lineText: String {
        var words: [String] = [kind.keyword]
        func size(_ h: Int, _ w: Int) -> String { h == w ? "\(h)" : "\(h)x\(w)" }
        switch kind {
        case .conv(let c):
            words.append("\(c.filters)")
            words.append("\(c.kernelHeight)x\(c.kernelWidth)")
            if c.strideHeight != 1 || c.strideWidth != 1 { words.append("stride \(size(c.strideHeight, c.strideWidth))") }
            switch c.padding {
            case .same: words.append("pad same")
            case .explicit(let h, let w) where h != 0 || w != 0: words.append("pad \(size(h, w))")
            default: break
            }
            if c.dilationHeight != 1 || c.dilationWidth != 1 { words.append("dilation \(size(c.dilationHeight, c.dilationWidth))") }
            if c.groups != 1 { words.append("groups \(c.groups)") }
            if !c.bias { words.append("nobias") }
            if c.rounding != .exact { words.append(c.rounding.rawValue) }
        case .deconv(let d):
            words.append("\(d.filters)")
            words.append("\(d.kernelHeight)x\(d.kernelWidth)")
            if d.strideHeight != 1 || d.strideWidth != 1 { words.append("stride \(size(d.strideHeight, d.strideWidth))") }
            if d.padHeight != 0 || d.padWidth != 0 { words.append("pad \(size(d.padHeight, d.padWidth))") }
            if d.outputPaddingHeight != 0 || d.outputPaddingWidth != 0 {
                words.append("outpad \(size(d.outputPaddingHeight, d.outputPaddingWidth))")
            }
            if !d.bias { words.append("nobias") }
        case .upsample(let u):
            words.append("\(u.scale)x")
            if u.mode != .nearest { words.append(u.mode.rawValue) }
        case .activation(.leakyReLU(let slope)):
            words.append("\(slope)")
        case .maxPool(let p), .avgPool(let p):
            words.append("\(p.kernelHeight)x\(p.kernelWidth)")
            words.append("stride \(size(p.strideHeight, p.strideWidth))")
            if p.padHeight != 0 || p.padWidth != 0 { words.append("pad \(size(p.padHeight, p.padWidth))") }
            if p.rounding != .exact { words.append(p.rounding.rawValue) }
        case .fullyConnected(let n, let bias):
            words.append("\(n)")
            if !bias { words.append("nobias") }
        case .dropout(let p):
            words.append("\(p)")
        case .localResponseNorm(let size):
            if size != 5 { words.append("\(size)") }
        case .residual, .concat:
            words.append("{")
        case .batchNorm(let epsilon):
            if epsilon != LayerKind.batchNormEpsilon { words.append("eps \(epsilon)") }
        case .relu, .softmax, .flatten, .globalAvgPool, .activation:
            break
        }
        if frozen { words.append("frozen") }
        return words.joined(separator: " ")
    }

    func write(into out: inout String, indent: Int) {
        let pad = String(repeating: "  ", count: indent)
        let label = name.map { "\($0): " } ?? ""
        out += pad + label + lineText + "\n"
        switch kind {
        case .residual(let body, let shortcut):
            for layer in body { layer.write(into: &out, indent: indent + 1) }
            if let shortcut {
                out += pad + "  shortcut {\n"
                for layer in shortcut { layer.write(into: &out, indent: indent + 2) }
                out += pad + "  }\n"
            }
            out += pad + "}\n"
        case .concat(let branches):
            for branch in branches {
                out += pad + "  branch {\n"
                for layer in branch { layer.write(into: &out, indent: indent + 2) }
                out += pad + "  }\n"
            }
            out += pad + "}\n"
        default:
            break
        }
    }
}
