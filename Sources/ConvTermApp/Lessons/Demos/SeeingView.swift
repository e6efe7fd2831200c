import ConvData
import ConvEngine

/// One test image as the seeing demo shows it: its saliency map for a class, how much of the map
/// lies on the painted object, and gradient ascent from the image. Computed on the demo's worker
/// (one image, about 30 forward and backward passes), never in update.
struct SeeingView: Sendable {
    /// What the student picked with the keys.
    struct Request: Sendable, Equatable {
        /// Index into the demo's test images.
        var image = 0
        /// nil: the class the network predicts; otherwise a fixed class.
        var chosenClass: Int?
        /// 0: a class score; k > 0: the mean of the k-th conv layer's output.
        var objectiveIndex = 0
    }

    var request: Request
    var saliency: Saliency
    /// Softmax of the scores: the net's belief about the image.
    var probabilities: [Float]
    /// This map's share on the object (its mask grown by the experiment's dilation), and the mask's share of the image.
    var onObject: (saliency: Double, area: Double)
    var objective: GradientAscent.Objective
    var dream: [GradientAscent.Step]

    /// Saliency of the chosen (or predicted) class, then the ascent from this image.
    static func compute(_ request: Request, network: Network, test: ImageSet, experiment: SeeingExperiment, dreamSteps: Int) -> SeeingView {
        let image = DemoTraining.floats(test, request.image)
        let scores = Saliency.compute(network: network, image: image, classIndex: 0).scores
        let predicted = scores.indices.max { scores[$0] < scores[$1] } ?? 0
        let saliency = Saliency.compute(network: network, image: image, classIndex: request.chosenClass ?? predicted)
        // The painter knows where this image's object is: how much of this map lies on it.
        let drawn = SyntheticCIFAR.drawn(index: request.image, count: experiment.recipe.testCount,
                                         seed: SyntheticCIFAR.testSeed(splitSeed: experiment.seed))
        let mask = drawn.objectMask(dilation: experiment.recipe.dilation)
        let onObject = (Saliency.share(of: saliency.map, inside: mask), Double(mask.filter { $0 }.count) / Double(mask.count))
        let layers = SeeingView.convLayers(network)
        let objective: GradientAscent.Objective = request.objectiveIndex > 0 && request.objectiveIndex <= layers.count
            ? .layerMean(layers[request.objectiveIndex - 1]) : .classScore(request.chosenClass ?? predicted)
        let probabilities = Softmax.probabilities(Tensor(batch: 1, volume: network.outputVolume, data: saliency.scores)).data
        return SeeingView(request: request, saliency: saliency, probabilities: probabilities, onObject: onObject,
                          objective: objective, dream: GradientAscent(objective: objective, steps: dreamSteps).run(network: network, start: image))
    }

    /// The names of the network's conv layers, in order: the layer objectives.
    static func convLayers(_ network: Network) -> [String] {
        network.layers.filter { if case .conv = $0.kind { return true } else { return false } }.map(\.name)
    }
}
