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
    }

    let networkName: String
    let network: Network
    let trainSteps: Int
    let batch: Int
    let dreamSteps: Int
    let scale: Int
    let present: Bool
    let test: ImageSet
    let job: DemoJob<Progress>
    var progress = Progress()

    var imageIndex = 0
    /// nil: the class the network predicts; otherwise a fixed class.
    var chosenClass: Int?
    /// 0: a class score; 1...: the mean of the n-th conv layer's output.
    var objectiveIndex = 0
    var saliency: Saliency?
    var dream: [GradientAscent.Step] = []
    var dreamFrame = 0

    init(_ request: LessonDemoRequest) {
        let net = request.networks.first ?? LessonDemoRequest.Net(name: "convnetjs-cifar10", spec: Zoo.spec(named: "convnetjs-cifar10")!)
        networkName = net.name
        network = try! Network(spec: net.spec, seed: 1)
        trainSteps = request.int("steps", default: 600, in: 1...5000)
        batch = request.int("batch", default: 8, in: 1...256)
        dreamSteps = request.int("dream-steps", default: 30, in: 1...500)
        scale = request.pixelScale
        present = request.present
        test = DemoTraining.subset(DemoTraining.data.test, classes: Set(0..<10), perClass: 10)
        job = DemoJob(Progress())
        let (network, steps, batch, test) = (network, trainSteps, batch, test)
        job.start { job in
            // The demo draws from `network` afterwards, so the session trains a copy of its spec
            // and the weights are handed over when training ends.
            let session = DemoTraining.session(network.spec, name: "seeing", train: DemoTraining.data.train, seed: 7, batch: batch)
            let start = ContinuousClock.now
            for _ in 0..<steps {
                if job.isCancelled { return }
                let e = session.trainBatch()
                job.update { $0.step = e.step; $0.loss = e.averageLoss; $0.seconds = DemoTraining.seconds(since: start) }
            }
            for (mine, trained) in zip(network.parameters, session.network.parameters) { mine.value = trained.value }
            for (mine, trained) in zip(network.batchNorms, session.network.batchNorms) {
                mine.runningMean = trained.runningMean
                mine.runningVariance = trained.runningVariance
            }
            let accuracy = session.evaluate(test)?.accuracy ?? .nan
            job.update { $0.testAccuracy = accuracy }
        }
    }

    var workDone: Bool { job.isFinished }

    var title: String { "Seeing what \(networkName) sees: saliency and gradient ascent" }

    var keys: [KeyBinding] {
        [KeyBinding("n/p", "image"), KeyBinding("c", "class"), KeyBinding("o", "objective"), KeyBinding("space", "replay dream")]
    }

    var ready: Bool { job.isFinished && progress.testAccuracy != nil }

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
            if p.step == trainSteps { DemoText.line("measuring test accuracy...", into: &grid, area: area, y: y + 1, style: .dim) }
            return
        }
        guard let s = saliency else { return }
        let probs = Softmax.probabilities(Tensor(batch: 1, volume: network.outputVolume, data: s.scores)).data
        let best = probs.indices.max { probs[$0] < probs[$1] } ?? 0
        let trained = present ? "Trained briefly on the built-in set"
            : "Trained \(progress.step) steps (\(progress.step * batch) images, \(String(format: "%.1f", progress.seconds)) s)"
        y = DemoText.line("\(trained); test accuracy \(DemoText.percent(progress.testAccuracy ?? 0)) on \(test.count) images.",
                          into: &grid, area: area, y: y, style: .dim)
        y = DemoText.line("Image \(imageIndex + 1)/\(test.count): a `\(name(test.label(at: imageIndex)))`; the net says `\(name(best))` (\(DemoText.percent(Double(probs[best])))).",
                          into: &grid, area: area, y: y)
        y = DemoText.line("Saliency of the score of `\(name(s.classIndex))`\(chosenClass == nil ? " (predicted)" : ""): \(String(format: "%.3f", s.score)); largest |d score / d pixel| \(String(format: "%.4f", s.map.max() ?? 0)).",
                          into: &grid, area: area, y: y)

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
