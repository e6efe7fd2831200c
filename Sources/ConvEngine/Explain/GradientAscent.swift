/// Gradient ascent on the input (DeepDream-style): keep the weights, change the image so that a
/// class score, or the mean activation of one layer, grows. Each step adds
/// `learningRate * g / rms(g)` (the gradient normalised so the step size does not depend on how
/// steep the score is), then shrinks the image by `l2Decay` toward zero (a small L2 penalty,
/// which keeps the picture from drifting into huge values the network never saw).
public struct GradientAscent: Sendable {
    /// What to make larger.
    public enum Objective: Sendable, Hashable {
        /// The score (before softmax) of class k.
        case classScore(Int)
        /// The mean output of the top-level layer with this name ("conv2", "relu3", ...).
        case layerMean(String)
    }

    /// One image on the way, with the objective's value at that image.
    public struct Step: Sendable {
        public var index: Int
        public var image: [Float]
        public var objective: Float
    }

    public var objective: Objective
    public var learningRate: Float
    public var l2Decay: Float
    public var steps: Int
    /// Pixel values are kept inside this range (the preprocessed input's range), if given.
    public var clamp: ClosedRange<Float>?

    public init(objective: Objective, learningRate: Float = 0.02, l2Decay: Float = 0.005, steps: Int = 30,
                clamp: ClosedRange<Float>? = -0.5...0.5) {
        self.objective = objective
        self.learningRate = learningRate
        self.l2Decay = l2Decay
        self.steps = steps
        self.clamp = clamp
    }

    /// Shapes: start [C, H, W] -> steps + 1 images [C, H, W], the start first, each with the
    /// objective's value measured at it. `onStep` sees each step as it is made (for progress).
    public func run(network: Network, start: [Float], onStep: ((Step) -> Void)? = nil) -> [Step] {
        var image = start
        var out: [Step] = []
        for i in 0...steps {
            let (value, gradient) = GradientAscent.objectiveAndGradient(network: network, image: image, objective: objective)
            let step = Step(index: i, image: image, objective: value)
            out.append(step)
            onStep?(step)
            if i == steps { break }
            var sumSquares: Float = 0
            for g in gradient { sumSquares += g * g }
            let rms = (sumSquares / Float(max(1, gradient.count))).squareRoot()
            let scale = learningRate / (rms + 1e-8)
            for j in image.indices {
                var v = (image[j] + scale * gradient[j]) * (1 - l2Decay)
                if let clamp { v = min(clamp.upperBound, max(clamp.lowerBound, v)) }
                image[j] = v
            }
        }
        return out
    }

    /// Shapes: image [C, H, W] -> (objective value, d objective / d image [C, H, W]).
    /// Parameter gradients touched by the backward pass are zeroed afterwards.
    public static func objectiveAndGradient(network: Network, image: [Float], objective: Objective) -> (Float, [Float]) {
        switch objective {
        case .classScore(let k):
            let s = Saliency.compute(network: network, image: image, classIndex: k)
            return (s.score, s.gradient)
        case .layerMean(let name):
            guard let last = network.layers.firstIndex(where: { $0.name == name }) else {
                preconditionFailure("no top-level layer named \(name)")
            }
            let context = PassContext(training: false, threads: 1)
            let layers = network.layers[...last]
            let output = layers.reduce(Tensor(batch: 1, volume: network.spec.input, data: image)) { $1.forward($0, context) }
            let count = Float(output.data.count)
            let mean = output.data.reduce(0, +) / count
            // d mean / d output = 1/count everywhere.
            let seed = Tensor(batch: 1, volume: output.volume, data: [Float](repeating: 1 / count, count: output.data.count))
            let gradient = layers.reversed().reduce(seed) { $1.backward($0, context) }
            network.zeroGradients()
            return (mean, gradient.data)
        }
    }
}
