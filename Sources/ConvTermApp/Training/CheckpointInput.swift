import ConvData
import ConvEngine

/// What a checkpoint says about the images its net expects, and how a data set is fitted to it.
/// A net imported from torchvision was trained on ImageNet: `convterm import` writes its class
/// names (`extra classes imagenet`) and the normalisation its weights expect (`extra input-mean`,
/// `extra input-std`) into the checkpoint. A net trained in ConvTerm carries neither: it is fed
/// ConvNetJS's p/255 - 0.5 and named by its data.
public struct CheckpointInput: Sendable {
    public var preprocessing: Preprocessing
    /// The net's own class names when the checkpoint carries them (an imported ImageNet net).
    public var classNames: [String]?

    static let classesKey = "classes", meanKey = "input-mean", stdKey = "input-std"

    public init(_ checkpoint: Checkpoint) {
        let extra = checkpoint.extra
        func floats(_ key: String) -> [Float]? {
            guard let text = extra[key] else { return nil }
            let values = text.split(separator: " ").compactMap { Float($0) }
            return values.isEmpty ? nil : values
        }
        if let means = floats(Self.meanKey), let stds = floats(Self.stdKey), means.count == stds.count, stds.allSatisfy({ $0 > 0 }) {
            preprocessing = Preprocessing(scale: 1.0 / 255.0, offset: 0, channelMeans: means, channelStds: stds)
        } else {
            preprocessing = .convNetJS
        }
        classNames = extra[Self.classesKey] == "imagenet" ? ImageNetClasses.names : nil
    }

    /// The extras `convterm import` writes for a net read with torchvision's names: ImageNet's
    /// classes and the normalisation its pretrained weights were trained with. GoogLeNet's
    /// weights came from TensorFlow: torchvision's model turns ImageNet-normalised input back into
    /// (p/255 - 0.5) / 0.5 (`transform_input`) before its first layer, so that is what it is fed here.
    public static func torchvisionExtras(network: String) -> [String: String] {
        let p = network == "googlenet"
            ? Preprocessing(scale: 1.0 / 255.0, offset: 0, channelMeans: [0.5, 0.5, 0.5], channelStds: [0.5, 0.5, 0.5])
            : Preprocessing.imageNet
        func text(_ v: [Float]?) -> String { (v ?? []).map { "\($0)" }.joined(separator: " ") }
        return [classesKey: "imagenet", meanKey: text(p.channelMeans), stdKey: text(p.channelStds)]
    }

    /// Whether `set`'s labels are the net's classes, so an accuracy means something: not when the
    /// checkpoint names other classes, nor when the net has a different number of them.
    public func predictsClasses(of set: ImageSet, netClasses: Int) -> Bool {
        if let classNames, classNames != set.classNames { return false }
        return netClasses == set.classCount
    }

    /// The net's name for class `label`: its own names; the data's when its classes are the
    /// data's (`predictsClasses`); else "class N" (a data set's names are no other net's).
    public func className(_ label: Int, data: ImageSet, netClasses: Int) -> String {
        let names = classNames ?? (predictsClasses(of: data, netClasses: netClasses) ? data.classNames : [])
        return label < names.count ? names[label] : "class \(label)"
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The first `limit` images of `set` (all when nil) at the net's input size: resized,
    /// bilinearly, when they are not, with a sentence that says so for every screen that shows them.
    public static func fit(_ set: ImageSet, dataName: String, to input: Volume, limit: Int?) throws -> (set: ImageSet, note: String?) {
        guard set.channels == input.depth else {
            throw Failure(description: "the network takes \(input) images but \(dataName) has \(set.channels) colour channels; use data with \(input.depth)")
        }
        let part = limit.map { set.prefix($0) } ?? set
        if set.width == input.width && set.height == input.height { return (part, nil) }
        let note = "\(dataName)'s \(set.width)x\(set.height) images resized (bilinear) to the net's \(input.width)x\(input.height)"
        return (part.resized(width: input.width, height: input.height), note)
    }
}
