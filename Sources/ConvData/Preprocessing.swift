/// How pixel bytes become the floats a network sees: `value = (byte * scale + offset - mean[c]) / std[c]`.
///
/// The default is ConvNetJS's CIFAR demo: `p/255 - 0.5`, so inputs lie in [-0.5, 0.5] and are
/// roughly centred without looking at the data. Per-channel mean subtraction is optional:
/// `subtractingChannelMeans(of:)` measures the means (in scaled units) on the training set, and
/// the same values must then be used for the test set, so a model never peeks at test data.
public struct Preprocessing: Sendable, Hashable {
    public var scale: Float
    public var offset: Float
    /// Per-channel means in scaled units, subtracted after scaling; nil for none.
    public var channelMeans: [Float]?
    /// Per-channel standard deviations the centred values are divided by; nil for none.
    public var channelStds: [Float]?

    public init(scale: Float = 1.0 / 255.0, offset: Float = -0.5, channelMeans: [Float]? = nil, channelStds: [Float]? = nil) {
        self.scale = scale
        self.offset = offset
        self.channelMeans = channelMeans
        self.channelStds = channelStds
    }

    /// torchvision's ImageNet normalisation, which its pretrained classifiers expect:
    /// (p/255 - mean) / std with ImageNet's RGB mean and standard deviation.
    public static let imageNet = Preprocessing(scale: 1.0 / 255.0, offset: 0, channelMeans: [0.485, 0.456, 0.406],
                                               channelStds: [0.229, 0.224, 0.225])

    /// The formula in words, for the screens that show what a net is fed.
    public var formula: String {
        func list(_ v: [Float]) -> String { v.count == 1 ? "\(v[0])" : "(" + v.map { "\($0)" }.joined(separator: ", ") + ")" }
        let scaled = scale == 1.0 / 255.0 ? "p/255" : "p*\(scale)"
        var text = offset == 0 ? scaled : "\(scaled) \(offset < 0 ? "-" : "+") \(abs(offset))"
        if let means = channelMeans { text = "\(text) - \(list(means))" }
        if let stds = channelStds { text = "(\(text)) / \(list(stds))" }
        return text
    }

    /// ConvNetJS: p/255 - 0.5, range [-0.5, 0.5].
    public static let convNetJS = Preprocessing()
    /// p/255, range [0, 1]: for showing images, not for training.
    public static let unitRange = Preprocessing(scale: 1.0 / 255.0, offset: 0)

    /// The value of `byte` in channel `channel` after preprocessing.
    public func value(ofByte byte: UInt8, channel: Int) -> Float {
        Float(byte) * gain(channel: channel) + bias(channel: channel)
    }

    /// This preprocessing with the per-channel means of `set` (measured after scaling) subtracted.
    public func subtractingChannelMeans(of set: ImageSet) -> Preprocessing {
        var copy = self
        copy.channelMeans = nil
        let sums = Self.channelByteSums(of: set)
        let n = Double(max(set.count * set.planeSize, 1))
        copy.channelMeans = sums.map { Float($0 / n) * scale + offset }
        return copy
    }

    /// Sum of every byte of each channel over the whole set (exact in integers, then Double).
    static func channelByteSums(of set: ImageSet) -> [Double] {
        var sums = [UInt64](repeating: 0, count: set.channels)
        let plane = set.planeSize
        for i in 0..<set.count {
            set.withPixels(at: i) { px in
                for c in 0..<set.channels {
                    var s: UInt64 = 0
                    for k in (c * plane)..<((c + 1) * plane) { s &+= UInt64(px[k]) }
                    sums[c] &+= s
                }
            }
        }
        return sums.map { Double($0) }
    }

    /// value = byte * gain + bias, per channel.
    @inline(__always)
    func gain(channel: Int) -> Float {
        if let stds = channelStds, channel < stds.count { return scale / stds[channel] }
        return scale
    }

    @inline(__always)
    func bias(channel: Int) -> Float {
        var b = offset
        if let means = channelMeans, channel < means.count { b -= means[channel] }
        if let stds = channelStds, channel < stds.count { b /= stds[channel] }
        return b
    }

    /// The one hot loop: bytes (CHW) to floats (CHW), moved by `transform`.
    func apply(
        source: UnsafePointer<UInt8>, destination: UnsafeMutablePointer<Float>,
        channels: Int, height: Int, width: Int, transform: ImageTransform
    ) {
        let plane = height * width
        if transform.isIdentity {
            for c in 0..<channels {
                let s = gain(channel: c), b = bias(channel: c)
                let src = source + c * plane, dst = destination + c * plane
                for k in 0..<plane { dst[k] = Float(src[k]) * s + b }
            }
            return
        }
        let dx = transform.dx, dy = transform.dy, flip = transform.flip
        for c in 0..<channels {
            let s = gain(channel: c), b = bias(channel: c)
            for y in 0..<height {
                let dst = destination + c * plane + y * width
                let sy = y - dy
                guard sy >= 0 && sy < height else {
                    dst.update(repeating: 0, count: width)
                    continue
                }
                let src = source + c * plane + sy * width
                for x in 0..<width {
                    // Mirror after shifting: output x reads the shifted image at width-1-x.
                    let sx = (flip ? width - 1 - x : x) - dx
                    dst[x] = (sx >= 0 && sx < width) ? Float(src[sx]) * s + b : 0
                }
            }
        }
    }
}
