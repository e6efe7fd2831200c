import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 10: an encoder-decoder learns to paint the object's pixels (`SegmentRun`). Shows test
/// images as they are, with the net's current mask over them and with the painter's true mask,
/// and the curve of the mean IoU over the test images as training goes.
struct SegmentDemo: DemoState {
    var run: SegmentRun
    let present: Bool
    var step = 0
    var loss: Double = .nan
    var pixelAccuracy: Double = .nan
    /// Mean test IoU before training and at every measurement: (step, IoU).
    var curve: [(step: Int, iou: Double)] = []
    var images: [[UInt8]] = []
    var truths: [[Bool]] = []
    var predictions: [[Bool]] = []
    var failure: String?

    init(_ request: LessonDemoRequest) {
        run = SegmentRun(request)
        present = request.present
        failure = SegmentRun.problem(run.recipe.spec).map { "\(run.recipe.name) \($0)" }
    }

    var workDone: Bool { failure != nil || curve.last?.step == run.recipe.steps }

    var title: String { "Segmentation, live: \(run.recipe.name) paints object vs background" }

    var keys: [KeyBinding] { [KeyBinding("r", "train again (new seed)")] }

    func start() -> [DemoAction] { failure == nil ? [.run(.segment(run))] : [] }

    mutating func handle(_ key: Key) -> [DemoAction] {
        guard key == .char("r"), failure == nil else { return [] }
        run.recipe.seed &+= 1
        self = SegmentDemo(restartOf: self)
        return [.restart(.segment(run))]
    }

    init(restartOf old: SegmentDemo) {
        run = old.run
        present = old.present
    }

    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        guard case .segment(let event) = report.kind else { return [] }
        switch event {
        case .started(let images, let truths):
            self.images = images
            self.truths = truths
        case .step(let n, let loss, let accuracy):
            step = n
            self.loss = loss
            pixelAccuracy = accuracy
        case .measured(let n, let iou, let masks):
            curve.append((n, iou))
            predictions = masks
        case .failed(let message):
            failure = message
        }
        return []
    }

    static let predictedTint = RGB(80, 255, 80)
    static let trueTint = RGB(255, 200, 60)

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        if let failure {
            _ = DemoText.line("This demo cannot run: \(failure).", into: &grid, area: area, y: y, style: .bold)
            return
        }
        y = DemoText.line("Every pixel gets two scores, background and object; the net is trained on the painter's masks\(present ? "" : " (seed \(run.recipe.seed))").",
                          into: &grid, area: area, y: y, style: .dim)
        let counter = present ? "" : " step \(step)/\(run.recipe.steps)"
        let iou = curve.last.map { String(format: "%.3f", $0.iou) } ?? "-"
        let lossText = loss.isFinite ? String(format: "%.3f", loss) : "-"
        let accuracy = pixelAccuracy.isFinite ? DemoText.percent(pixelAccuracy) : "-"
        y = DemoText.line("\(DemoText.bar(Double(step) / Double(run.recipe.steps)))\(counter)  loss \(lossText)  pixels right \(accuracy)  mean IoU \(iou) on \(run.recipe.testCount) test images",
                          into: &grid, area: area, y: y, style: .bold)
        if workDone, let last = curve.last {
            y = DemoText.line("Mean IoU \(String(format: "%.3f", last.iou)) (before training \(String(format: "%.3f", curve.first?.iou ?? .nan))). IoU: object pixels both masks share / pixels either covers.",
                              into: &grid, area: area, y: y)
        }
        y += 1
        // Each shown test image: as it is, the net's mask over it, the true mask over it.
        let scale = present ? 2 : 1
        let cell = ImageView(ObjectPictures.image([UInt8](repeating: 0, count: 3 * SyntheticObjects.pixels)), scale: scale).size
        let panels = area.width >= 3 * (cell.width + 1) ? 3 : 2
        let rowsFit = max(1, (area.maxY - y - 6) / (cell.height + 1))
        let shown = min(images.count, rowsFit)
        if shown > 0 {
            let labels = ["test image", "net's mask", "true mask"].suffix(panels)
            for (p, label) in labels.enumerated() {
                grid.write(label, x: area.x + p * (cell.width + 1), y: y, style: .dim, clip: area)
            }
            y += 1
        }
        for i in 0..<shown {
            var pictures: [RGBImage] = []
            if panels == 3 { pictures.append(ObjectPictures.image(images[i])) }
            let predicted = i < predictions.count ? predictions[i] : [Bool](repeating: false, count: SyntheticObjects.pixels)
            pictures.append(ObjectPictures.tinted(images[i], mask: predicted, tint: Self.predictedTint))
            pictures.append(ObjectPictures.tinted(images[i], mask: truths[i], tint: Self.trueTint))
            for (p, picture) in pictures.enumerated() {
                let x = area.x + p * (cell.width + 1)
                guard x + cell.width <= area.maxX, y + cell.height <= area.maxY else { continue }
                ImageView(picture, scale: scale).render(into: &grid, area: Rect(x: x, y: y, width: cell.width, height: cell.height))
            }
            if i < predictions.count, !present {
                let x = area.x + panels * (cell.width + 1)
                let score = ObjectIoU.mask(predicted, truth: truths[i].map { $0 ? 1 : 0 }[...])
                grid.write("IoU \(String(format: "%.2f", score))", x: x, y: y, style: .plain, clip: area)
            }
            y += cell.height + 1
        }
        // The IoU curve below, if there is room.
        let height = area.maxY - y
        guard height >= 4, !curve.isEmpty else { return }
        let points = curve.map { (x: Double($0.step), y: $0.iou) }
        LinePlot(series: [LinePlot.Series(name: "mean test IoU", points: points, color: .green)],
                 xRange: 0...Double(max(1, run.recipe.steps)), yRange: 0...1)
            .render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 100), height: height))
    }
}
