import ConvData
import ConvEngine
import Foundation

/// `convterm eval`: a saved checkpoint measured on a data set's test images (its training
/// images when it has none), or its top-3 guesses for one image. The checkpoint is loaded into a
/// `TrainingSession`, exactly as `train --resume` would load it.
public struct CheckpointReport {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let checkpointPath: String
    public let dataName: String
    /// Which images are measured, and what to call them.
    public let set: ImageSet
    public let setName: String
    let session: TrainingSession

    public init(checkpointPath: String, checkpoint: Checkpoint, data: DataLocator.Loaded, threads: Int) throws {
        let spec: NetworkSpec
        do { spec = try checkpoint.spec() } catch { throw Failure(description: "\(checkpointPath): \(error)") }
        set = data.test ?? data.train
        setName = data.test == nil ? data.trainRole : "test"
        self.checkpointPath = checkpointPath
        dataName = data.name
        guard set.width == spec.input.width, set.height == spec.input.height, set.channels == spec.input.depth else {
            throw Failure(description: "\(checkpointPath): the network takes \(spec.input) images but \(data.name) has \(set.width)x\(set.height)x\(set.channels); evaluate it on data of that shape")
        }
        var options = TrainingOptions(network: NetworkSource(name: checkpointPath, origin: checkpointPath, text: spec.text, spec: spec),
                                      dataName: data.name, train: set, test: set)
        options.optimizer = checkpoint.optimizer
        options.threads = threads
        options.resume = checkpoint
        do { session = try TrainingSession(options) } catch { throw Failure(description: "\(error)") }
    }

    /// Accuracy, loss and the confusion matrix over the whole set, as printed text.
    public func evaluation() -> String {
        let e = session.evaluate(set)!
        let head = String(format: "%@ on %@ (%@ set): accuracy %.2f%%, loss %.3f, %d images", checkpointPath, dataName,
                          setName, e.accuracy * 100, e.loss, e.examples)
        return head + "\n" + ConfusionTable.render(e, classNames: set.classNames)
    }

    /// The three most likely classes of image `index`, as printed text.
    public func topThree(image index: Int) throws -> String {
        guard (0..<set.count).contains(index) else {
            throw Failure(description: "--image must be an index into the \(setName) set, 0...\(set.count - 1); got \(index)")
        }
        var pixels = [Float](repeating: 0, count: set.pixelsPerImage)
        pixels.withUnsafeMutableBufferPointer { set.writeFloats(at: index, into: $0.baseAddress!, preprocessing: session.options.preprocessing) }
        let names = set.classNames
        var out = "Image \(index) of \(dataName): true class \(names[set.label(at: index)])"
        for (rank, prediction) in session.trainer.topK(pixels, k: 3).enumerated() {
            let name = prediction.label < names.count ? names[prediction.label] : "class \(prediction.label)"
            out += String(format: "\n  %d. %-12@ %5.1f%%", rank + 1, name, Double(prediction.probability) * 100)
        }
        return out
    }
}
