/// torchvision's ResNets written out as `.net` text: conv/BN/ReLU stem, four stages of residual
/// blocks (stride 2 on the first block of stages 2-4, projection shortcuts where shapes change),
/// global average pool, fc 1000. Convolutions have no bias (batch norm follows each one).
enum ZooResNet {
    static func text(name: String, blocks: [Int], bottleneck: Bool) -> String {
        var out = """
        # torchvision's \(name) (\(bottleneck ? "bottleneck" : "basic") blocks \(blocks.map(String.init).joined(separator: "-")))
        input 224x224x3
        conv1: conv 64 7x7 stride 2 pad 3 nobias floor
        bn1: batchnorm
        relu
        maxpool: maxpool 3x3 stride 2 pad 1 floor

        """
        var inplanes = 64
        for (stage, count) in blocks.enumerated() {
            let planes = 64 << stage
            for index in 0..<count {
                let stride = (stage > 0 && index == 0) ? 2 : 1
                let prefix = "layer\(stage + 1).\(index)"
                let outplanes = bottleneck ? planes * 4 : planes
                let strided = stride == 1 ? "" : " stride 2"
                let rounding = stride == 1 ? "" : " floor"
                out += "\(prefix): residual {\n"
                if bottleneck {
                    out += "  conv \(planes) 1x1 nobias\n  batchnorm\n  relu\n"
                    out += "  conv \(planes) 3x3\(strided) pad 1 nobias\(rounding)\n  batchnorm\n  relu\n"
                    out += "  conv \(outplanes) 1x1 nobias\n  batchnorm\n"
                } else {
                    out += "  conv \(planes) 3x3\(strided) pad 1 nobias\(rounding)\n  batchnorm\n  relu\n"
                    out += "  conv \(planes) 3x3 pad 1 nobias\n  batchnorm\n"
                }
                if stride != 1 || inplanes != outplanes {
                    out += "  shortcut {\n    conv \(outplanes) 1x1\(strided) nobias\(rounding)\n    batchnorm\n  }\n"
                }
                out += "}\nrelu\n"
                inplanes = outplanes
            }
        }
        out += "avgpool: globalavgpool\nfc: fc 1000\n"
        return out
    }
}
