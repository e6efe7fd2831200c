/// torchvision's GoogLeNet (Inception v1) as `.net` text, without the auxiliary classifiers.
/// Every convolution is torchvision's BasicConv2d: conv without bias, batch norm (eps 0.001), ReLU. Like
/// torchvision (and unlike the paper) the "5x5" branch uses a 3x3 filter.
enum ZooGoogLeNet {
    /// (name, 1x1, 3x3 reduce, 3x3, 5x5 reduce, 5x5, pool projection), torchvision's table.
    static let modules: [(String, Int, Int, Int, Int, Int, Int)] = [
        ("inception3a", 64, 96, 128, 16, 32, 32),
        ("inception3b", 128, 128, 192, 32, 96, 64),
        ("inception4a", 192, 96, 208, 16, 48, 64),
        ("inception4b", 160, 112, 224, 24, 64, 64),
        ("inception4c", 128, 128, 256, 24, 64, 64),
        ("inception4d", 112, 144, 288, 32, 64, 64),
        ("inception4e", 256, 160, 320, 32, 128, 128),
        ("inception5a", 256, 160, 320, 32, 128, 128),
        ("inception5b", 384, 192, 384, 48, 128, 128),
    ]

    static func basicConv(_ filters: Int, _ size: String, indent: String) -> String {
        "\(indent)conv \(filters) \(size) nobias\n\(indent)batchnorm eps 0.001\n\(indent)relu\n"
    }

    static var text: String {
        var out = """
        # torchvision's GoogLeNet (no auxiliary heads)
        input 224x224x3
        conv1: conv 64 7x7 stride 2 pad 3 nobias floor
        batchnorm eps 0.001
        relu
        maxpool1: maxpool 3x3 stride 2 ceil
        conv2: conv 64 1x1 nobias
        batchnorm eps 0.001
        relu
        conv3: conv 192 3x3 pad 1 nobias
        batchnorm eps 0.001
        relu
        maxpool2: maxpool 3x3 stride 2 ceil

        """
        let i = "    "
        for (name, c1, r3, c3, r5, c5, pp) in modules {
            if name == "inception4a" { out += "maxpool3: maxpool 3x3 stride 2 ceil\n" }
            if name == "inception5a" { out += "maxpool4: maxpool 2x2 stride 2 ceil\n" }
            out += "\(name): concat {\n  branch {\n" + basicConv(c1, "1x1", indent: i) + "  }\n"
            out += "  branch {\n" + basicConv(r3, "1x1", indent: i) + basicConv(c3, "3x3 pad 1", indent: i) + "  }\n"
            out += "  branch {\n" + basicConv(r5, "1x1", indent: i) + basicConv(c5, "3x3 pad 1", indent: i) + "  }\n"
            out += "  branch {\n\(i)maxpool 3x3 stride 1 pad 1 ceil\n" + basicConv(pp, "1x1", indent: i) + "  }\n}\n"
        }
        out += "avgpool: globalavgpool\ndropout 0.2\nfc: fc 1000\n"
        return out
    }
}
