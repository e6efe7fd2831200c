/// What one training step reports, as values: the UI draws them, `convterm train` logs them.
public struct TrainingEvent: Sendable {
    public var step: Int
    public var examplesSeen: Int
    public var batchSize: Int
    /// Mean cross-entropy of this batch (no L2 term).
    public var loss: Double
    public var l2Loss: Double
    public var batchAccuracy: Double
    /// Moving averages over the last 100 examples, as ConvNetJS shows them.
    public var averageLoss: Double
    public var averageAccuracy: Double
    /// Milliseconds per example for each phase of the step.
    public var forwardMilliseconds: Double
    public var backwardMilliseconds: Double
    public var updateMilliseconds: Double
    /// The rate this step used: the optimizer's base rate times `learningRateFactor`.
    public var learningRate: Double
    /// The learning-rate schedule's factor at this step (1 without a schedule).
    public var learningRateFactor: Double
    /// True when the loss or a weight stopped being a finite number; training halts.
    public var diverged: Bool
    public var snapshot: NetworkSnapshot?
}

/// One example's view of every layer, copied out so the UI can draw while training goes on.
public struct NetworkSnapshot: Sendable {
    public struct Layer: Sendable {
        public var name: String
        public var kind: LayerKind
        public var depth: Int
        public var output: Volume
        /// [C, H, W] of the chosen example, and the gradient that reached it.
        public var activations: [Float]
        public var activationGradients: [Float]?
        /// The layer's first parameter (weights) and its gradient, with its logical shape.
        public var weights: [Float]?
        public var weightGradients: [Float]?
        public var weightShape: [Int]?
    }
    public var example: Int
    /// The input image [C, H, W] and its gradient (the saliency picture).
    public var input: [Float]
    public var inputGradient: [Float]?
    public var label: Int
    public var probabilities: [Float]
    public var layers: [Layer]
}

/// Accuracy and loss on a held-out set, with the confusion matrix (rows: true class, columns: predicted).
public struct Evaluation: Sendable {
    public var examples: Int
    public var loss: Double
    public var accuracy: Double
    public var confusion: [[Int]]

    public var perClassAccuracy: [Double] {
        confusion.enumerated().map { index, row in
            let total = row.reduce(0, +)
            return total == 0 ? 0 : Double(row[index]) / Double(total)
        }
    }
}
