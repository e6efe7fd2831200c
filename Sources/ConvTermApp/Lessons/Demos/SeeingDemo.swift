import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 11: train the ConvNetJS net for a few seconds on the built-in set, then show a test
/// image, its saliency map (max |d score / d pixel| over the colour channels) and gradient ascent
/// on the image (DeepDream-style) step by step. Every number is computed by the engine on the
/// network just trained.
struct SeeingDemo: LessonDemo {
    struct Progress: Sendable {
        var step = 0
        var loss: Double = .nan
        var seconds: Double = 0
        var testAccuracy: Double?
        /// Where the saliency lies over the experiment's test images, once measured.
        var measurement: SaliencyMeasurement?
    }

    let networkName: String
    let network: Network
    let experiment: SeeingExperiment
    let trainSteps: Int
    let batch: Int
    let dreamSteps: Int
    let scale: Int
    let present: Bool
    /// The images the saliency is measured on, in order: n and p walk through them.
    let test: ImageSet
    let job: DemoJob<Progress>
    var progress = Progress()

    var imageIndex = 0
    /// nil: the class the network predicts; otherwise a fixed class.
    var chosenClass: Int?
    /// 0: a class score; 1...: the mean of the n-th conv layer's output.
    var objectiveIndex = 0
    var saliency: Saliency?
    /// This map's share on the object (its mask grown by the experiment's dilation), and the mask's share of the image.
    var onObject: (saliency: Double, area: Double)?
    var dream: [GradientAscent.Step] = []
    var dreamFrame = 0

    init(_ request: LessonDemoRequest) {
        let experiment = SeeingExperiment(request)
        self.experiment = experiment
        networkName = request.networks.first?.name ?? "convnetjs-cifar10"
        network = try! Network(spec: experiment.spec, seed: 1)
        trainSteps = experiment.recipe.steps
        batch = experiment.recipe.batch
        dreamSteps = request.int("dream-steps", default: 30, in: 1...500)
        scale = request.pixelScale
        present = request.present
        let everyTestImage = experiment.testSet
        test = everyTestImage.subset(0..<min(experiment.recipe.images, everyTestImage.count))
        job = DemoJob(Progress())
        let network = network
        job.start { job in
            // The demo draws from `network` afterwards, so the session trains a copy of its spec
            // and the weights are handed over when training ends.
            let start = ContinuousClock.now
            guard let session = experiment.train(cancelled: { job.isCancelled }, onStep: { e in
                job.update { $0.step = e.step; $0.loss = e.averageLoss; $0.seconds = DemoTraining.seconds(since: start) }
            }) else { return }
            for (mine, trained) in zip(network.parameters, session.network.parameters) { mine.value = trained.value }
            for (mine, trained) in zip(network.batchNorms, session.network.batchNorms) {
                mine.runningMean = trained.runningMean
                mine.runningVariance = trained.runningVariance
            }
            let accuracy = session.evaluate(everyTestImage)?.accuracy ?? .nan
            job.update { $0.testAccuracy = accuracy }
            if job.isCancelled { return }
            let measurement = experiment.measure(session.network, test: everyTestImage)
            job.update { $0.measurement = measurement }
        }
    }

    var workDone: Bool { job.isFinished }

    var title: String { "Seeing what \(networkName) sees: saliency and gradient ascent" }

    var keys: [KeyBinding] {
        [KeyBinding("n/p", "image"), KeyBinding("c", "class"), KeyBinding("o", "objective"), KeyBinding("space", "replay dream")]
    }

    var ready: Bool { job.isFinished && progress.measurement != nil }

    var convLayers: [String] {
        network.layers.filter { if case .conv = $0.kind { return true } else { return false } }.map(\.name)
    }

    var objective: GradientAscent.Objective {
        if objectiveIndex > 0, objectiveIndex <= convLayers.count { return .layerMean(convLayers[objectiveIndex - 1]) }
        return .classScore(chosenClass ?? saliency?.scores.indices.max { saliency!.scores[$0] < saliency!.scores[$1] } ?? 0)
    }

    var className: [String] { test.classNames }

    mutating func handle(_ key: Key) {
        guard ready else { return }
        switch key {
        case .char("n"), .right, .char("j"), .down: imageIndex = (imageIndex + 1) % test.count; recompute()
        case .char("p"), .left, .char("k"), .up: imageIndex = (imageIndex + test.count - 1) % test.count; recompute()
        case .char("c"):
            // predicted -> 0 -> 1 ... -> 9 -> predicted
            let k = network.outputVolume.count
            chosenClass = chosenClass.map { $0 + 1 < k ? $0 + 1 : nil } ?? 0
            recompute()
        case .char("o"):
            objectiveIndex = (objectiveIndex + 1) % (convLayers.count + 1)
            recompute()
        case .char(" "), .enter: dreamFrame = 0
        default: break
        }
    }

    mutating func tick() {
        progress = job.value
        if ready && saliency == nil { recompute() }
        if dreamFrame < dream.count - 1 { dreamFrame += 1 }
    }

    /// Saliency of the chosen (or predicted) class, then the ascent from this image. Runs on
    /// the UI thread only after training has finished: one image, ~30 forward/backward passes.
    mutating func recompute() {
        let image = DemoTraining.floats(test, imageIndex)
        let predicted = Saliency.compute(network: network, image: image, classIndex: 0).scores
        let best = predicted.indices.max { predicted[$0] < predicted[$1] } ?? 0
        saliency = Saliency.compute(network: network, image: image, classIndex: chosenClass ?? best)
        // The painter knows where this image's object is: how much of this map lies on it.
        let drawn = SyntheticCIFAR.drawn(index: imageIndex, count: experiment.recipe.testCount,
                                         seed: SyntheticCIFAR.testSeed(splitSeed: experiment.seed))
        let mask = drawn.objectMask(dilation: experiment.recipe.dilation)
        onObject = (Saliency.share(of: saliency!.map, inside: mask), Double(mask.filter { $0 }.count) / Double(mask.count))
        dream = GradientAscent(objective: objective, steps: dreamSteps).run(network: network, start: image)
        dreamFrame = 0
    }

    func stop() { job.cancel() }

    func name(_ k: Int) -> String { k < className.count ? className[k] : "class \(k)" }

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        if !ready {
            let p = progress
            y = DemoText.line("Training \(networkName) on the built-in set (\(batch) images a batch), then we look inside.", into: &grid, area: area, y: y)
            let loss = p.loss.isFinite ? String(format: "%.3f", p.loss) : "-"
            let counters = present ? "" : " step \(p.step)/\(trainSteps)"
            let seconds = present ? "" : "  \(String(format: "%.1f", p.seconds)) s"
            y = DemoText.line("\(DemoText.bar(Double(p.step) / Double(trainSteps)))\(counters)  loss \(loss)\(seconds)",
                              into: &grid, area: area, y: y + 1, style: .bold)
            if p.step == trainSteps { DemoText.line("measuring test accuracy and where the saliency lies...", into: &grid, area: area, y: y + 1, style: .dim) }
            return
        }
        guard let s = saliency else { return }
        let probs = Softmax.probabilities(Tensor(batch: 1, volume: network.outputVolume, data: s.scores)).data
        let best = probs.indices.max { probs[$0] < probs[$1] } ?? 0
        let trained = present ? "Trained briefly on the built-in set"
            : "Trained \(progress.step) steps (\(progress.step * batch) images, \(String(format: "%.1f", progress.seconds)) s)"
        y = DemoText.line("\(trained); test accuracy \(DemoText.percent(progress.testAccuracy ?? 0)) on \(experiment.recipe.testCount) images.",
                          into: &grid, area: area, y: y, style: .dim)
        if let m = progress.measurement {
            y = DemoText.line("Over \(m.images) test images, \(DemoText.percent(m.saliencyInObject)) of the saliency of the true class lies on the object, "
                              + "which covers \(DemoText.percent(m.objectArea)) of the image: \(String(format: "%.1f", m.ratio))x its share.",
                              into: &grid, area: area, y: y, style: .bold)
        }
        y = DemoText.line("Image \(imageIndex + 1)/\(test.count): a `\(name(test.label(at: imageIndex)))`; the net says `\(name(best))` (\(DemoText.percent(Double(probs[best])))).",
                          into: &grid, area: area, y: y)
        y = DemoText.line("Saliency of the score of `\(name(s.classIndex))`\(chosenClass == nil ? " (predicted)" : ""): \(String(format: "%.3f", s.score)); largest |d score / d pixel| \(String(format: "%.4f", s.map.max() ?? 0)).",
                          into: &grid, area: area, y: y)
        if let o = onObject {
            y = DemoText.line("On this image's object: \(DemoText.percent(o.saliency)) of this map, on \(DemoText.percent(o.area)) of the image.",
                              into: &grid, area: area, y: y)
        }

        // Pictures: the image, its saliency map, the dream at the current frame. Projector mode
        // asks for double size; if the three do not fit that way, they are drawn smaller rather
        // than dropped.
        let v = s.volume
        let scale = stride(from: self.scale, to: 1, by: -1).first { k in
            let size = ImageView(RGBImage(width: v.width, height: v.height, pixels: Array(repeating: RGB(0, 0, 0), count: v.width * v.height)), scale: k).size
            let across = max(1, min(3, (area.width + 3) / (size.width + 3)))
            let rows = (3 + across - 1) / across
            return rows * (size.height + 2) + y + 1 + 4 <= area.maxY
        } ?? 1
        let picture = ImageView(RGBImage(width: v.width, height: v.height, planar: test.pixels(at: imageIndex)), scale: scale)
        let heat = HeatMap.autoScaled(values: s.map, width: v.width, height: v.height, colorMap: DemoText.heat, scale: scale)
        let frame = dream.isEmpty ? nil : dream[min(dreamFrame, dream.count - 1)]
        let dreamView = ImageView(RGBImage(width: v.width, height: v.height, planes: frame?.image ?? [Float](repeating: 0, count: v.count), range: -0.5...0.5), scale: scale)
        let objectiveText: String
        switch objective {
        case .classScore(let k): objectiveText = "score of `\(name(k))`"
        case .layerMean(let l): objectiveText = "mean of \(l)"
        }
        let tiles: [(String, any SizedWidget)] = [("image", picture), ("saliency", heat),
                                                  (present ? "gradient ascent" : "ascent step \(frame?.index ?? 0)/\(dreamSteps)", dreamView)]
        let tileSize = picture.size
        y += 1
        var x = area.x
        for (label, widget) in tiles {
            if x + tileSize.width > area.maxX { x = area.x; y += tileSize.height + 2 }
            guard y + tileSize.height < area.maxY else { break }
            grid.write(TextLayout.clip(label, width: tileSize.width), x: x, y: y, style: .dim, clip: area)
            widget.render(into: &grid, area: Rect(x: x, y: y + 1, width: tileSize.width, height: tileSize.height))
            x += tileSize.width + 3
        }
        y += tileSize.height + 2
        if let first = dream.first, let frame {
            y = DemoText.line("Gradient ascent on the \(objectiveText): \(String(format: "%.3f", first.objective)) -> \(String(format: "%.3f", frame.objective)) after \(frame.index) steps.",
                              into: &grid, area: area, y: y, style: .bold)
        }
        // The objective's curve over the ascent, if there is room.
        if area.maxY - y >= 5, dream.count > 1 {
            let values = dream.prefix(dreamFrame + 1).map { Double($0.objective) }
            LinePlot(series: [LinePlot.Series(name: objectiveText, values: values, color: .yellow)],
                     xRange: 0...Double(dreamSteps))
                .render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 70), height: min(8, area.maxY - y)))
        }
    }
}
