import ConvEngine
import Foundation
import Testing

/// `convterm export` then `convterm import` through the built binary: the weights come back bit
/// for bit; a damaged or mismatched file is refused with a message and no checkpoint is written.
@Suite struct ExportImportCommandTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-exim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A batch-norm net trained a few steps, so weights and running statistics are not their initial values.
    static let net = """
    input 32x32x3
    conv1: conv 4 3x3 pad 1 nobias
    bn1: batchnorm
    relu
    block: residual {
      conv 4 3x3 pad 1
      relu
    }
    pool1: maxpool 2x2 stride 2
    fc1: fc 10
    softmax
    """

    @Test func exportThenImportGivesBitIdenticalWeights() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let netFile = dir.appendingPathComponent("small.net")
        try Self.net.write(to: netFile, atomically: true, encoding: .utf8)
        let trained = dir.appendingPathComponent("trained.ckpt").path
        let train = try convterm(["train", "--headless", "--net", netFile.path, "--data", "synthetic", "--steps", "5",
                                  "--batch", "4", "--threads", "1", "--save", trained])
        try #require(train.status == 0, "\(train.stderr)")
        let export = try convterm(["export", trained, "--pytorch", dir.appendingPathComponent("py").path])
        try #require(export.status == 0, "\(export.stderr)")
        for file in ["model.py", "weights.safetensors", "network.net", "train.py", "README.txt"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("py/\(file)").path), "\(file)")
        }
        let back = dir.appendingPathComponent("back.ckpt").path
        let imported = try convterm(["import", dir.appendingPathComponent("py/weights.safetensors").path,
                                     "--net", dir.appendingPathComponent("py/network.net").path, "--save", back])
        try #require(imported.status == 0, "\(imported.stderr)")

        let before = try Checkpoint.read(from: URL(fileURLWithPath: trained))
        let after = try Checkpoint.read(from: URL(fileURLWithPath: back))
        #expect(after.specText == before.specText)
        let original = Dictionary(uniqueKeysWithValues: before.tensors.filter { !$0.name.contains("#slot") }.map { ($0.name, $0.values) })
        let returned = Dictionary(uniqueKeysWithValues: after.tensors.filter { !$0.name.contains("#slot") }.map { ($0.name, $0.values) })
        #expect(Set(returned.keys) == Set(original.keys))
        #expect(original.keys.contains("bn1.running_var"))
        for (name, values) in original {
            #expect(returned[name]?.map(\.bitPattern) == values.map(\.bitPattern), "\(name) changed on the way")
        }
    }

    @Test func damagedWeightsAreRefusedAndNothingIsWritten() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let py = dir.appendingPathComponent("py")
        try #require(try convterm(["export", "convnetjs-cifar10", "--pytorch", py.path]).status == 0)
        var bytes = [UInt8](try Data(contentsOf: py.appendingPathComponent("weights.safetensors")))
        bytes.removeLast(100)   // cut short, as an interrupted copy would
        let damaged = dir.appendingPathComponent("damaged.safetensors")
        try Data(bytes).write(to: damaged)
        let out = dir.appendingPathComponent("out.ckpt")
        let run = try convterm(["import", damaged.path, "--net", "convnetjs-cifar10", "--save", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("error: \(damaged.path): "), "\(run.stderr)")
        #expect(run.stderr.split(separator: "\n").count == 1, "one message: \(run.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    @Test func mismatchedTensorsAreListedWithTheExpectedShapes() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        // conv1.bias missing, conv2.weight of the wrong shape, an extra tensor; the rest right.
        let file = dir.appendingPathComponent("w.safetensors")
        try SafeTensors(tensors: [
            .init(name: "conv1.weight", shape: [16, 3, 5, 5], values: .init(repeating: 0, count: 1200)),
            .init(name: "conv2.weight", shape: [20, 16, 3, 3], values: .init(repeating: 0, count: 2880)),
            .init(name: "conv2.bias", shape: [20], values: .init(repeating: 0, count: 20)),
            .init(name: "conv3.weight", shape: [20, 20, 5, 5], values: .init(repeating: 0, count: 10000)),
            .init(name: "conv3.bias", shape: [20], values: .init(repeating: 0, count: 20)),
            .init(name: "fc1.weight", shape: [10, 320], values: .init(repeating: 0, count: 3200)),
            .init(name: "fc1.bias", shape: [10], values: .init(repeating: 0, count: 10)),
            .init(name: "head.weight", shape: [2], values: [1, 2]),
        ]).write(to: file)
        let out = dir.appendingPathComponent("out.ckpt")
        let run = try convterm(["import", file.path, "--net", "convnetjs-cifar10", "--save", out.path])
        #expect(run.status == 1)
        #expect(run.stderr.contains("missing (1):\n  conv1.bias [16]"), "\(run.stderr)")
        #expect(run.stderr.contains("conv2.weight: expected [20, 16, 5, 5], found [20, 16, 3, 3]"), "\(run.stderr)")
        #expect(run.stderr.contains("not in the network (1):\n  head.weight [2]"), "\(run.stderr)")
        #expect(run.stderr.contains("nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: out.path))
    }

    /// torchvision's AlexNet names (`features.N`, `classifier.N`), written out by hand from
    /// torchvision's definition; each tensor is filled with its own number to check where it lands.
    @Test func torchvisionAlexNetNamesImport() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let torchvision: [(String, String, [Int])] = [
            ("features.0", "conv1", [64, 3, 11, 11]), ("features.3", "conv2", [192, 64, 5, 5]),
            ("features.6", "conv3", [384, 192, 3, 3]), ("features.8", "conv4", [256, 384, 3, 3]),
            ("features.10", "conv5", [256, 256, 3, 3]), ("classifier.1", "fc6", [4096, 9216]),
            ("classifier.4", "fc7", [4096, 4096]), ("classifier.6", "fc8", [1000, 4096]),
        ]
        var tensors: [SafeTensors.Tensor] = []
        for (i, (module, _, shape)) in torchvision.enumerated() {
            tensors.append(.init(name: "\(module).weight", shape: shape, values: .init(repeating: Float(i + 1), count: shape.reduce(1, *))))
            tensors.append(.init(name: "\(module).bias", shape: [shape[0]], values: .init(repeating: -Float(i + 1), count: shape[0])))
        }
        let file = dir.appendingPathComponent("alexnet.safetensors")
        try SafeTensors(tensors: tensors).write(to: file)
        let out = dir.appendingPathComponent("alexnet.ckpt")
        let run = try convterm(["import", file.path, "--net", "alexnet-torchvision", "--save", out.path])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("torchvision's names"))
        let checkpoint = try Checkpoint.read(from: out)
        let byName = Dictionary(uniqueKeysWithValues: checkpoint.tensors.map { ($0.name, $0.values) })
        // First and last values only: a whole pass over AlexNet's 61 M numbers is slow in a debug test build.
        for (i, (_, ours, shape)) in torchvision.enumerated() {
            let weight = try #require(byName["\(ours).weight"], "\(ours).weight")
            let bias = try #require(byName["\(ours).bias"], "\(ours).bias")
            #expect(weight.count == shape.reduce(1, *))
            #expect(weight.first == Float(i + 1) && weight.last == Float(i + 1), "\(ours).weight")
            #expect(bias.first == -Float(i + 1) && bias.last == -Float(i + 1), "\(ours).bias")
        }
    }
}
