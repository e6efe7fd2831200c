import Foundation

/// Runs minibatches through a network: forward, softmax cross-entropy, backward, optimizer step.
/// Single-threaded from the caller's point of view (it uses `threads` workers inside a step);
/// `TrainingRunner` drives it from a background thread with pause/step/resume.
public final class Trainer: @unchecked Sendable {
    public let network: Network
    public let optimizer: Optimizer
    public var threads: Int
    /// Scales each step's learning rate (nil: the optimizer's rate as it is).
    public var schedule: LearningRateSchedule?
    public private(set) var step = 0
    public private(set) var examplesSeen = 0
    /// Last 100 examples' loss and correctness, for the moving averages ConvNetJS shows.
    private var recentLoss: [Double] = []
    private var recentCorrect: [Double] = []

    public init(network: Network, optimizer: OptimizerSettings, threads: Int = 2) throws(SpecError) {
        let end = network.spec.layers.last?.location ?? SourceLocation(line: 1, column: 1)
        if let loss = network.spec.loss {
            if let problem = loss.problem(output: network.outputVolume) { throw SpecError(problem, at: end) }
        } else if network.outputVolume.width != 1 || network.outputVolume.height != 1 {
            throw SpecError("the network must end in a vector of class scores (e.g. `fc 10`) to train as a classifier; it ends in \(network.outputVolume) (a net that outputs a picture, e.g. a segmentation, ends with a line such as `loss pixelsoftmax`)", at: end)
        }
        self.network = network
        self.optimizer = Optimizer(optimizer)
        self.threads = max(1, threads)
    }

    public var classCount: Int { network.outputVolume.count }

    /// One minibatch: forward, backward, a guarded update, then the running statistics.
    /// Shapes: images [N, C, H, W], labels [N] in 0..<classes.
    /// `snapshotExample` asks for a copy of that example's activations and gradients in every layer.
    public func train(images: Tensor, labels: [Int], snapshotExample: Int? = nil) -> TrainingEvent {
        precondition(network.spec.loss == nil, "a network with `loss \(network.spec.loss!.text)` trains through train(images:targets:)")
        let context = PassContext(training: true, threads: threads)
        let t0 = DispatchTime.now().uptimeNanoseconds
        // Batch norm updates its running statistics in the forward pass; a step that diverges
        // must not leave them (or the weights) poisoned, so both are kept until it is accepted.
        let savedStatistics = network.batchNorms.map { ($0.runningMean, $0.runningVariance) }
        let pass = forward(images, labels: labels, context)
        let t1 = DispatchTime.now().uptimeNanoseconds
        let inputGradient = backward(pass.scoreGradient, context, needsInputGradient: snapshotExample != nil)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let l2 = optimizer.l2Loss(network.parameters)
        optimizer.rateFactor = schedule?.factor(atStep: step) ?? 1
        let diverged = !update(loss: pass.loss, l2: l2, scores: pass.scores)
        if diverged {
            for (bn, stats) in zip(network.batchNorms, savedStatistics) {
                bn.runningMean = stats.0
                bn.runningVariance = stats.1
            }
        }
        let t3 = DispatchTime.now().uptimeNanoseconds
        let correct = record(pass.probabilities, labels: labels)
        let n = images.batch
        if !diverged {
            step = step.saturatingAdd(1)
            examplesSeen = examplesSeen.saturatingAdd(n)
        }
        var snapshot: NetworkSnapshot?
        if let example = snapshotExample, example < n {
            let k = classCount
            snapshot = makeSnapshot(example: example, images: images, inputGradient: inputGradient, label: labels[example],
                                    probabilities: Array(pass.probabilities.data[(example * k)..<((example + 1) * k)]))
        }
        let perExample = 1e-6 / Double(n)
        return TrainingEvent(
            step: step, examplesSeen: examplesSeen, batchSize: n, loss: pass.loss, l2Loss: l2,
            batchAccuracy: Double(correct) / Double(n),
            averageLoss: recentLoss.reduce(0, +) / Double(max(1, recentLoss.count)),
            averageAccuracy: recentCorrect.reduce(0, +) / Double(max(1, recentCorrect.count)),
            forwardMilliseconds: Double(t1 - t0) * perExample, backwardMilliseconds: Double(t2 - t1) * perExample,
            updateMilliseconds: Double(t3 - t2) * perExample, learningRate: optimizer.settings.learningRate * optimizer.rateFactor,
            learningRateFactor: optimizer.rateFactor, diverged: diverged, snapshot: snapshot)
    }

    /// One minibatch of any head (`NetworkSpec.loss`): forward, the loss against `targets`,
    /// backward, a guarded update. Shapes: images [N, C, H, W]; targets as the loss asks.
    /// The event's accuracy is the share of right classes: per pixel for a segmentation, per
    /// image for a classifier with a box, 0 for a pure regression (it has no classes).
    public func train(images: Tensor, targets: TrainingTargets) -> TrainingEvent {
        if case .labels(let labels) = targets, network.spec.loss == nil { return train(images: images, labels: labels) }
        let context = PassContext(training: true, threads: threads)
        let t0 = DispatchTime.now().uptimeNanoseconds
        let savedStatistics = network.batchNorms.map { ($0.runningMean, $0.runningVariance) }
        network.zeroGradients()
        let outputs = network.scores(images, context)
        let (loss, gradient) = Losses.evaluate(network.spec.loss, outputs: outputs, targets: targets)
        let t1 = DispatchTime.now().uptimeNanoseconds
        _ = backward(gradient, context, needsInputGradient: false)
        let t2 = DispatchTime.now().uptimeNanoseconds
        let l2 = optimizer.l2Loss(network.parameters)
        optimizer.rateFactor = schedule?.factor(atStep: step) ?? 1
        let diverged = !update(loss: loss, l2: l2, scores: outputs)
        if diverged {
            for (bn, stats) in zip(network.batchNorms, savedStatistics) {
                bn.runningMean = stats.0
                bn.runningVariance = stats.1
            }
        }
        let t3 = DispatchTime.now().uptimeNanoseconds
        let n = images.batch
        if !diverged {
            step = step.saturatingAdd(1)
            examplesSeen = examplesSeen.saturatingAdd(n)
        }
        let accuracy = Self.accuracy(network.spec.loss, outputs: outputs, targets: targets)
        recentLoss.append(loss)
        recentCorrect.append(accuracy)
        if recentLoss.count > 100 {
            recentLoss.removeFirst(recentLoss.count - 100)
            recentCorrect.removeFirst(recentCorrect.count - 100)
        }
        let perExample = 1e-6 / Double(n)
        return TrainingEvent(
            step: step, examplesSeen: examplesSeen, batchSize: n, loss: loss, l2Loss: l2, batchAccuracy: accuracy,
            averageLoss: recentLoss.reduce(0, +) / Double(recentLoss.count),
            averageAccuracy: recentCorrect.reduce(0, +) / Double(recentCorrect.count),
            forwardMilliseconds: Double(t1 - t0) * perExample, backwardMilliseconds: Double(t2 - t1) * perExample,
            updateMilliseconds: Double(t3 - t2) * perExample, learningRate: optimizer.settings.learningRate * optimizer.rateFactor,
            learningRateFactor: optimizer.rateFactor, diverged: diverged, snapshot: nil)
    }

    /// The share of right classes in a batch (see `train(images:targets:)`).
    static func accuracy(_ loss: LossSpec?, outputs: Tensor, targets: TrainingTargets) -> Double {
        switch (loss, targets) {
        case (.pixelSoftmax, .pixelLabels(let labels)):
            let c = outputs.channels, hw = outputs.height * outputs.width
            var right = 0
            for i in 0..<outputs.batch {
                for p in 0..<hw {
                    var best = 0
                    for j in 1..<c where outputs.data[(i * c + j) * hw + p] > outputs.data[(i * c + best) * hw + p] { best = j }
                    if best == labels[i * hw + p] { right += 1 }
                }
            }
            return Double(right) / Double(max(1, labels.count))
        case (.classifyAndRegress(let c, _, let k, _), .labelsAndValues(let labels, _)):
            var right = 0
            for i in 0..<outputs.batch where argmax(outputs.data[(i * (c + k))..<(i * (c + k) + c)]) == labels[i] { right += 1 }
            return Double(right) / Double(max(1, labels.count))
        default:
            return 0
        }
    }

    /// The network's raw outputs for a batch, evaluation mode: what a segmentation's or a box
    /// head's predictions are read from. Shapes: images [N, C, H, W] -> [N, outputVolume].
    public func outputs(_ images: Tensor) -> Tensor {
        network.scores(images, PassContext(training: false, threads: threads))
    }

    /// Forward pass and softmax cross-entropy. Shapes: images [N, C, H, W] -> scores,
    /// probabilities and the scores' gradient [N, classes]; loss is the batch mean.
    func forward(_ images: Tensor, labels: [Int], _ context: PassContext)
        -> (scores: Tensor, loss: Double, probabilities: Tensor, scoreGradient: Tensor) {
        network.zeroGradients()
        let scores = network.scores(images, context)
        let (loss, probabilities, scoreGradient) = Softmax.crossEntropy(scores: scores, labels: labels)
        return (scores, loss, probabilities, scoreGradient)
    }

    /// Backward pass: every parameter's gradient, and the input's [N, C, H, W] when asked for
    /// (the saliency picture; the first conv skips it otherwise).
    func backward(_ scoreGradient: Tensor, _ context: PassContext, needsInputGradient: Bool) -> Tensor {
        var context = context
        context.needsInputGradient = needsInputGradient
        return network.backward(scoreGradient, context)
    }

    /// The optimizer step, refused when anything is not a finite number. Returns false (and
    /// leaves every weight as it was) for a diverged step.
    func update(loss: Double, l2: Double, scores: Tensor) -> Bool {
        // Checked before the update so that a blown-up step never writes NaN into the weights...
        if !loss.isFinite || !l2.isFinite || scores.data.contains(where: { !$0.isFinite })
            || network.parameters.contains(where: { p in p.gradient.contains { !$0.isFinite } }) {
            return false
        }
        // ...and after it, since a huge learning rate or velocity can overflow a finite
        // gradient. The copies cost one pass over the weights (copy-on-write does the rest).
        let before = network.parameters.map(\.value)
        optimizer.step(network.parameters)
        if network.parameters.contains(where: { p in p.value.contains { !$0.isFinite } }) {
            for (p, v) in zip(network.parameters, before) { p.value = v }
            return false
        }
        return true
    }

    /// Adds the batch to the last-100-examples averages ConvNetJS shows; returns how many it got
    /// right. Shapes: probabilities [N, classes], labels [N].
    func record(_ probabilities: Tensor, labels: [Int]) -> Int {
        let k = classCount
        var correct = 0
        for i in 0..<labels.count {
            let hit = argmax(probabilities.data[(i * k)..<((i + 1) * k)]) == labels[i]
            if hit { correct += 1 }
            recentLoss.append(-Foundation.log(max(Double(probabilities.data[i * k + labels[i]]), 1e-30)))
            recentCorrect.append(hit ? 1 : 0)
        }
        if recentLoss.count > 100 {
            recentLoss.removeFirst(recentLoss.count - 100)
            recentCorrect.removeFirst(recentCorrect.count - 100)
        }
        return correct
    }

    /// Class probabilities for a batch, evaluation mode (dropout off, batch-norm running statistics).
    public func predict(_ images: Tensor) -> Tensor {
        Softmax.probabilities(network.scores(images, PassContext(training: false, threads: threads)))
    }

    /// The k most likely classes of one image [C, H, W], best first.
    public func topK(_ image: [Float], k: Int = 3) -> [(label: Int, probability: Float)] {
        let p = predict(Tensor(batch: 1, volume: network.spec.input, data: image)).data
        return p.enumerated().sorted { $0.element > $1.element }.prefix(k).map { ($0.offset, $0.element) }
    }

    /// Accuracy, mean loss and confusion matrix over a set, in batches of `batchSize`.
    /// `fill(range, buffer)` writes images `range` into the buffer [count, C, H, W] and returns their labels.
    public func evaluate(count: Int, batchSize: Int = 100, fill: (Range<Int>, inout [Float]) -> [Int]) -> Evaluation {
        let k = classCount
        var confusion = Array(repeating: Array(repeating: 0, count: k), count: k)
        var lossSum: Double = 0
        var start = 0
        var buffer: [Float] = []
        while start < count {
            let end = min(count, start + batchSize)
            buffer = [Float](repeating: 0, count: (end - start) * network.spec.input.count)
            let labels = fill(start..<end, &buffer)
            let p = predict(Tensor(batch: end - start, volume: network.spec.input, data: buffer))
            for i in 0..<(end - start) {
                let row = p.data[(i * k)..<((i + 1) * k)]
                confusion[labels[i]][argmax(row)] += 1
                lossSum -= Foundation.log(max(Double(p.data[i * k + labels[i]]), 1e-30))
            }
            start = end
        }
        let correct = (0..<k).reduce(0) { $0 + confusion[$1][$1] }
        return Evaluation(examples: count, loss: lossSum / Double(max(1, count)),
                          accuracy: Double(correct) / Double(max(1, count)), confusion: confusion)
    }

    func makeSnapshot(example: Int, images: Tensor, inputGradient: Tensor, label: Int, probabilities: [Float]) -> NetworkSnapshot {
        var layers: [NetworkSnapshot.Layer] = []
        let depths = Dictionary(network.shapes.rows.map { ($0.name, $0.depth) }, uniquingKeysWith: { a, _ in a })
        for layer in network.allLayers {
            guard let out = layer.lastOutput, example < out.batch else { continue }
            let weight = layer.parameters.first
            layers.append(NetworkSnapshot.Layer(
                name: layer.name, kind: layer.kind, depth: depths[layer.name] ?? 0, output: layer.outputVolume,
                activations: Array(out.example(example)),
                activationGradients: layer.lastOutputGradient.map { Array($0.example(example)) },
                weights: weight?.value, weightGradients: weight?.gradient, weightShape: weight?.shape))
        }
        return NetworkSnapshot(example: example, input: Array(images.example(example)),
                               inputGradient: Array(inputGradient.example(example)), label: label,
                               probabilities: probabilities, layers: layers)
    }

    /// Restores counters from a checkpoint.
    func restore(step: Int, examplesSeen: Int) {
        self.step = step
        self.examplesSeen = examplesSeen
        recentLoss = []
        recentCorrect = []
    }
}

func argmax<C: Collection>(_ values: C) -> Int where C.Element == Float, C.Index == Int {
    var best = values.startIndex
    for i in values.indices where values[i] > values[best] { best = i }
    return best - values.startIndex
}
