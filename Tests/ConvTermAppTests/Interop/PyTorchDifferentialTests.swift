import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// ConvTerm against PyTorch on the same numbers: the exported `model.py` with the exported
/// weights must give the same scores as ConvTerm's forward pass, and three training steps of
/// the same optimizer from the same weights on the same batches must give the same weights.
/// The expected values come from PyTorch, never from ConvTerm.
@Suite(.serialized, .enabled(if: PythonTorch.isAvailable, PythonTorch.skipReason))
struct PyTorchDifferentialTests {
    /// A residual net with batch norm, a strided block with a 1x1 projection and an identity one.
    /// Every conv before a batch norm has no bias, as in ResNets: such a bias has a gradient of
    /// exactly zero in exact arithmetic, so both engines' gradients are rounding noise, which
    /// Adam scales up to full-size steps of random sign (measured: 2% apart after three steps).
    static let residual = """
    input 16x16x3
    conv1: conv 8 3x3 pad 1 nobias
    bn1: batchnorm
    relu
    block1: residual {
      conv 16 3x3 stride 2 pad 1 nobias floor
      batchnorm
      relu
      conv 16 3x3 pad 1 nobias
      batchnorm
      shortcut {
        conv 16 1x1 stride 2 nobias floor
        batchnorm
      }
    }
    relu
    block2: residual {
      conv 16 3x3 pad same nobias
      batchnorm
    }
    relu
    pool: globalavgpool
    fc: fc 10
    softmax
    """

    /// An inception-style concat: 1x1, 1x1 then 3x3 `same`, max pool then 1x1, average pool
    /// (padding counted, as PyTorch), then a ceil-mode pool and a fully connected layer.
    static let concat = """
    input 16x16x3
    conv1: conv 8 3x3 pad 1
    relu
    mix: concat {
      branch {
        conv 4 1x1
        relu
      }
      branch {
        conv 4 1x1
        relu
        conv 6 3x3 pad same
      }
      branch {
        maxpool 3x3 stride 1 pad 1
        conv 4 1x1
      }
      branch {
        avgpool 3x3 stride 1 pad 1
      }
    }
    relu
    pool: maxpool 3x3 stride 2 ceil
    fc: fc 10
    softmax
    """

    static func spec(_ name: String) throws -> NetworkSpec {
        switch name {
        case "residual": try SpecParser.parse(residual)
        case "concat": try SpecParser.parse(concat)
        default: try #require(Zoo.spec(named: name))
        }
    }

    /// A network with seeded weights and, so evaluation-mode batch norm is not the identity,
    /// seeded running statistics, gammas and betas.
    static func network(_ name: String, seed: UInt64) throws -> Network {
        let network = try Network(spec: spec(name), initialization: .pytorch, seed: seed)
        var rng = SeededRandom(seed: seed + 100)
        for bn in network.batchNorms {
            for i in 0..<bn.runningMean.count {
                bn.runningMean[i] = Float(rng.nextUnitDouble() - 0.5) * 0.4
                bn.runningVariance[i] = Float(0.5 + rng.nextUnitDouble())
                bn.gamma.value[i] = Float(0.5 + rng.nextUnitDouble())
                bn.beta.value[i] = Float(rng.nextUnitDouble() - 0.5) * 0.2
            }
        }
        return network
    }

    static func images(_ count: Int, _ volume: Volume, seed: UInt64) -> Tensor {
        var rng = SeededRandom(seed: seed)
        return Tensor(batch: count, volume: volume, data: (0..<(count * volume.count)).map { _ in Float(rng.nextUnitDouble() - 0.5) })
    }

    static func export(_ network: Network, to dir: InteropDirectory) throws -> PyTorchExport {
        let export = try PyTorchExport(spec: network.spec, network: network, title: "test net", source: "test")
        try export.write(to: dir.url)
        return export
    }

    static func write(_ tensors: [String: Tensor], to url: URL) throws {
        let list = tensors.keys.sorted().map { key in
            let t = tensors[key]!
            return SafeTensors.Tensor(name: key, shape: [t.batch, t.volume.depth, t.volume.height, t.volume.width], values: t.data)
        }
        try SafeTensors(tensors: list).write(to: url)
    }

    static let forwardScript = """
    import torch
    from model import Net, load_weights, load_safetensors, save_safetensors
    torch.set_num_threads(1)
    model = load_weights(Net(), "weights.safetensors").eval()
    with torch.no_grad():
        scores = model(load_safetensors("inputs.safetensors")["x"])
    save_safetensors({"scores": scores}, "scores.safetensors")
    """

    @Test(arguments: [("convnetjs-cifar10", 4), ("residual", 3), ("concat", 3), ("alexnet-torchvision", 1)])
    func forwardScoresMatchPyTorch(name: String, batch: Int) throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        let network = try Self.network(name, seed: 7)
        _ = try Self.export(network, to: dir)
        let x = Self.images(batch, network.spec.input, seed: 3)
        try Self.write(["x": x], to: dir.file("inputs.safetensors"))
        let run = try PythonTorch.script(Self.forwardScript, in: dir.url)
        try #require(run.status == 0, "python failed:\n\(run.output)")
        let torchScores = try #require(SafeTensors.read(from: dir.file("scores.safetensors"))["scores"])
        let ours = network.scores(x, PassContext(training: false, threads: 2))
        #expect(torchScores.shape == [batch, ours.volume.count])
        let difference = relativeDifference(ours.data, torchScores.values)
        #expect(difference <= 1e-4, "\(name): scores differ by \(difference) of their scale")
        // Guard against a vacuous pass: the scores are not all equal.
        #expect(Set(torchScores.values).count > batch)
    }

    static let trainingScript = """
    import sys
    import torch
    import torch.nn.functional as F
    from model import Net, load_weights, load_safetensors, save_safetensors
    from train import make_optimizer
    torch.set_num_threads(1)
    kind, lr = sys.argv[1], float(sys.argv[2])
    model = load_weights(Net(), "weights.safetensors").train()
    optimizer = make_optimizer(model, kind, lr, 5e-4, 0.9)
    data = load_safetensors("batches.safetensors")
    for step in range(3):
        loss = F.cross_entropy(model(data[f"x{step}"]), data[f"y{step}"].flatten().long())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    save_safetensors(model.state_dict(), "trained.safetensors")
    """

    @Test(arguments: [("convnetjs-cifar10", OptimizerKind.momentum), ("convnetjs-cifar10", .adam),
                      ("residual", .momentum), ("residual", .adam),
                      ("convnetjs-cifar10", .sgd), ("convnetjs-cifar10", .nesterov), ("convnetjs-cifar10", .adadelta)])
    func threeTrainingStepsMatchPyTorch(name: String, kind: OptimizerKind) throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        let network = try Self.network(name, seed: 11)
        let export = try Self.export(network, to: dir)
        let lr = kind == .adam ? 0.001 : kind == .adadelta ? 1 : 0.05
        var batches: [String: Tensor] = [:]
        var labels: [[Int]] = []
        for step in 0..<3 {
            batches["x\(step)"] = Self.images(8, network.spec.input, seed: 50 + UInt64(step))
            labels.append((0..<8).map { ($0 * 3 + step) % 10 })
            batches["y\(step)"] = Tensor(batch: 8, volume: Volume(width: 1, height: 1, depth: 1), data: labels[step].map(Float.init))
        }
        try Self.write(batches, to: dir.file("batches.safetensors"))
        let run = try PythonTorch.script(Self.trainingScript, in: dir.url, arguments: [kind.rawValue, "\(lr)"])
        try #require(run.status == 0, "python failed:\n\(run.output)")
        let trained = try SafeTensors.read(from: dir.file("trained.safetensors"))

        let trainer = try Trainer(network: network, optimizer: OptimizerSettings(kind: kind, learningRate: lr, l2: 5e-4), threads: 2)
        for step in 0..<3 { _ = trainer.train(images: batches["x\(step)"]!, labels: labels[step]) }
        let ours = StateDictBridge.tensors(of: network)
        var moved = false
        for entry in export.layout.entries {
            let theirs = try #require(trained[entry.torchName], "PyTorch saved no \(entry.torchName)")
            let mine = try #require(ours[entry.ourName])
            let difference = relativeDifference(mine, theirs.values)
            #expect(difference <= 1e-4, "\(name) \(kind): \(entry.ourName) differs by \(difference) of its scale")
            if let before = export.weights[entry.torchName], relativeDifference(before.values, theirs.values) > 1e-3 { moved = true }
        }
        // The steps really changed the weights, so agreeing means agreeing on the update.
        #expect(moved)
    }

    /// PyTorch writes F64, F16 and BF16 tensors (bytes straight from torch, header by hand as the
    /// format says); ConvTerm's reader must give the floats torch's own `.float()` gives.
    static let dtypeScript = """
    import json
    import torch
    torch.manual_seed(0)
    base = torch.randn(64) * 300
    base[:4] = torch.tensor([0.0, -0.0, 1e-7, 65504.0])
    tensors = {"f64": base.double(), "f16": base.half(), "bf16": base.bfloat16()}
    names = {"f64": "F64", "f16": "F16", "bf16": "BF16"}
    header, chunks, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.view(torch.uint8).numpy().tobytes() if t.dtype != torch.float64 else t.numpy().tobytes()
        header[name] = {"dtype": names[name], "shape": [8, 8], "data_offsets": [offset, offset + len(raw)]}
        chunks.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open("dtypes.safetensors", "wb") as f:
        f.write(len(text).to_bytes(8, "little") + text + b"".join(chunks))
    expected = {name: t.float() for name, t in tensors.items()}
    from model import save_safetensors
    save_safetensors(expected, "expected.safetensors")
    """

    @Test func halfBFloatAndDoubleReadAsPyTorchConvertsThem() throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        _ = try Self.export(try Self.network("convnetjs-cifar10", seed: 1), to: dir)
        let run = try PythonTorch.script(Self.dtypeScript, in: dir.url)
        try #require(run.status == 0, "python failed:\n\(run.output)")
        let file = try SafeTensors.read(from: dir.file("dtypes.safetensors"))
        let expected = try SafeTensors.read(from: dir.file("expected.safetensors"))
        for name in ["f64", "f16", "bf16"] {
            let ours = try #require(file[name])
            let theirs = try #require(expected[name])
            #expect(ours.shape == [8, 8])
            #expect(ours.values.map(\.bitPattern) == theirs.values.map(\.bitPattern), "\(name)")
        }
    }
}
