import ConvEngine
import Dispatch
import Foundation

/// The built-in set with where each object is, for the tasks beyond classification: the same
/// images as `SyntheticCIFAR.make(count:seed:)` (byte for byte, same labels), each with the
/// painter's mask of its shape and the box around that mask.
public struct SyntheticObjects: Sendable {
    /// The images and class labels, exactly `SyntheticCIFAR.make(count:seed:)`.
    public let images: ImageSet
    /// [count * 32 * 32], row-major per image: 1 where the pixel's centre lies inside the shape
    /// (the painter's coverage at least one half, `DrawnImage.objectMask()`), 0 elsewhere:
    /// background, the clutter blobs and the shape's outside alike.
    public let masks: [UInt8]
    /// The tightest box around each image's mask (pixels); a mask that is empty (a shape the
    /// painter pushed out of the frame) gets an empty box at the centre.
    public let boxes: [ObjectBox]

    public static let side = SyntheticPainter.size
    public static var pixels: Int { SyntheticPainter.plane }

    public var count: Int { images.count }

    public func mask(_ index: Int) -> ArraySlice<UInt8> { masks[(index * Self.pixels)..<((index + 1) * Self.pixels)] }

    /// `count` images drawn from `seed`, with masks and boxes.
    public static func make(count: Int, seed: UInt64) -> SyntheticObjects {
        let (labels, imageSeedBase) = SyntheticCIFAR.shuffledLabels(count: count, seed: seed)
        let size = CIFARFormat.pixelBytes, plane = SyntheticPainter.plane
        var data = Data(count: count * size)
        var masks = [UInt8](repeating: 0, count: count * plane)
        data.withUnsafeMutableBytes { raw in
            masks.withUnsafeMutableBufferPointer { maskBuffer in
                let out = UnsafeMutableSendablePointer(raw.bindMemory(to: UInt8.self).baseAddress)
                let maskOut = UnsafeMutableSendablePointer(maskBuffer.baseAddress)
                let chunks = min(max(count / 256, 1), 64)
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    let lo = count * chunk / chunks, hi = count * (chunk + 1) / chunks
                    var coverage = [Float](repeating: 0, count: plane)
                    for i in lo..<hi {
                        // The same generator and drawing as `make`; recording coverage changes no byte.
                        var rng = SyntheticCIFAR.imageRandom(base: imageSeedBase, index: i)
                        for k in 0..<plane { coverage[k] = 0 }
                        SyntheticCIFAR.draw(label: Int(labels[i]), into: out.pointer! + i * size, &rng, coverage: &coverage)
                        for k in 0..<plane { maskOut.pointer![i * plane + k] = coverage[k] >= 0.5 ? 1 : 0 }
                    }
                }
            }
        }
        let images = ImageSet(
            blocks: [ImageSet.Block(bytes: data, recordSize: size, pixelOffset: 0, firstRecord: 0, count: count)],
            labels: labels, classNames: SyntheticCIFAR.classNames, augmentation: .shiftsOnly)
        let side = SyntheticPainter.size
        let centre = Float(side) / 2
        let boxes = (0..<count).map { i in
            ObjectBox.around(masks[(i * plane)..<((i + 1) * plane)].map { $0 != 0 }, width: side)
                ?? ObjectBox(left: centre, top: centre, right: centre, bottom: centre)
        }
        return SyntheticObjects(images: images, masks: masks, boxes: boxes)
    }
}

extension DrawnImage {
    /// The tightest box around `objectMask()` (pixels), nil when the mask is empty.
    public var box: ObjectBox? { ObjectBox.around(objectMask(), width: SyntheticPainter.size) }
}
