import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The exported train.py under `torchrun --standalone --nproc_per_node=2` (DistributedDataParallel
/// with gloo on the CPU) on real CIFAR-10 files: it exits 0, its loss falls, its weights come back
/// with `convterm import`, and `convterm eval` measures the accuracy train.py printed.
@Suite(.serialized, .enabled(if: PythonTorch.isAvailable, PythonTorch.skipReason),
       .enabled(if: SharedCIFAR.isAvailable, Comment(rawValue: SharedCIFAR.skipReason)))
struct PyTorchTrainScriptTests {
    @Test func torchrunTrainsTwoProcessesAndTheWeightsComeBack() throws {
        let dir = try InteropDirectory()
        defer { dir.remove() }
        let data = try #require(SharedCIFAR.directory).path
        let export = try convterm(["export", "convnetjs-cifar10", "--pytorch", dir.url.path])
        try #require(export.status == 0, "\(export.stderr)")
        let torchrun = try #require(PythonTorch.binDirectory).appendingPathComponent("torchrun").path
        let launcher = FileManager.default.isExecutableFile(atPath: torchrun)
            ? (torchrun, [String]())
            : (PythonTorch.path!, ["-m", "torch.distributed.run"])
        // Adam: 30 steps of SGD from PyTorch's small initial weights barely move the loss (2.301 -> 2.299,
        // measured), too little to tell falling from noise; Adam's is clear (2.30 -> 2.21).
        let run = try PythonTorch.run(launcher.0, launcher.1 + [
            "--standalone", "--nproc_per_node=2", "train.py", "--data", data, "--steps", "30",
            "--optimizer", "adam", "--save", dir.file("trained.safetensors").path,
        ], in: dir.url, environment: ["OMP_NUM_THREADS": "1"])
        try #require(run.status == 0, "torchrun failed:\n\(run.output)")
        #expect(run.output.contains("over 2 process(es)"), "\(run.output)")

        let losses = run.output.split(separator: "\n").compactMap { line -> Double? in
            let words = line.split(separator: " ")
            return words.count == 4 && words[0] == "step" && words[2] == "loss" ? Double(words[3]) : nil
        }
        #expect(losses.count == 3, "\(run.output)")
        #expect((losses.last ?? 9) < (losses.first ?? 0) - 0.02, "the loss did not fall: \(losses)")

        let printed = try #require(run.output.split(separator: "\n").last { $0.hasPrefix("test accuracy: ") },
                                   "no `test accuracy: NN.NN%` line:\n\(run.output)")
        let accuracy = try #require(Double(printed.dropFirst("test accuracy: ".count).dropLast()))

        let ckpt = dir.file("trained.ckpt").path
        let imported = try convterm(["import", dir.file("trained.safetensors").path, "--net", dir.file("network.net").path, "--save", ckpt])
        try #require(imported.status == 0, "\(imported.stderr)")
        let eval = try convterm(["eval", "--checkpoint", ckpt, "--data", data, "--threads", "2"])
        try #require(eval.status == 0, "\(eval.stderr)")
        let ours = try #require(eval.stdout.range(of: #"accuracy (\d+\.\d+)%"#, options: .regularExpression)
            .map { Double(eval.stdout[$0].dropFirst("accuracy ".count).dropLast())! })
        #expect(abs(ours - accuracy) <= 0.1, "train.py printed \(accuracy)%, convterm eval measured \(ours)%")
    }
}
