import ConvEngine

/// torchvision's `state_dict` names for the zoo nets that copy a torchvision model, so
/// `torch.save`-d ImageNet weights (`models.alexnet(weights=...).state_dict()`, saved as
/// safetensors) load into ConvTerm. Each net's rule is torchvision's module structure:
///
/// - `alexnet-torchvision`, `vgg16`: `features` (an nn.Sequential of every conv, ReLU and pool,
///   numbered in order) and `classifier` (the dropouts, linears and ReLUs after the last pool).
/// - `resnet18/34/50`: ConvTerm's names already are torchvision's, except a block's projection
///   shortcut, which torchvision calls `downsample` (`downsample.0` the conv, `.1` its batch norm).
/// - `googlenet`: every conv is a `BasicConv2d` with `.conv` and `.bn`; inception branches are
///   `branch1` (one BasicConv2d), `branch2`/`branch3` (two: `.0`, `.1`) and `branch4` (pool, then `.1`).
public enum TorchvisionNames {
    public static let networks = ["alexnet-torchvision", "vgg16", "resnet18", "resnet34", "resnet50", "googlenet"]

    /// ConvTerm tensor name -> torchvision name, for every entry of `layout`; nil for other nets.
    public static func names(network: String, layout: TorchLayout) -> [String: String]? {
        let entries = layout.entries
        switch network {
        case "alexnet-torchvision", "vgg16":
            let modules = sequentialNames(layout.layers)
            return Dictionary(uniqueKeysWithValues: entries.map { e in
                let (layer, suffix) = split(e.ourName)
                return (e.ourName, "\(modules[layer] ?? layer).\(suffix)")
            })
        case "resnet18", "resnet34", "resnet50":
            return Dictionary(uniqueKeysWithValues: entries.map { e in
                let name = e.ourName.replacingOccurrences(of: ".shortcut.conv1.", with: ".downsample.0.")
                    .replacingOccurrences(of: ".shortcut.bn1.", with: ".downsample.1.")
                return (e.ourName, name)
            })
        case "googlenet":
            return Dictionary(uniqueKeysWithValues: entries.map { ($0.ourName, googlenet($0.ourName)) })
        default:
            return nil
        }
    }

    /// `features.N` / `classifier.N` for each layer with weights, numbering every top-level layer
    /// (a trailing softmax is not a module in torchvision).
    static func sequentialNames(_ layers: [TorchLayout.Layer]) -> [String: String] {
        let lastSpatial = layers.lastIndex { layer in
            switch layer.kind {
            case .conv, .maxPool, .avgPool: true
            default: false
            }
        } ?? -1
        var out: [String: String] = [:]
        for (i, layer) in layers.enumerated() {
            out[layer.name] = i <= lastSpatial ? "features.\(i)" : "classifier.\(i - lastSpatial - 1)"
        }
        return out
    }

    /// "a.b.weight" -> ("a.b", "weight").
    static func split(_ name: String) -> (String, String) {
        let dot = name.lastIndex(of: ".")!
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    /// ConvTerm's googlenet names (conv1 + bn1, inception3a.branch2.conv2 + .bn2, ...) to torchvision's.
    static func googlenet(_ name: String) -> String {
        let parts = name.split(separator: ".").map(String.init)
        let suffix = parts.last!
        // Top level: `convK` and the batch norm after it, `bnK`, are BasicConv2d `convK`.
        if parts.count == 2 {
            if parts[0].hasPrefix("bn") { return "conv\(parts[0].dropFirst(2)).bn.\(suffix)" }
            if parts[0].hasPrefix("conv") { return "\(parts[0]).conv.\(suffix)" }
            return name
        }
        // inceptionXY.branchB.(convK|bnK).suffix
        guard parts.count == 4, parts[1].hasPrefix("branch"), let branch = Int(parts[1].dropFirst(6)) else { return name }
        let isBN = parts[2].hasPrefix("bn")
        guard let k = Int(parts[2].dropFirst(isBN ? 2 : 4)) else { return name }
        let part = isBN ? "bn" : "conv"
        switch branch {
        case 1: return "\(parts[0]).branch1.\(part).\(suffix)"
        case 4: return "\(parts[0]).branch4.1.\(part).\(suffix)"
        default: return "\(parts[0]).branch\(branch).\(k - 1).\(part).\(suffix)"
        }
    }
}
