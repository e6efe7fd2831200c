import ArgumentParser
import ConvEngine
import ConvTermApp
import Foundation

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Hand a network (and its weights) over to PyTorch: model.py, weights.safetensors, train.py for torchrun.",
        discussion: """
        Writes into DIR: model.py (a readable torch.nn.Module mirroring the .net file, names included), \
        weights.safetensors (its state_dict: a checkpoint's weights, or a fresh seeded initialisation for a net), \
        network.net, train.py (CIFAR-10/100 binary files with ConvTerm's recipe, one process or `torchrun` with \
        DistributedDataParallel; prints `test accuracy: NN.NN%`) and README.txt with the commands.
        """
    )

    @Argument(help: "A zoo net, a .net file, or a checkpoint written by `convterm train --save`.")
    var source: String

    @Option(help: "The directory to write (created if missing).")
    var pytorch: String

    @Option(parsing: .unconditional, help: "Seed of the fresh initialisation when SOURCE is a network.", transform: OptionValidation.seed)
    var seed: UInt64 = TrainingDefaults.seed

    func run() throws {
        let export: PyTorchExport
        if Self.isCheckpoint(source) {
            let checkpoint = try orExit { try Checkpoint.read(from: URL(fileURLWithPath: source)) }
            export = try orExit { try PyTorchExport(checkpoint: checkpoint, path: source) }
        } else {
            let network = try loadOrExit(source)
            export = try orExit { try PyTorchExport(source: network, seed: seed) }
        }
        try orExit { try export.write(to: URL(fileURLWithPath: pytorch)) }
        print("wrote \(pytorch)/model.py, weights.safetensors (\(export.weights.tensors.count) tensors), network.net, train.py, README.txt")
        if let loss = export.loss {
            print("next: model.py's Net and loss_fn (`loss \(loss.text)` in PyTorch) for your own training loop; train.py trains classifiers only (README.txt)")
        } else {
            print("next: cd \(pytorch) && python train.py --data DIR --epochs 10 --save trained.safetensors   (README.txt has the torchrun lines)")
        }
    }

    /// A file that starts like a checkpoint is one; anything else is a network.
    static func isCheckpoint(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: Checkpoint.magic.utf8.count)) ?? Data()
        return head == Data(Checkpoint.magic.utf8)
    }
}
