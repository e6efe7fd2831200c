/// The built-in networks, each a `.net` text a user can print and copy as a starting point.
public enum Zoo {
    public struct Entry: Sendable {
        public var name: String
        public var summary: String
        public var text: String
    }

    public static let entries: [Entry] = [
        Entry(name: "convnetjs-cifar10", summary: "ConvNetJS's CIFAR-10 demo net: 3 conv/pool stages, 22 K params", text: ZooTexts.convnetjsCIFAR10),
        Entry(name: "lecture-conv", summary: "the lecture's first stack: 32x32x3 -> conv 6 5x5 -> relu -> conv 10 5x5 -> relu", text: ZooTexts.lectureConv),
        Entry(name: "fc-cifar10", summary: "a fully connected net with about the ConvNetJS net's parameter budget (baseline)", text: ZooTexts.fullyConnectedCIFAR10),
        Entry(name: "alexnet", summary: "the lecture's simplified AlexNet table (227x227x3, with NORM layers)", text: ZooTexts.alexnet),
        Entry(name: "alexnet-2gpu", summary: "AlexNet as trained on two GPUs: conv2, conv4 and conv5 in 2 groups (61.0 M params)", text: ZooTexts.alexnetTwoGPU),
        Entry(name: "zfnet", summary: "AlexNet with CONV1 7x7 stride 2 and CONV3,4,5 of 512, 1024, 512 filters", text: ZooTexts.zfnet),
        Entry(name: "vgg16", summary: "VGG-16, configuration D: only 3x3 conv stride 1 pad 1 and 2x2 max pool stride 2", text: ZooTexts.vgg16),
        Entry(name: "alexnet-torchvision", summary: "torchvision's AlexNet definition (224x224x3)", text: ZooTexts.alexnetTorchvision),
        Entry(name: "resnet18", summary: "torchvision's ResNet-18 (basic blocks 2-2-2-2, batch norm)", text: ZooResNet.text(name: "ResNet-18", blocks: [2, 2, 2, 2], bottleneck: false)),
        Entry(name: "resnet34", summary: "torchvision's ResNet-34 (basic blocks 3-4-6-3, batch norm)", text: ZooResNet.text(name: "ResNet-34", blocks: [3, 4, 6, 3], bottleneck: false)),
        Entry(name: "resnet50", summary: "torchvision's ResNet-50 (bottleneck blocks 3-4-6-3, batch norm)", text: ZooResNet.text(name: "ResNet-50", blocks: [3, 4, 6, 3], bottleneck: true)),
        Entry(name: "resnet20-cifar", summary: "He et al. 2016's ResNet-20 for CIFAR-10 (3 stages of 3 basic blocks, 16/32/64 channels, 272 K params)", text: ZooResNetCIFAR.text(blocksPerStage: 3)),
        Entry(name: "resnet32-cifar", summary: "He et al. 2016's ResNet-32 for CIFAR-10 (3 stages of 5 basic blocks)", text: ZooResNetCIFAR.text(blocksPerStage: 5)),
        Entry(name: "plain8-cifar", summary: "ResNet-8 for CIFAR-10 without shortcuts: 8 weight layers in a chain", text: ZooResNetCIFAR.text(blocksPerStage: 1, residual: false)),
        Entry(name: "plain32-cifar", summary: "ResNet-32 for CIFAR-10 without shortcuts: 32 weight layers in a chain", text: ZooResNetCIFAR.text(blocksPerStage: 5, residual: false)),
        Entry(name: "googlenet", summary: "torchvision's GoogLeNet (inception modules, batch norm, no auxiliary heads)", text: ZooGoogLeNet.text),
        Entry(name: "segnet-tiny", summary: "a small encoder-decoder (32 -> 8 -> 32, deconv up, a full-size skip) painting object vs background on every pixel", text: ZooBeyond.segmentation),
        Entry(name: "boxnet-tiny", summary: "three conv/pool stages and a head of 10 class scores plus a box (classification + localization)", text: ZooBeyond.localization),
    ]

    public static var names: [String] { entries.map(\.name) }

    public static func entry(named name: String) -> Entry? {
        entries.first { $0.name == name.lowercased() }
    }

    /// The parsed spec of a zoo net. The zoo's texts are tested to parse, so this cannot fail for them.
    public static func spec(named name: String) -> NetworkSpec? {
        guard let entry = entry(named: name) else { return nil }
        return try? SpecParser.parse(entry.text)
    }
}
