import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The layers that go up and bend, against PyTorch on random shapes: each case is a small
/// network exported with `convterm export --pytorch` (model.py and weights); PyTorch, in double
/// precision, runs it forward and backward from a probe gradient, and ConvTerm must give the
/// same output, input gradient and weight gradients to 1e-4 of their scale. The expected values
/// come from PyTorch only. One Python process runs every case of a test (torch starts once).
@Suite(.serialized, .enabled(if: PythonTorch.isAvailable, PythonTorch.skipReason))
struct PyTorchLayerDifferentialTests {
    /// Reads every `case*/` directory: model.py, weights.safetensors, inputs.safetensors (x and the
    /// probe dL/dy); writes torch.safetensors with y, dx and `grad.NAME` for every parameter.
    static let script = """
    import importlib.util
    from pathlib import Path
    import torch
    torch.set_num_threads(1)
    for case in sorted(Path(".").glob("case*")):
        spec = importlib.util.spec_from_file_location("model_" + case.name, case / "model.py")
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        model = m.load_weights(m.Net(), case / "weights.safetensors").double().train()
        data = m.load_safetensors(case / "inputs.safetensors")
        x = data["x"].double().requires_grad_(True)
        y = model(x)
        (y * data["probe"].double().reshape(y.shape)).sum().backward()
        out = {"y": y.detach(), "dx": x.grad}
        for name, p in model.named_parameters():
            out["grad." + name] = p.grad
        m.save_safetensors(out, case / "torch.safetensors")
    """

    /// One network and what ConvTerm makes of it.
    struct Case {
        var text: String
        var network: Network
        var layout: TorchLayout
        var x: Tensor
        var probe: Tensor
    }

    static func tensorFile(_ tensors: [String: Tensor], to url: URL) throws {
        let list = tensors.keys.sorted().map { key in
            let t = tensors[key]!
            return SafeTensors.Tensor(name: key, shape: [t.batch, t.volume.depth, t.volume.height, t.volume.width], values: t.data)
        }
        try SafeTensors(tensors: list).write(to: url)
    }

    static func random(_ count: Int, _ volume: Volume, _ rng: inout SeededRandom) -> Tensor {
        Tensor(batch: count, volume: volume, data: (0..<(count * volume.count)).map { _ in Float(rng.nextUnitDouble() * 2 - 1) })
    }

    /// Exports each spec into its own directory, runs PyTorch once over all, then compares.
    func compare(_ texts: [String], seed: UInt64) throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        var rng = SeededRandom(seed: seed)
        var cases: [Case] = []
        for (i, text) in texts.enumerated() {
            let spec = try SpecParser.parse(text)
            let network = try Network(spec: spec, initialization: .pytorch, seed: seed + UInt64(i))
            let caseDir = dir.url.appendingPathComponent(String(format: "case%03d", i))
            try FileManager.default.createDirectory(at: caseDir, withIntermediateDirectories: true)
            let export = try PyTorchExport(spec: spec, network: network, title: "case \(i)", source: "test")
            try export.write(to: caseDir)
            let x = Self.random(2, spec.input, &rng), probe = Self.random(2, network.outputVolume, &rng)
            try Self.tensorFile(["x": x, "probe": probe], to: caseDir.appendingPathComponent("inputs.safetensors"))
            cases.append(Case(text: text, network: network, layout: export.layout, x: x, probe: probe))
        }
        let run = try PythonTorch.script(Self.script, in: dir.url)
        try #require(run.status == 0, "python failed:\n\(run.output)")
        for (i, c) in cases.enumerated() {
            let theirs = try SafeTensors.read(from: dir.url.appendingPathComponent(String(format: "case%03d/torch.safetensors", i)))
            let context = PassContext(training: true, threads: 2)
            c.network.zeroGradients()
            let y = c.network.scores(c.x, context)
            let dx = c.network.backward(c.probe, context)
            let label = c.text.split(separator: "\n").dropFirst().joined(separator: "; ") + " on \(c.network.spec.input)"
            let torchY = try #require(theirs["y"]), torchDx = try #require(theirs["dx"])
            #expect(torchY.values.count == y.data.count, "\(label): output sizes differ")
            guard torchY.values.count == y.data.count else { continue }
            #expect(relativeDifference(y.data, torchY.values) <= 1e-4, "\(label): outputs differ by \(relativeDifference(y.data, torchY.values))")
            #expect(relativeDifference(dx.data, torchDx.values) <= 1e-4, "\(label): input gradients differ by \(relativeDifference(dx.data, torchDx.values))")
            let ours = Dictionary(uniqueKeysWithValues: c.network.parameters.map { ($0.name, $0.gradient) })
            for entry in c.layout.entries {
                let grad = try #require(theirs["grad." + entry.torchName], "\(label): PyTorch has no gradient for \(entry.torchName)")
                let mine = try #require(ours[entry.ourName])
                #expect(relativeDifference(mine, grad.values) <= 1e-4, "\(label): \(entry.ourName) gradients differ by \(relativeDifference(mine, grad.values))")
            }
        }
    }

    /// 24 random transposed convolutions: filter 1-4, stride 1-3, padding below the filter, every
    /// legal output padding, with and without bias, non-square some of the time.
    static func deconvCases(_ rng: inout SeededRandom) -> [String] {
        var texts: [String] = []
        while texts.count < 24 {
            let kh = 1 + rng.nextInt(below: 4), kw = rng.nextInt(below: 3) == 0 ? 1 + rng.nextInt(below: 4) : kh
            let sh = 1 + rng.nextInt(below: 3), sw = rng.nextInt(below: 3) == 0 ? 1 + rng.nextInt(below: 3) : sh
            let ph = rng.nextInt(below: kh), pw = rng.nextInt(below: kw)
            let qh = rng.nextInt(below: sh), qw = rng.nextInt(below: sw)
            let h = 1 + rng.nextInt(below: 5), w = 1 + rng.nextInt(below: 5), c = 1 + rng.nextInt(below: 4)
            guard (h - 1) * sh - 2 * ph + kh + qh >= 1, (w - 1) * sw - 2 * pw + kw + qw >= 1 else { continue }
            let filters = 1 + rng.nextInt(below: 10)   // up to 10: 8 or more takes the kernels' flipped-forward path
            let bias = rng.nextInt(below: 3) == 0 ? " nobias" : ""
            texts.append("input \(w)x\(h)x\(c)\ndeconv \(filters) \(kh)x\(kw) stride \(sh)x\(sw) pad \(ph)x\(pw) outpad \(qh)x\(qw)\(bias)\n")
        }
        return texts
    }

    /// 22 random dilated convolutions (dilation 1-3 per axis, strides 1-2, padding up to the span).
    static func dilationCases(_ rng: inout SeededRandom) -> [String] {
        var texts: [String] = []
        while texts.count < 22 {
            let kh = 1 + rng.nextInt(below: 3), kw = 1 + rng.nextInt(below: 3)
            let dh = 1 + rng.nextInt(below: 3), dw = rng.nextInt(below: 2) == 0 ? dh : 1 + rng.nextInt(below: 3)
            let s = 1 + rng.nextInt(below: 2), ph = rng.nextInt(below: 3), pw = rng.nextInt(below: 3)
            let h = 3 + rng.nextInt(below: 8), w = 3 + rng.nextInt(below: 8)
            guard h + 2 * ph >= (kh - 1) * dh + 1, w + 2 * pw >= (kw - 1) * dw + 1 else { continue }
            let c = 1 + rng.nextInt(below: 10), k = 1 + rng.nextInt(below: 10)
            texts.append("input \(w)x\(h)x\(c)\nconv \(k) \(kh)x\(kw) stride \(s) pad \(ph)x\(pw) dilation \(dh)x\(dw) floor\n")
        }
        return texts
    }

    /// 22 random grouped convolutions, every fourth depthwise (groups = depth = filters), some dilated.
    static func groupsCases(_ rng: inout SeededRandom) -> [String] {
        (0..<22).map { i in
            let g = 1 + rng.nextInt(below: 4)
            let c = g * (1 + rng.nextInt(below: i % 4 == 0 ? 1 : 3)), k = i % 4 == 0 ? c : g * (1 + rng.nextInt(below: 3))
            let kernel = 1 + rng.nextInt(below: 3), s = 1 + rng.nextInt(below: 2), d = rng.nextInt(below: 4) == 0 ? 2 : 1
            let size = (kernel - 1) * d + 1 + rng.nextInt(below: 6)
            return "input \(size)x\(size)x\(c)\nconv \(k) \(kernel)x\(kernel) stride \(s) pad \(rng.nextInt(below: 2)) dilation \(d) groups \(g) floor\n"
        }
    }

    @Test func transposedConvolutionsMatchConvTranspose2d() throws {
        var rng = SeededRandom(seed: 16)
        try compare(Self.deconvCases(&rng), seed: 100)
    }

    @Test func dilatedConvolutionsMatchConv2d() throws {
        var rng = SeededRandom(seed: 17)
        try compare(Self.dilationCases(&rng), seed: 200)
    }

    @Test func groupedAndDepthwiseConvolutionsMatchConv2d() throws {
        var rng = SeededRandom(seed: 18)
        try compare(Self.groupsCases(&rng), seed: 300)
    }

    /// The activations and both upsampling modes (bilinear at align_corners=False), odd sizes and
    /// scales included, and an encoder-decoder that chains everything.
    @Test func activationsUpsamplingAndAnEncoderDecoderMatchPyTorch() throws {
        try compare([
            "input 5x4x3\nsigmoid\n",
            "input 5x4x3\ntanh\n",
            "input 5x4x3\nleakyrelu 0.2\n",
            "input 5x4x3\nleakyrelu\n",
            "input 3x5x2\nupsample 2x\n",
            "input 3x5x2\nupsample 3x\n",
            "input 3x5x2\nupsample 2x bilinear\n",
            "input 4x3x2\nupsample 3x bilinear\n",
            "input 1x1x2\nupsample 4x bilinear\n",
            """
            input 16x16x3
            conv 8 3x3 stride 2 pad 1 floor
            leakyrelu 0.1
            conv 16 3x3 pad 2 dilation 2 groups 4
            tanh
            deconv 8 4x4 stride 2 pad 1
            relu
            upsample 2x bilinear
            conv 2 1x1
            sigmoid

            """,
        ], seed: 400)
    }
}
