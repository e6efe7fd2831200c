/// Saliency (Simonyan et al., 2013): which input pixels move one class score the most. One
/// forward pass and one backward pass that starts from a one-hot gradient on the chosen score
/// and stops at the image, instead of updating weights.
public struct Saliency: Sendable {
    /// The class whose score was differentiated.
    public var classIndex: Int
    /// Every class score of the image (before softmax), [K].
    public var scores: [Float]
    /// d score[classIndex] / d image, the input's shape [C, H, W].
    public var gradient: [Float]
    public var volume: Volume

    public var score: Float { scores[classIndex] }

    /// The picture people draw: for every pixel, the largest |gradient| over its channels, [H, W].
    public var map: [Float] { Saliency.map(gradient, volume: volume) }

    /// Shapes: image [C, H, W] = the network's input volume -> gradient [C, H, W].
    ///
    /// Runs in evaluation mode (no dropout, batch-norm running statistics), so the gradient is
    /// that of the function the network computes at test time. The backward pass also adds into
    /// the parameters' gradients; they are zeroed afterwards so that no trainer sees them.
    public static func compute(network: Network, image: [Float], classIndex: Int, threads: Int = 1) -> Saliency {
        let volume = network.spec.input
        precondition(image.count == volume.count, "image has \(image.count) values, the network takes \(volume)")
        let k = network.outputVolume.count
        precondition((0..<k).contains(classIndex), "class \(classIndex) outside 0..<\(k)")
        let context = PassContext(training: false, threads: threads)
        let scores = network.scores(Tensor(batch: 1, volume: volume, data: image), context)
        var oneHot = Tensor(zeros: 1, network.outputVolume)
        oneHot.data[classIndex] = 1
        let gradient = network.backward(oneHot, context)
        network.zeroGradients()
        return Saliency(classIndex: classIndex, scores: scores.data, gradient: gradient.data, volume: volume)
    }

    /// Shapes: gradient [C, H, W] -> [H, W], max over c of |gradient[c, y, x]|.
    public static func map(_ gradient: [Float], volume: Volume) -> [Float] {
        let plane = volume.width * volume.height
        precondition(gradient.count == plane * volume.depth, "gradient does not match \(volume)")
        var out = [Float](repeating: 0, count: plane)
        for c in 0..<volume.depth {
            for i in 0..<plane { out[i] = max(out[i], abs(gradient[c * plane + i])) }
        }
        return out
    }

    /// Shapes: map [H, W], mask [H, W] -> the share of the map's total that lies inside the mask,
    /// 0...1 (Simonyan et al.'s question "does the saliency sit on the object?" as a number).
    /// An all-zero map has no saliency anywhere: 0.
    public static func share(of map: [Float], inside mask: [Bool]) -> Double {
        precondition(map.count == mask.count, "map has \(map.count) values, mask \(mask.count)")
        var inside = 0.0, total = 0.0
        for (v, m) in zip(map, mask) {
            total += Double(v)
            if m { inside += Double(v) }
        }
        return total > 0 ? inside / total : 0
    }
}
