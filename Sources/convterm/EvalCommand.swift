import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Accuracy, loss and confusion matrix of a saved checkpoint; top-3 predictions for one image."
    )

    @Option(help: "A checkpoint written by `convterm train --save`.") var checkpoint: String
    @Option(help: "synthetic, cifar10, cifar100, a directory or a .bin file (its test set is used when it has one).") var data = "synthetic"
    @Option(parsing: .unconditional, help: "Show the top-3 predictions for this image of the set (0-based).") var image: Int?
    @Option(parsing: .unconditional, help: "Seed of the synthetic set (it must match training's to evaluate on the same held-out images).", transform: OptionValidation.seed) var seed: UInt64 = 1
    @Option(parsing: .unconditional, help: "Worker threads.") var threads = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        if let image { try OptionValidation.atLeast(0, image, option: "--image") }
        try OptionValidation.threads(threads)
    }

    func run() throws {
        let saved = try orExit { try Checkpoint.read(from: URL(fileURLWithPath: checkpoint)) }
        let spec = try orExit { try saved.spec() }
        let network = try orExit { try Network(spec: spec, seed: 0) }
        let trainer = try orExit { try Trainer(network: network, optimizer: saved.optimizer, threads: threads) }
        try orExit { try saved.restore(into: trainer) }
        let loaded = try orExit { try DataLocator().load(data, seed: seed) }
        let set = loaded.test ?? loaded.train
        guard set.width == spec.input.width, set.height == spec.input.height, set.channels == spec.input.depth else {
            FileHandle.standardError.write(Data("error: the checkpoint's network takes \(spec.input) images but \(loaded.name) has \(set.width)x\(set.height)x\(set.channels)\n".utf8))
            throw ExitCode(1)
        }
        guard set.classCount <= trainer.classCount else {
            FileHandle.standardError.write(Data("error: \(loaded.name) has \(set.classCount) classes but the checkpoint's network scores \(trainer.classCount)\n".utf8))
            throw ExitCode(1)
        }
        if let image {
            guard (0..<set.count).contains(image) else { throw ValidationError("--image must be in 0..<\(set.count)") }
            var pixels = [Float](repeating: 0, count: set.pixelsPerImage)
            pixels.withUnsafeMutableBufferPointer { set.writeFloats(at: image, into: $0.baseAddress!, preprocessing: .convNetJS) }
            let names = set.classNames
            print("Image \(image) of \(loaded.name): true class \(names[set.label(at: image)])")
            for (rank, prediction) in trainer.topK(pixels, k: 3).enumerated() {
                let name = prediction.label < names.count ? names[prediction.label] : "class \(prediction.label)"
                print(String(format: "  %d. %-12@ %5.1f%%", rank + 1, name, Double(prediction.probability) * 100))
            }
            return
        }
        let evaluation = trainer.evaluate(count: set.count, batchSize: 100) { range, buffer in
            var labels: [Int] = []
            buffer.withUnsafeMutableBufferPointer { set.writeBatch(indices: range, into: $0.baseAddress!, labels: &labels) }
            return labels
        }
        print(String(format: "%@ on %@ (%@ set): accuracy %.2f%%, loss %.3f, %d images", checkpoint, loaded.name,
                     loaded.test == nil ? "training" : "test", evaluation.accuracy * 100, evaluation.loss, evaluation.examples))
        print(ConfusionTable.render(evaluation, classNames: set.classNames))
    }
}
