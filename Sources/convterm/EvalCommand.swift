import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Accuracy, loss and confusion matrix of a saved checkpoint; top-3 predictions for one image.",
        discussion: """
        A net imported from torchvision (`convterm import`) predicts ImageNet's 1,000 classes, not the data's: \
        eval then lists each image's top 5 by ImageNet's names instead of an accuracy, with the images resized \
        (bilinear) to the net's input, e.g. CIFAR-10's 32x32 to 224x224, and normalised as torchvision's \
        weights expect. `convterm demo seeing --checkpoint CKPT` shows where such a net looks.

        A checkpoint of `convterm train --task segment|localize` (a net ending in a `loss` line) reports its \
        mean IoU over the built-in set's test images instead: the masks' for segment, the boxes' and the class \
        accuracy for localize.
        """
    )

    @Option(help: "A checkpoint written by `convterm train --save`.") var checkpoint: String
    @Option(help: "synthetic, cifar10, cifar100, a directory or a .bin file (its test set is used when it has one).") var data = TrainingDefaults.data
    @Option(parsing: .unconditional, help: "Show the top-3 predictions for this image of the set (0-based).") var image: Int?
    @Option(parsing: .unconditional, help: "Measure only the first N images (default: all; \(CheckpointReport.defaultListed) when the net's classes are not the data's; 100 with --dashboard). A --task checkpoint: N test images generated for it, 1 to 10,000 (default 200).") var count: Int?
    @Option(parsing: .unconditional, help: "Seed of the synthetic set (it must match training's to evaluate on the same held-out images; default \(TrainingDefaults.seed), for a --task checkpoint its own).", transform: OptionValidation.seed) var seed: UInt64?
    @Option(parsing: .unconditional, help: "Worker threads (default: all cores).") var threads = TrainingDefaults.threads
    @Flag(help: "Look at the checkpoint in the dashboard instead (nothing trains): n/N step through the images, j/k the layers, tab their activations and filters.") var dashboard = false

    func validate() throws {
        if let image { try OptionValidation.atLeast(0, image, option: "--image") }
        if let count { try OptionValidation.whole(count, in: 1...10_000_000, option: "--count") }
        try OptionValidation.threads(threads)
    }

    func run() throws {
        let saved = try orExit { try Checkpoint.read(from: URL(fileURLWithPath: checkpoint)) }
        if let loss = (try? saved.spec())?.loss {
            // A segmentation or box net has no class per image to score: its measure is the IoU.
            if image != nil || dashboard {
                printError("convterm eval: \(image != nil ? "--image lists a classifier's top guesses" : "--dashboard views classifiers"); \(checkpoint) ends in `loss \(loss.text)`: run `convterm eval --checkpoint \(checkpoint)` for its mean IoU\(TrainingTask(loss: loss).map { ", or watch one train with `convterm demo \($0.rawValue)`" } ?? "")")
                throw ExitCode(2)
            }
            print(try orExit { try TaskCheckpointReport.evaluate(checkpointPath: checkpoint, checkpoint: saved, data: data, seed: seed,
                                                                 count: count, threads: threads) })
            return
        }
        let loaded = try orExit { try DataLocator().load(data, seed: seed ?? TrainingDefaults.seed) }
        let report = try orExit { try CheckpointReport(checkpointPath: checkpoint, checkpoint: saved, data: loaded, threads: threads,
                                                                 count: image.map { $0 + 1 } ?? count ?? (dashboard ? 100 : nil)) }
        if dashboard {
            let status: Int32
            do {
                status = try Dashboard.run(configuration: report.viewerConfiguration())
            } catch let error as TerminalError {
                printError("convterm: \(error)\nWithout a terminal, `convterm eval` prints its report.")
                throw ExitCode(2)
            } catch {
                status = try orExit { throw error }
            }
            if status != 0 { throw ExitCode(status) }
        } else if let image {
            print(try orExit { try report.topThree(image: image) })
        } else {
            print(report.evaluation())
        }
    }
}
