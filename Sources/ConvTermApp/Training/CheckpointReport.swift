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
    /// The checkpoint's classes and preprocessing (an imported ImageNet net's own).
    public let input: CheckpointInput
    /// Whether the set's labels are the net's classes; if not, `evaluation` lists each image's top 5.
    public let ownClasses: Bool
    /// How the images were fitted to the net's input, when they had to be.
    public let resizeNote: String?
    let session: TrainingSession

    /// Images listed by default when the data's classes are not the net's.
    public static let defaultListed = 10

    /// `count` limits the images measured (all by default; `defaultListed` when the classes are not the net's).
    public init(checkpointPath: String, checkpoint: Checkpoint, data: DataLocator.Loaded, threads: Int, count: Int? = nil) throws {
        let spec: NetworkSpec
        do { spec = try checkpoint.spec() } catch { throw Failure(description: "\(checkpointPath): \(error)") }
        input = CheckpointInput(checkpoint)
        let whole = data.test ?? data.train
        setName = data.test == nil ? data.trainRole : "test"
        self.checkpointPath = checkpointPath
        dataName = data.name
        ownClasses = input.predictsClasses(of: whole, netClasses: NetworkShapes(spec).output.count)
        do {
            (set, resizeNote) = try CheckpointInput.fit(whole, dataName: data.name, to: spec.input, limit: count ?? (ownClasses ? nil : Self.defaultListed))
        } catch {
            throw Failure(description: "\(checkpointPath): \(error); evaluate it on data of that shape")
        }
        var options = TrainingOptions(network: NetworkSource(name: checkpointPath, origin: checkpointPath, text: spec.text, spec: spec),
                                      dataName: data.name, train: set, test: set)
        options.optimizer = checkpoint.optimizer
        options.threads = threads
        options.resume = checkpoint
        options.preprocessing = input.preprocessing
        do { session = try TrainingSession(options) } catch { throw Failure(description: "\(error)") }
    }

    /// The dashboard as a viewer of this checkpoint on these images (`eval --dashboard`): nothing
    /// trains; `p` writes pictures beside the checkpoint, named by its file name.
    public func viewerConfiguration() -> DashboardConfiguration {
        var options = session.options
        options.network.name = URL(fileURLWithPath: checkpointPath).deletingPathExtension().lastPathComponent
        var configuration = DashboardConfiguration(training: options, savePath: checkpointPath, startPaused: true)
        let netNames = ownClasses ? nil : input.classNames ?? (0..<session.trainer.classCount).map { "class \($0)" }
        configuration.viewing = DashboardViewing(checkpoint: checkpointPath, netClassNames: netNames, notes: inputNotes)
        return configuration
    }

    /// The lines above a report that say how the images were fed: resized, and preprocessed
    /// other than ConvTerm's default.
    public var inputNotes: [String] {
        var notes: [String] = []
        if let resizeNote { notes.append(resizeNote) }
        if input.preprocessing != .convNetJS { notes.append("input: \(input.preprocessing.formula), the normalisation its weights were trained with") }
        return notes
    }

    /// Accuracy, loss and the confusion matrix over the whole set, as printed text; when the
    /// set's classes are not the net's, each image's top 5 instead (an accuracy would be meaningless).
    public func evaluation() -> String {
        guard ownClasses else { return topFiveList() }
        let e = session.evaluate(set)!
        let head = String(format: "%@ on %@ (%@ set): accuracy %.2f%%, loss %.3f, %d images", checkpointPath, dataName,
                          setName, e.accuracy * 100, e.loss, e.examples)
        return ([head] + inputNotes).joined(separator: "\n") + "\n" + ConfusionTable.render(e, classNames: set.classNames)
    }

    /// Each image's five most likely classes, named by the net, beside the data's own label.
    func topFiveList() -> String {
        let netClasses = session.trainer.classCount
        let whose = input.classNames == nil ? "\(netClasses) classes" : "ImageNet's \(netClasses) classes"
        var lines = ["\(checkpointPath) predicts \(whose), not \(dataName)'s \(set.classCount): no accuracy, its top 5 for the first \(set.count) \(setName) images (--count for more)"]
        lines += inputNotes
        for index in 0..<set.count {
            lines.append("image \(index) (\(dataName): \(set.classNames[set.label(at: index)]))")
            for (rank, p) in predictions(image: index, k: 5).enumerated() {
                lines.append(String(format: "  %d. %5.1f%%  %@", rank + 1, Double(p.probability) * 100, input.className(p.label, data: set, netClasses: session.trainer.classCount)))
            }
        }
        return lines.joined(separator: "\n")
    }

    func predictions(image index: Int, k: Int) -> [(label: Int, probability: Float)] {
        var pixels = [Float](repeating: 0, count: set.pixelsPerImage)
        pixels.withUnsafeMutableBufferPointer { set.writeFloats(at: index, into: $0.baseAddress!, preprocessing: session.options.preprocessing) }
        return session.trainer.topK(pixels, k: k)
    }

    /// The three most likely classes of image `index` (five when the classes are not the data's), as printed text.
    public func topThree(image index: Int) throws -> String {
        guard (0..<set.count).contains(index) else {
            throw Failure(description: "--image must be an index into the \(setName) set, 0...\(set.count - 1); got \(index)")
        }
        var out = "Image \(index) of \(dataName): true class \(set.classNames[set.label(at: index)])"
        for note in inputNotes { out += "\n" + note }
        for (rank, prediction) in predictions(image: index, k: ownClasses ? 3 : 5).enumerated() {
            out += String(format: "\n  %d. %-12@ %5.1f%%", rank + 1, input.className(prediction.label, data: set, netClasses: session.trainer.classCount), Double(prediction.probability) * 100)
        }
        return out
    }
}
