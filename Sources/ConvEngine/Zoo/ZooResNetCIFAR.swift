/// He et al. 2016's ResNets for CIFAR-10 (section 4.2) written out as `.net` text: a 3x3 conv of
/// 16 filters + batch norm + ReLU on the 32x32x3 image, then three stages of `n` basic blocks
/// (two 3x3 convs with batch norm) of 16, 32 and 64 channels, the first block of stages 2 and 3
/// halving the size with stride 2 and a 1x1 stride-2 projection shortcut with batch norm (the
/// paper's option B; its CIFAR runs used zero-padding, option A, which has no parameters),
/// global average pool, fc 10. n = 3 is ResNet-20: 6n + 2 = 20 weight layers.
/// The same net as `../shared/bench/reference.py --only resnet20`, so the two can be timed together.
/// `residual: false` gives the paper's "plain" counterpart: the same convolutions and batch norms
/// in a chain, no shortcuts (its Figure 6 compares plain-20...56 with ResNet-20...56; lesson 8's race
/// uses plain-8, plain-32 and ResNet-32).
enum ZooResNetCIFAR {
    static func text(blocksPerStage n: Int, residual: Bool = true) -> String {
        guard residual else { return plainText(blocksPerStage: n) }
        var out = """
        # He et al. 2016's ResNet-\(6 * n + 2) for CIFAR-10: 3 stages of \(n) basic blocks (16, 32, 64 channels)
        input 32x32x3
        conv1: conv 16 3x3 pad 1 nobias
        bn1: batchnorm
        relu

        """
        var inplanes = 16
        for stage in 0..<3 {
            let planes = 16 << stage
            for index in 0..<n {
                let stride = (stage > 0 && index == 0) ? 2 : 1
                // (32 + 2 - 3) / 2 + 1 = 16.5: the last input row feeds no output, as in PyTorch.
                let strided = stride == 1 ? "" : " stride 2", rounding = stride == 1 ? "" : " floor"
                out += "layer\(stage + 1).\(index): residual {\n"
                out += "  conv \(planes) 3x3\(strided) pad 1 nobias\(rounding)\n  batchnorm\n  relu\n"
                out += "  conv \(planes) 3x3 pad 1 nobias\n  batchnorm\n"
                if stride != 1 || inplanes != planes {
                    out += "  shortcut {\n    conv \(planes) 1x1\(strided) nobias\(rounding)\n    batchnorm\n  }\n"
                }
                out += "}\nrelu\n"
                inplanes = planes
            }
        }
        out += "avgpool: globalavgpool\nfc: fc 10\nsoftmax\n"
        return out
    }
}

extension ZooResNetCIFAR {
    /// The residual net's layers one after another: where a block had `relu(F(x) + x)`, the plain
    /// net has `relu(F(x))`.
    static func plainText(blocksPerStage n: Int) -> String {
        var out = """
        # He et al. 2016's plain-\(6 * n + 2) for CIFAR-10: ResNet-\(6 * n + 2) without its shortcuts
        input 32x32x3
        conv1: conv 16 3x3 pad 1 nobias
        bn1: batchnorm
        relu

        """
        for stage in 0..<3 {
            let planes = 16 << stage
            for index in 0..<n {
                let strided = (stage > 0 && index == 0) ? " stride 2" : "", rounding = strided.isEmpty ? "" : " floor"
                let name = "layer\(stage + 1).\(index)"
                out += "\(name).conv1: conv \(planes) 3x3\(strided) pad 1 nobias\(rounding)\nbatchnorm\nrelu\n"
                out += "\(name).conv2: conv \(planes) 3x3 pad 1 nobias\nbatchnorm\nrelu\n"
            }
        }
        out += "avgpool: globalavgpool\nfc: fc 10\nsoftmax\n"
        return out
    }
}
