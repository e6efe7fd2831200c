import ConvData
import ConvEngine
import Foundation

/// `convterm demo seeing --checkpoint CKPT`: the seeing demo's question asked of a net that is
/// already trained (an ImageNet net from `convterm import`), with no training. Its classes are
/// not the built-in set's, so the saliency (Simonyan et al. 2013: |d score / d pixel|, max over
/// the colour channels) is of each image's top class, and measured, as in `SeeingExperiment`,
/// against the object the painter drew: the share of the map inside the object's mask over the
/// share of the image the mask covers. The built-in test images are resized (bilinear) to the
/// net's input, and their masks with them (each output pixel takes its source pixel's mask).
public struct CheckpointSaliency: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let path: String
    public let trainer: Trainer
    public let input: CheckpointInput
    public var seed: UInt64
    public var images: Int
    /// Pixels (at 32x32) the object's mask grows by, as the seeing demo's.
    public var dilation = 1

    public init(checkpoint: Checkpoint, path: String, seed: UInt64, images: Int, threads: Int) throws {
        do {
            let network = try Network(spec: try checkpoint.spec(), seed: seed)
            trainer = try Trainer(network: network, optimizer: checkpoint.optimizer, threads: threads)
            try checkpoint.restore(into: trainer)
        } catch {
            throw Failure(description: "\(path): \(error)")
        }
        self.path = path
        input = CheckpointInput(checkpoint)
        self.seed = seed
        self.images = images
    }

    /// Test images drawn from, as the seeing demo's (`SeeingExperiment.Recipe.testCount`).
    static let testCount = 1000

    public struct Image: Codable, Sendable, Equatable {
        public var index: Int
        /// The built-in set's class of the picture, and the net's top class with its probability.
        public var drawn: String
        public var topClass: String
        public var probability: Double
        public var saliencyInObject: Double
        public var objectArea: Double

        enum CodingKeys: String, CodingKey {
            case index, drawn, topClass = "top_class", probability, saliencyInObject = "saliency_in_object", objectArea = "object_area"
        }
    }

    public struct Report: Codable, Sendable, Equatable {
        public var checkpoint: String
        public var saliencyInObject: Double
        public var objectArea: Double
        public var ratio: Double
        public var target = "each image's top class's score; per pixel, the largest |gradient| over the colour channels"
        public var input: String
        public var images: [Image]
        public var seed: UInt64

        enum CodingKeys: String, CodingKey {
            case checkpoint, saliencyInObject = "saliency_in_object", objectArea = "object_area", ratio, target, input, images, seed
        }

        public var summary: String {
            var lines = ["seeing \(checkpoint) (no training): \(DemoText.percent(saliencyInObject)) of each image's top-class saliency lies on the painted object, "
                + "which covers \(DemoText.percent(objectArea)) of the image (\(String(format: "%.2f", ratio))x, \(images.count) built-in test images, seed \(seed))",
                input]
            for image in images {
                lines.append(String(format: "  image %d (%@): top class %@ %.1f%%; %@ of its saliency on the object (%@ of the image)", image.index,
                                    image.drawn, image.topClass, image.probability * 100,
                                    DemoText.percent(image.saliencyInObject), DemoText.percent(image.objectArea)))
            }
            return lines.joined(separator: "\n")
        }
    }

    /// The saliency maps, [H, W] each at the net's input size, beside the report; for pictures.
    public struct Run: Sendable {
        public var report: Report
        public var test: ImageSet
        public var maps: [[Float]]
    }

    public func run() throws -> Run {
        let spec = trainer.network.spec
        let testSeed = SyntheticCIFAR.testSeed(splitSeed: seed)
        let small = SyntheticCIFAR.make(count: Self.testCount, seed: testSeed)
        let (test, note) = try CheckpointInput.fit(small, dataName: "the built-in set", to: spec.input, limit: images)
        var out: [Image] = [], maps: [[Float]] = []
        for i in 0..<test.count {
            var pixels = [Float](repeating: 0, count: test.pixelsPerImage)
            pixels.withUnsafeMutableBufferPointer { test.writeFloats(at: i, into: $0.baseAddress!, preprocessing: input.preprocessing) }
            let top = trainer.topK(pixels, k: 1)[0]
            let saliency = Saliency.compute(network: trainer.network, image: pixels, classIndex: top.label, threads: trainer.threads)
            let drawn = SyntheticCIFAR.drawn(index: i, count: Self.testCount, seed: testSeed)
            let mask = Self.scaled(drawn.objectMask(dilation: dilation), from: small.width, small.height, to: spec.input.width, spec.input.height)
            let map = saliency.map
            maps.append(map)
            out.append(Image(index: i, drawn: small.classNames[drawn.label], topClass: input.className(top.label, data: test, netClasses: trainer.classCount),
                             probability: Double(top.probability), saliencyInObject: Saliency.share(of: map, inside: mask),
                             objectArea: Double(mask.filter { $0 }.count) / Double(mask.count)))
        }
        let share = out.map(\.saliencyInObject).reduce(0, +) / Double(max(out.count, 1))
        let area = out.map(\.objectArea).reduce(0, +) / Double(max(out.count, 1))
        let described = [note, "input: \(input.preprocessing.formula)"].compactMap { $0 }.joined(separator: "; ")
        let report = Report(checkpoint: path, saliencyInObject: share, objectArea: area, ratio: area > 0 ? share / area : 0,
                            input: described, images: out, seed: seed)
        return Run(report: report, test: test, maps: maps)
    }

    /// Shapes: mask [h, w] -> [newHeight, newWidth], each output pixel taking the mask of the
    /// source pixel its centre falls in.
    static func scaled(_ mask: [Bool], from w: Int, _ h: Int, to newWidth: Int, _ newHeight: Int) -> [Bool] {
        var out = [Bool](repeating: false, count: newWidth * newHeight)
        for y in 0..<newHeight {
            let sy = min(h - 1, (2 * y + 1) * h / (2 * newHeight))
            for x in 0..<newWidth {
                out[y * newWidth + x] = mask[sy * w + min(w - 1, (2 * x + 1) * w / (2 * newWidth))]
            }
        }
        return out
    }

    /// One PNG an image: the image as the net saw it (before normalisation) beside its saliency map
    /// (white = largest |gradient|), named by checkpoint and image.
    public static func pictures(_ run: Run, name: String) -> [SlidePictures.Picture] {
        let set = run.test
        let w = set.width, h = set.height, plane = w * h
        return run.maps.enumerated().map { i, map in
            let pixels = set.pixels(at: i)
            let peak = max(map.max() ?? 0, .leastNormalMagnitude)
            var rgb = [UInt8](repeating: 0, count: 2 * w * h * 3)
            for y in 0..<h {
                for x in 0..<w {
                    let left = (y * 2 * w + x) * 3, right = (y * 2 * w + w + x) * 3
                    for c in 0..<3 { rgb[left + c] = pixels[(set.channels == 3 ? c : 0) * plane + y * w + x] }
                    let v = UInt8(min(255, max(0, (map[y * w + x] / peak * 255).rounded())))
                    rgb[right] = v; rgb[right + 1] = v; rgb[right + 2] = v
                }
            }
            return SlidePictures.Picture(fileName: "\(name)-saliency-image\(i).png", width: 2 * w, height: h, rgb: rgb)
        }
    }
}
