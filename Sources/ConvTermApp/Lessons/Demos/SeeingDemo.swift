import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 11: train the ConvNetJS net for a few seconds on the built-in set, then show a test
/// image, its saliency map (max |d score / d pixel| over the colour channels) and gradient ascent
/// on the image (DeepDream-style) step by step. Every number is computed by the engine on the
/// network just trained, on the demo's worker: the training first, then one `SeeingView` for
/// each image, class and objective the student picks.
struct SeeingDemo: DemoState {
    /// What the seeing demo's work reports.
    enum Event: Sendable {
        case step(Int, loss: Double, seconds: Double)
        case tested(accuracy: Double)
        /// Training is over: where the saliency lies over the test images, and the trained
        /// network, which from now on only the worker's view jobs touch.
        case measured(SaliencyMeasurement, network: Network, convLayers: [String])
        case view(SeeingView)
    }

    let networkName: String
    let experiment: SeeingExperiment
    let trainSteps: Int
    let batch: Int
    let dreamSteps: Int
    let scale: Int
    let present: Bool
    /// The images the saliency is measured on, in order: n and p walk through them.
    let test: ImageSet

    var step = 0
    var loss: Double = .nan
    var seconds: Double = 0
    var testAccuracy: Double?
    /// Where the saliency lies over the experiment's test images, once measured.
    var measurement: SaliencyMeasurement?
    /// Handed over when training ends, and only passed on to the worker's view jobs.
    var network: Network?
    var convLayers: [String] = []

    /// What the keys ask for, and what is on screen (computed for an earlier request while the
    /// next one is worked out).
    var request = SeeingView.Request()
    var shown: SeeingView?
    /// A view job is running: the next one waits for it, so keys held down do not pile up work.
    var viewInFlight = false
    /// The ascent plays back one step every `dreamStepSeconds`, from `dreamStart`.
    var dreamStart: Double = 0
    var now: Double = 0
    static let dreamStepSeconds = 0.1

    init(_ request: LessonDemoRequest) {
        let experiment = SeeingExperiment(request)
        self.experiment = experiment
        networkName = request.networks.first?.name ?? "convnetjs-cifar10"
        trainSteps = experiment.recipe.steps
        batch = experiment.recipe.batch
        dreamSteps = request.int("dream-steps", default: 30, in: 1...500)
        scale = request.pixelScale
        present = request.present
        let everyTestImage = experiment.testSet
        test = everyTestImage.subset(0..<min(experiment.recipe.images, everyTestImage.count))
    }

    /// The training work: the experiment's own training, test accuracy and measurement.
    static func train(_ experiment: SeeingExperiment, cancelled: () -> Bool, report: (Event) -> Void) {
        let start = ContinuousClock.now
        guard let session = experiment.train(cancelled: cancelled, onStep: { e in
            report(.step(e.step, loss: e.averageLoss, seconds: DemoTraining.seconds(since: start)))
        }) else { return }
        let everyTestImage = experiment.testSet
        report(.tested(accuracy: session.evaluate(everyTestImage)?.accuracy ?? .nan))
        if cancelled() { return }
        let measurement = experiment.measure(session.network, test: everyTestImage)
        report(.measured(measurement, network: session.network, convLayers: SeeingView.convLayers(session.network)))
    }

    var workDone: Bool { shown != nil && !viewInFlight }

    var title: String { "Seeing what \(networkName) sees: saliency and gradient ascent" }

    var keys: [KeyBinding] {
        [KeyBinding("n/p", "image"), KeyBinding("c", "class"), KeyBinding("o", "objective"), KeyBinding("space", "replay dream")]
    }

    var ready: Bool { network != nil }

    var dream: [GradientAscent.Step] { shown?.dream ?? [] }

    /// The ascent step on screen now.
    var dreamFrame: Int {
        guard !dream.isEmpty else { return 0 }
        return min(dream.count - 1, max(0, Int((now - dreamStart) / SeeingDemo.dreamStepSeconds)))
    }

    var className: [String] { test.classNames }

    func start() -> [DemoAction] { [.run(.seeingTraining(experiment))] }

    mutating func handle(_ key: Key) -> [DemoAction] {
        guard ready else { return [] }
        switch key {
        case .char("n"), .right, .char("j"), .down: request.image = (request.image + 1) % test.count
        case .char("p"), .left, .char("k"), .up: request.image = (request.image + test.count - 1) % test.count
        case .char("c"):
            // predicted -> 0 -> 1 ... -> 9 -> predicted
            let k = shown?.probabilities.count ?? test.classCount
            request.chosenClass = request.chosenClass.map { $0 + 1 < k ? $0 + 1 : nil } ?? 0
        case .char("o"):
            request.objectiveIndex = (request.objectiveIndex + 1) % (convLayers.count + 1)
        case .char(" "), .enter:
            dreamStart = now
            return []
        default:
            return []
        }
        return askForView()
    }

    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        guard case .seeing(let event) = report.kind else { return [] }
        switch event {
        case .step(let n, let loss, let seconds):
            step = n
            self.loss = loss
            self.seconds = seconds
        case .tested(let accuracy):
            testAccuracy = accuracy
        case .measured(let m, let network, let layers):
            measurement = m
            self.network = network
            convLayers = layers
            return askForView()
        case .view(let view):
            viewInFlight = false
            shown = view
            dreamStart = now
            // Keys pressed while it was computed asked for something else: that one next.
            if view.request != request { return askForView() }
        }
        return []
    }

    mutating func frame(now: Double) { self.now = now }

    /// The view for the current request, unless one is already being computed.
    mutating func askForView() -> [DemoAction] {
        guard let network, !viewInFlight else { return [] }
        viewInFlight = true
        return [.run(.seeingView(request, network: network, test: test, experiment: experiment, dreamSteps: dreamSteps))]
    }

    func name(_ k: Int) -> String { k < className.count ? className[k] : "class \(k)" }

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        if !ready || shown == nil {
            let noise = experiment.recipe.inputNoise
            let images = noise > 0 ? "noisy copies of the built-in images (noise \(Int((noise * 255).rounded()))/255)" : "the built-in images"
            y = DemoText.line("Training \(networkName) on \(images) first.", into: &grid, area: area, y: y)
            let lossText = loss.isFinite ? String(format: "%.3f", loss) : "-"
            let counters = present ? "" : " step \(step)/\(trainSteps)"
            let time = present ? "" : "  \(String(format: "%.1f", seconds)) s"
            y = DemoText.line("\(DemoText.bar(Double(step) / Double(trainSteps)))\(counters)  loss \(lossText)\(time)",
                              into: &grid, area: area, y: y + 1, style: .bold)
            if step == trainSteps { DemoText.line("measuring test accuracy and where the saliency lies...", into: &grid, area: area, y: y + 1, style: .dim) }
            return
        }
        guard let shown else { return }
        let s = shown.saliency, probs = shown.probabilities, imageIndex = shown.request.image
        let best = probs.indices.max { probs[$0] < probs[$1] } ?? 0
        let trained = present ? "Trained briefly on the built-in set"
            : "Trained \(step) steps (\(step * batch) images, \(String(format: "%.1f", seconds)) s)"
        y = DemoText.line("\(trained); test accuracy \(DemoText.percent(testAccuracy ?? 0)) on \(experiment.recipe.testCount) images.",
                          into: &grid, area: area, y: y, style: .dim)
        if let m = measurement {
            y = DemoText.line("Over \(m.images) test images, \(DemoText.percent(m.saliencyInObject)) of the saliency of the true class lies on the object, "
                              + "which covers \(DemoText.percent(m.objectArea)) of the image: \(String(format: "%.1f", m.ratio))x its share.",
                              into: &grid, area: area, y: y, style: .bold)
        }
        y = DemoText.line("Image \(imageIndex + 1)/\(test.count): a `\(name(test.label(at: imageIndex)))`; the net says `\(name(best))` (\(DemoText.percent(Double(probs[best])))).",
                          into: &grid, area: area, y: y)
        y = DemoText.line("Saliency of the score of `\(name(s.classIndex))`\(shown.request.chosenClass == nil ? " (predicted)" : ""): \(String(format: "%.3f", s.score)); largest |d score / d pixel| \(String(format: "%.4f", s.map.max() ?? 0)).",
                          into: &grid, area: area, y: y)
        let o = shown.onObject
        y = DemoText.line("On this image's object: \(DemoText.percent(o.saliency)) of this map, on \(DemoText.percent(o.area)) of the image.",
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
        switch shown.objective {
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
