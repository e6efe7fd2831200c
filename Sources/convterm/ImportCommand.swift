import ArgumentParser
import ConvEngine
import ConvTermApp
import Foundation

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Make a ConvTerm checkpoint from PyTorch weights (a state_dict saved as .safetensors).",
        discussion: """
        Reads the names `convterm export` writes, and torchvision's for \(TorchvisionNames.networks.joined(separator: ", ")): \
        in Python, `safetensors.torch.save_file(models.alexnet(weights="DEFAULT").state_dict(), "alexnet.safetensors")`, \
        then `convterm import alexnet.safetensors --net alexnet-torchvision --save alexnet.ckpt` and look at it with \
        `convterm eval --data cifar10` (each image's top 5 by ImageNet's names; `--dashboard` to step through them), \
        `convterm demo seeing --checkpoint` or `convterm snapshot`; the checkpoint records ImageNet's classes and input normalisation. Every tensor must fit: missing, extra and \
        wrong-shape tensors are listed with the shapes expected, and nothing is written.
        """
    )

    @Argument(help: "The .safetensors file.")
    var file: String

    @Option(help: "The network the weights belong to: a zoo net or a .net file (an export's network.net).")
    var net: String

    @Option(help: "The checkpoint to write.")
    var save: String

    @Option(parsing: .unconditional, help: "Seed recorded in the checkpoint (its dropout and data order if training resumes).", transform: OptionValidation.seed)
    var seed: UInt64 = TrainingDefaults.seed

    func run() throws {
        let weights = try orExit { try SafeTensors.read(from: URL(fileURLWithPath: file)) }
        let network = try loadOrExit(net)
        let (checkpoint, naming) = try orExit {
            try StateDictBridge.checkpoint(from: weights, fileName: file, network: network,
                                           optimizer: TrainingDefaults.optimizer, seed: seed, threads: 1)
        }
        try orExit { try checkpoint.write(to: URL(fileURLWithPath: save)) }
        print("wrote \(save): \(network.name) with \(weights.tensors.count) tensors of \(file) (\(naming.rawValue) names)")
        if naming == .torchvision {
            print("it predicts ImageNet's 1,000 classes; images are resized to \(network.spec.input.width)x\(network.spec.input.height) and normalised as torchvision's weights expect")
            print("next: convterm eval --checkpoint \(save) --data cifar10 [--dashboard], or convterm demo seeing --checkpoint \(save)")
        } else {
            print("next: convterm eval --checkpoint \(save) --data DATA, or convterm train --resume \(save)")
        }
    }
}
