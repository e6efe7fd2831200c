import Foundation

extension ImageSet {
    /// Every image scaled to `width`x`height` by bilinear interpolation, as PyTorch's
    /// `F.interpolate(mode="bilinear", align_corners=False)` without antialiasing, rounded back to
    /// bytes: how a 32x32 CIFAR image becomes the 224x224 input of an ImageNet net. Labels, class
    /// names and augmentation stay. The result is a copy in memory, so resize a `prefix` of a large
    /// set (CIFAR-10's 10,000 test images at 224x224 are 1.5 GB).
    public func resized(width newWidth: Int, height newHeight: Int) -> ImageSet {
        precondition(newWidth > 0 && newHeight > 0, "a resized image needs a positive size")
        if newWidth == width && newHeight == height { return self }
        let xs = Self.taps(from: width, to: newWidth), ys = Self.taps(from: height, to: newHeight)
        let outPlane = newWidth * newHeight, outSize = channels * outPlane
        var data = Data(count: count * outSize)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: UInt8.self).baseAddress!
            for i in 0..<count {
                withPixels(at: i) { src in
                    // [C, H, W] bytes -> [C, newHeight, newWidth] bytes.
                    for c in 0..<channels {
                        let plane = src.baseAddress! + c * planeSize
                        let dst = out + i * outSize + c * outPlane
                        for (oy, ty) in ys.enumerated() {
                            let row0 = plane + ty.low * width, row1 = plane + ty.high * width
                            for (ox, tx) in xs.enumerated() {
                                let top = Float(row0[tx.low]) * (1 - tx.weight) + Float(row0[tx.high]) * tx.weight
                                let bottom = Float(row1[tx.low]) * (1 - tx.weight) + Float(row1[tx.high]) * tx.weight
                                let v = top * (1 - ty.weight) + bottom * ty.weight
                                dst[oy * newWidth + ox] = UInt8(min(255, max(0, v.rounded())))
                            }
                        }
                    }
                }
            }
        }
        return ImageSet(blocks: [Block(bytes: data, recordSize: outSize, pixelOffset: 0, firstRecord: 0, count: count)],
                        labels: labelStore, classNames: classNames, channels: channels,
                        height: newHeight, width: newWidth, augmentation: augmentation)
    }

    /// For each output coordinate: the two input coordinates it blends and the second one's weight.
    /// PyTorch's rule: source = (out + 0.5) * in/out - 0.5, clamped at 0 (half-pixel centres).
    static func taps(from size: Int, to newSize: Int) -> [(low: Int, high: Int, weight: Float)] {
        let ratio = Float(size) / Float(newSize)
        return (0..<newSize).map { o in
            let source = max(0, (Float(o) + 0.5) * ratio - 0.5)
            let low = min(Int(source), size - 1)
            return (low, min(low + 1, size - 1), source - Float(low))
        }
    }
}
