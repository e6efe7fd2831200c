import ConvEngine

/// `model.py` of `convterm export --pytorch`: a `torch.nn.Module` mirroring a spec line for line,
/// plus the few lines that read and write safetensors with numpy (so the export needs only torch
/// and numpy). Written for a student to read: one attribute a layer, named as in the `.net` file,
/// each with the output volume ConvTerm computes for it in a comment.
///
/// Every tensor stays N x C x H x W, as ConvTerm's volumes do: a fully connected layer flattens its
/// input and returns N x D x 1 x 1, and the net flattens its scores once at the end. That keeps
/// residual and concat blocks after a fully connected layer as simple as anywhere else.
public enum PyTorchModelScript {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func text(layout: TorchLayout, title: String) throws -> String {
        var helpers: Set<String> = []
        func note(_ layers: [TorchLayout.Layer]) {
            for l in layers {
                switch l.kind {
                case .residual: helpers.insert("Residual")
                case .concat: helpers.insert("Concat")
                case .fullyConnected: helpers.insert("FullyConnected")
                case .flatten: helpers.insert("Flatten")
                default: break
                }
                note(l.body); note(l.shortcut ?? []); l.branches.forEach(note)
            }
        }
        note(layout.layers)
        let spec = layout.spec
        var init_: [String] = []
        var forward: [String] = []
        var dicts: Set<String> = []
        let top = layout.layers
        let endsWithSoftmax = top.last.map { if case .softmax = $0.kind { true } else { false } } ?? false
        for (i, layer) in top.enumerated() {
            if i == top.count - 1 && endsWithSoftmax { continue }
            // Dotted top-level names become ModuleDicts, created once, before their first entry.
            for depth in 1..<layer.keys.count {
                let prefix = access(Array(layer.keys.prefix(depth)))
                if dicts.insert(prefix).inserted { init_.append("self.\(prefix) = nn.ModuleDict()") }
            }
            let target = access(layer.keys)
            let lines = try module(layer, indent: "        ")
            init_.append("self.\(target) = " + lines.joined(separator: "\n"))
            forward.append("x = self.\(target)(x)")
        }
        let frozen = frozenPaths(top)
        var out = """
        \"\"\"\(title), as a PyTorch module. Written by `convterm export --pytorch`.

        The network, as ConvTerm's .net text:

        \(spec.text.split(separator: "\n").map { "    " + $0 }.joined(separator: "\n"))

        Net() takes N x \(spec.input.depth) x \(spec.input.height) x \(spec.input.width) images (depth x height x width) and
        returns \(spec.loss == .pixelSoftmax ? "N x classes x height x width scores" : "N x \(endsWithSoftmax ? "classes" : "outputs") scores").\(spec.loss.map { " It is trained for `loss \($0.text)`: loss_fn below is that loss in PyTorch." } ?? "")
        The state_dict's names are the .net file's layer names.
        Batch norm uses PyTorch's defaults, eps 1e-5 and momentum 0.1, which are ConvTerm's too.
        Load the exported weights with `load_weights(model, "weights.safetensors")`.
        \"\"\"
        import json
        from collections import OrderedDict

        import numpy as np
        import torch
        from torch import nn\(spec.loss == nil ? "" : "\nimport torch.nn.functional as F")



        """
        if helpers.contains("FullyConnected") {
            out += """
            class FullyConnected(nn.Linear):
                \"\"\"nn.Linear on the flattened input (channels, then rows, then columns, as ConvTerm's
                volumes), returning N x D x 1 x 1 so every layer sees N x C x H x W.\"\"\"

                def forward(self, x):
                    return super().forward(torch.flatten(x, 1))[:, :, None, None]



            """
        }
        if helpers.contains("Flatten") {
            out += """
            class Flatten(nn.Module):
                \"\"\"ConvTerm's flatten: the volume becomes 1 x 1 x (C*H*W), kept four-dimensional.\"\"\"

                def forward(self, x):
                    return torch.flatten(x, 1)[:, :, None, None]



            """
        }
        if helpers.contains("Residual") {
            out += """
            class Residual(nn.Module):
                \"\"\"output = body(x) + shortcut(x): the shortcut is the identity unless a projection is given.
                The body's layers are this module's own children, so their names match ConvTerm's.\"\"\"

                def __init__(self, body, shortcut=None):
                    super().__init__()
                    self.body_names = [name for name, _ in body]
                    for name, layer in body:
                        self.add_module(name, layer)
                    self.shortcut = nn.Sequential(OrderedDict(shortcut)) if shortcut else None

                def forward(self, x):
                    out = x
                    for name in self.body_names:
                        out = getattr(self, name)(out)
                    return out + (x if self.shortcut is None else self.shortcut(x))



            """
        }
        if helpers.contains("Concat") {
            out += """
            class Concat(nn.Module):
                \"\"\"Branches side by side on the same input, their outputs stacked along depth (inception).\"\"\"

                def __init__(self, *branches):
                    super().__init__()
                    self.count = len(branches)
                    for i, branch in enumerate(branches):
                        self.add_module(f"branch{i + 1}", nn.Sequential(OrderedDict(branch)))

                def forward(self, x):
                    return torch.cat([getattr(self, f"branch{i + 1}")(x) for i in range(self.count)], dim=1)



            """
        }
        out += """
        class Net(nn.Module):
            input_shape = (\(spec.input.depth), \(spec.input.height), \(spec.input.width))

            def __init__(self):
                super().__init__()
        \(init_.map { "        " + $0 }.joined(separator: "\n"))

        """
        if !frozen.isEmpty {
            out += "        # Frozen in the .net file (transfer learning): these weights are not trained.\n"
            for f in frozen { out += "        self.get_submodule(\"\(f)\").requires_grad_(False)\n" }
        }
        out += """

            def forward(self, x):
        \(forward.map { "        " + $0 }.joined(separator: "\n"))
                return \(spec.loss == .pixelSoftmax ? "x  # a score per class and pixel: the softmax is in loss_fn" : "torch.flatten(x, 1)")\(endsWithSoftmax ? "  # class scores: the softmax is in the loss (nn.CrossEntropyLoss)" : "")



        """
        if let loss = spec.loss { out += lossFunction(loss) }
        out += safetensorsHelpers
        return out
    }

    /// `loss_fn(outputs, ...)`: the PyTorch loss a net's `loss` line means, with ConvTerm's
    /// reductions (the mean over pixels, over the batch, over every regressed number), so its
    /// value is the loss ConvTerm trains on. train.py does not use it: it trains classifiers.
    static func lossFunction(_ loss: LossSpec) -> String {
        func regression(_ r: LossSpec.Regression, _ x: String, _ t: String) -> String {
            r == .smoothL1 ? "F.smooth_l1_loss(\(x), \(t), beta=1.0)" : "F.mse_loss(\(x), \(t))"
        }
        let body: String
        switch loss {
        case .pixelSoftmax:
            body = """
            def loss_fn(outputs, labels):
                \"\"\"`loss pixelsoftmax`: outputs N x C x H x W scores, labels N x H x W classes (int64) -> the
                cross-entropy averaged over the N*H*W pixels.\"\"\"
                return F.cross_entropy(outputs, labels)
            """
        case .regression(let r):
            body = """
            def loss_fn(outputs, targets):
                \"\"\"`loss \(r.rawValue)`: outputs and targets N x K numbers -> averaged over the N*K of them.\"\"\"
                return \(regression(r, "torch.flatten(outputs, 1)", "targets"))
            """
        case .classifyAndRegress(let c, let r, let v, let w):
            body = """
            def loss_fn(outputs, labels, targets):
                \"\"\"`loss \(loss.text)`: of the N x \(c + v) outputs the first \(c) are class scores (labels N,
                int64; cross-entropy averaged over N), the last \(v) numbers (targets N x \(v); averaged over N*\(v)).\"\"\"
                outputs = torch.flatten(outputs, 1)
                return F.cross_entropy(outputs[:, :\(c)], labels) + \(w) * \(regression(r, "outputs[:, \(c):]", "targets"))
            """
        }
        return body + "\n\n\n"
    }

    /// Module paths of the frozen layers that hold weights, blocks' insides included.
    static func frozenPaths(_ layers: [TorchLayout.Layer]) -> [String] {
        layers.flatMap { l in
            (l.frozen && l.kind.hasParameters ? [l.path] : []) + frozenPaths(l.body + (l.shortcut ?? []) + l.branches.flatMap { $0 })
        }
    }

    /// `layer1["0"]` from ["layer1", "0"].
    static func access(_ keys: [String]) -> String {
        keys.first! + keys.dropFirst().map { "[\"\($0)\"]" }.joined()
    }

    /// The constructor expression of one layer (several lines for blocks).
    static func module(_ layer: TorchLayout.Layer, indent: String) throws -> [String] {
        let comment = "  # -> \(layer.output.width)x\(layer.output.height)x\(layer.output.depth)"
        switch layer.kind {
        case .conv(let c):
            var args = ["\(layer.input.depth)", "\(c.filters)", "kernel_size=\(pair(c.kernelHeight, c.kernelWidth))"]
            if c.strideHeight != 1 || c.strideWidth != 1 { args.append("stride=\(pair(c.strideHeight, c.strideWidth))") }
            if case .same = c.padding, c.strideHeight == 1, c.strideWidth == 1 {
                args.append("padding=\"same\"")
            } else if c.padHeight != 0 || c.padWidth != 0 {
                args.append("padding=\(pair(c.padHeight, c.padWidth))")
            }
            if c.dilationHeight != 1 || c.dilationWidth != 1 { args.append("dilation=\(pair(c.dilationHeight, c.dilationWidth))") }
            if c.groups != 1 { args.append("groups=\(c.groups)") }
            if !c.bias { args.append("bias=False") }
            // PyTorch's convolutions always round down; a `ceil` conv whose last window needs more
            // than the padding has no PyTorch equivalent here.
            if c.rounding == .ceil {
                let h = (layer.input.height + 2 * c.padHeight - c.kernelHeight) % c.strideHeight
                let w = (layer.input.width + 2 * c.padWidth - c.kernelWidth) % c.strideWidth
                if h != 0 || w != 0 {
                    throw Failure(description: "`\(layer.name)`: a convolution rounded up (`ceil`) has no PyTorch equivalent; use `floor` or padding that fits, then export again")
                }
            }
            return ["nn.Conv2d(\(args.joined(separator: ", ")))" + comment]
        case .deconv(let d):
            var args = ["\(layer.input.depth)", "\(d.filters)", "kernel_size=\(pair(d.kernelHeight, d.kernelWidth))"]
            if d.strideHeight != 1 || d.strideWidth != 1 { args.append("stride=\(pair(d.strideHeight, d.strideWidth))") }
            if d.padHeight != 0 || d.padWidth != 0 { args.append("padding=\(pair(d.padHeight, d.padWidth))") }
            if d.outputPaddingHeight != 0 || d.outputPaddingWidth != 0 {
                args.append("output_padding=\(pair(d.outputPaddingHeight, d.outputPaddingWidth))")
            }
            if !d.bias { args.append("bias=False") }
            return ["nn.ConvTranspose2d(\(args.joined(separator: ", ")))" + comment]
        case .upsample(let u):
            // ConvTerm's bilinear samples pixel centres as align_corners=False, nn.Upsample's default, said aloud.
            let mode = u.mode == .bilinear ? "mode=\"bilinear\", align_corners=False" : "mode=\"nearest\""
            return ["nn.Upsample(scale_factor=\(u.scale), \(mode))" + comment]
        case .activation(.sigmoid):
            return ["nn.Sigmoid()"]
        case .activation(.tanh):
            return ["nn.Tanh()"]
        case .activation(.leakyReLU(let slope)):
            return ["nn.LeakyReLU(\(slope))"]
        case .relu:
            return ["nn.ReLU()"]
        case .maxPool(let p), .avgPool(let p):
            var args = ["kernel_size=\(pair(p.kernelHeight, p.kernelWidth))", "stride=\(pair(p.strideHeight, p.strideWidth))"]
            if p.padHeight != 0 || p.padWidth != 0 { args.append("padding=\(pair(p.padHeight, p.padWidth))") }
            if p.rounding == .ceil { args.append("ceil_mode=True") }
            if case .maxPool = layer.kind { return ["nn.MaxPool2d(\(args.joined(separator: ", ")))" + comment] }
            return ["nn.AvgPool2d(\(args.joined(separator: ", ")))" + comment]
        case .globalAvgPool:
            return ["nn.AdaptiveAvgPool2d(1)" + comment]
        case .fullyConnected(let n, let bias):
            return ["FullyConnected(\(layer.input.count), \(n)\(bias ? "" : ", bias=False"))" + comment]
        case .softmax:
            return ["nn.Softmax(dim=1)"]
        case .dropout(let p):
            return ["nn.Dropout(\(p))"]
        case .localResponseNorm(let size):
            // ConvTerm computes only LRN's shape; these are AlexNet's constants (Krizhevsky et al. 2012).
            return ["nn.LocalResponseNorm(\(size), alpha=1e-4, beta=0.75, k=2.0)  # AlexNet's constants"]
        case .batchNorm(let epsilon):
            return ["nn.BatchNorm2d(\(layer.input.depth)\(epsilon == LayerKind.batchNormEpsilon ? "" : ", eps=\(epsilon)"))"]
        case .flatten:
            return ["Flatten()" + comment]
        case .residual:
            var lines = ["Residual(" + comment, indent + "    body=["]
            lines += try pairs(layer.body, indent: indent + "        ")
            lines.append(indent + "    ],")
            if let s = layer.shortcut {
                lines.append(indent + "    shortcut=[")
                lines += try pairs(s, indent: indent + "        ")
                lines.append(indent + "    ],")
            }
            lines.append(indent + ")")
            return lines
        case .concat:
            var lines = ["Concat(" + comment]
            for branch in layer.branches {
                lines.append(indent + "    [")
                lines += try pairs(branch, indent: indent + "        ")
                lines.append(indent + "    ],")
            }
            lines.append(indent + ")")
            return lines
        }
    }

    /// `("conv1", nn.Conv2d(...)),` lines of a block's contents.
    static func pairs(_ layers: [TorchLayout.Layer], indent: String) throws -> [String] {
        var lines: [String] = []
        for l in layers {
            var m = try module(l, indent: indent)
            let comment = m[0].range(of: "  # ").map { String(m[0][$0.lowerBound...]) } ?? ""
            let head = m[0].range(of: "  # ").map { String(m[0][..<$0.lowerBound]) } ?? m[0]
            if m.count == 1 {
                lines.append(indent + "(\"\(l.keys[0])\", \(head)),\(comment)")
            } else {
                m[0] = head
                lines.append(indent + "(\"\(l.keys[0])\", \(m[0])\(comment)")
                lines += m.dropFirst().dropLast()
                lines.append(m.last! + "),")
            }
        }
        return lines
    }

    static func pair(_ a: Int, _ b: Int) -> String { a == b ? "\(a)" : "(\(a), \(b))" }

    /// Reading and writing safetensors with numpy: the format is 8 bytes of header length, a JSON
    /// header and raw little-endian data, few enough lines to show rather than add a dependency.
    static let safetensorsHelpers = """
    DTYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I64": np.int64, "I32": np.int32}


    def load_safetensors(path):
        \"\"\"name -> torch.Tensor from a .safetensors file (8-byte header length, JSON header, data).\"\"\"
        with open(path, "rb") as f:
            data = f.read()
        length = int.from_bytes(data[:8], "little")
        header = json.loads(data[8:8 + length])
        header.pop("__metadata__", None)
        tensors = {}
        for name, info in header.items():
            begin, end = info["data_offsets"]
            raw = data[8 + length + begin:8 + length + end]
            if info["dtype"] == "BF16":  # numpy has no bfloat16: widen to float32 by shifting the bits
                array = (np.frombuffer(raw, dtype="<u2").astype(np.uint32) << 16).view(np.float32)
            else:
                array = np.frombuffer(raw, dtype=np.dtype(DTYPES[info["dtype"]]).newbyteorder("<"))
            tensors[name] = torch.from_numpy(array.reshape(info["shape"]).copy())
        return tensors


    def save_safetensors(tensors, path):
        \"\"\"Writes name -> tensor as float32 safetensors (floating tensors only).\"\"\"
        header, chunks, offset = {}, [], 0
        for name, tensor in tensors.items():
            if not tensor.is_floating_point():
                continue  # batch norm's num_batches_tracked: a counter, not a weight
            array = tensor.detach().cpu().contiguous().to(torch.float32).numpy().astype("<f4")
            header[name] = {"dtype": "F32", "shape": list(array.shape), "data_offsets": [offset, offset + array.nbytes]}
            chunks.append(array.tobytes())
            offset += array.nbytes
        text = json.dumps(header, separators=(",", ":")).encode()
        text += b" " * (-len(text) % 8)
        with open(path, "wb") as f:
            f.write(len(text).to_bytes(8, "little") + text + b"".join(chunks))


    def load_weights(model, path):
        \"\"\"Loads a state_dict saved by ConvTerm or save_safetensors; every weight must be there.\"\"\"
        missing, unexpected = model.load_state_dict(load_safetensors(path), strict=False)
        missing = [name for name in missing if not name.endswith("num_batches_tracked")]
        if missing or unexpected:
            raise ValueError(f"{path} does not fit this model: missing {missing}, unexpected {unexpected}")
        return model

    """
}
