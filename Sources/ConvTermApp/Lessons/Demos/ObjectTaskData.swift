import ConvData
import ConvEngine
import Foundation

/// What the segmentation and localization demos train and test on: the built-in set with each
/// object's mask and box (`SyntheticObjects`), as float batches and the targets each head wants.
/// Everything follows from one seed: the images, their order, the test set.
struct ObjectTaskData: Sendable {
    let train: SyntheticObjects
    let test: SyntheticObjects

    /// Training images from `seed`, test images from the same seed's other stream (as
    /// `SyntheticCIFAR.makeSplit`), so no test image was trained on.
    init(seed: UInt64, trainCount: Int, testCount: Int) {
        train = SyntheticObjects.make(count: trainCount, seed: seed)
        test = SyntheticObjects.make(count: testCount, seed: SyntheticCIFAR.testSeed(splitSeed: seed))
    }

    /// Shapes: images `indices` of `set` -> [N, 3, 32, 32] floats in [-0.5, 0.5], unaugmented (a
    /// shift would move the object away from its mask and box).
    static func images(_ set: SyntheticObjects, _ indices: [Int]) -> Tensor {
        let per = set.images.pixelsPerImage
        var data = [Float](repeating: 0, count: indices.count * per)
        data.withUnsafeMutableBufferPointer { out in
            for (k, i) in indices.enumerated() { set.images.writeFloats(at: i, into: out.baseAddress! + k * per) }
        }
        return Tensor(batch: indices.count, volume: Volume(width: 32, height: 32, depth: 3), data: data)
    }

    /// Segmentation targets [N, 32, 32]: 1 on the object's pixels, 0 elsewhere.
    static func pixelLabels(_ set: SyntheticObjects, _ indices: [Int]) -> [Int] {
        indices.flatMap { set.mask($0).map(Int.init) }
    }

    /// Box targets [N, 4]: left, top, right, bottom as fractions of the image side (0...1).
    static func boxTargets(_ set: SyntheticObjects, _ indices: [Int]) -> [Float] {
        let side = Float(SyntheticObjects.side)
        return indices.flatMap { i -> [Float] in
            let b = set.boxes[i]
            return [b.left / side, b.top / side, b.right / side, b.bottom / side]
        }
    }

    /// A training order: every image once per epoch, shuffled from the seed and the epoch.
    struct Order {
        let count: Int
        let seed: UInt64
        var epoch = 0
        var position = 0
        var indices: [Int] = []

        /// `epoch` and `position` where a checkpoint left the order (0, 0: the start).
        init(count: Int, seed: UInt64, epoch: Int = 0, position: Int = 0) {
            self.count = count
            self.seed = seed
            self.epoch = epoch
            self.position = position
            reshuffle()
        }

        mutating func reshuffle() {
            var rng = SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
            indices = Array(0..<count)
            // Fisher-Yates by hand: the standard library's shuffle may change between versions.
            for i in stride(from: count - 1, to: 0, by: -1) { indices.swapAt(i, rng.nextInt(below: i + 1)) }
        }

        mutating func next(_ n: Int) -> [Int] {
            var out: [Int] = []
            while out.count < n {
                if position == count {
                    epoch += 1
                    position = 0
                    reshuffle()
                }
                out.append(indices[position])
                position += 1
            }
            return out
        }
    }
}

/// Intersection over union, the measure of both demos.
///
/// Segmentation: per image, the pixels the net calls object (its object score above its
/// background score) against the painter's mask: |predicted AND true| / |predicted OR true|,
/// then the mean over the test images. (Only the object class is measured; the background's
/// IoU would be high for any net that paints little.)
///
/// Localization: per image, the area the predicted box shares with the true box over the area
/// either covers (`ObjectBox.iou`), then the mean.
enum ObjectIoU {
    /// Shapes: scores [N, 2, 32, 32] (background, object) -> image `example`'s predicted mask [32 * 32].
    static func predictedMask(_ scores: Tensor, example: Int) -> [Bool] {
        let hw = scores.height * scores.width
        let base = example * 2 * hw
        return (0..<hw).map { scores.data[base + hw + $0] > scores.data[base + $0] }
    }

    /// |predicted AND true| / |predicted OR true|; 1 when both are empty.
    static func mask(_ predicted: [Bool], truth: ArraySlice<UInt8>) -> Double {
        var both = 0, either = 0
        for (p, t) in zip(predicted, truth) {
            let inside = t != 0
            if p && inside { both += 1 }
            if p || inside { either += 1 }
        }
        return either == 0 ? 1 : Double(both) / Double(either)
    }

    /// A box head's four numbers (fractions of the side) as a box in pixels; edges given in the
    /// wrong order make an empty box (IoU 0), never a flipped one.
    static func box(_ values: ArraySlice<Float>) -> ObjectBox {
        let side = Float(SyntheticObjects.side)
        let v = Array(values)
        return ObjectBox(left: v[0] * side, top: v[1] * side, right: v[2] * side, bottom: v[3] * side)
    }
}
