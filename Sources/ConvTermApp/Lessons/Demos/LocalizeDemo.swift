import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 10: one net says what the object is and where (`LocalizeRun`). Shows test images with
/// the net's current box (green) and the true box (orange) drawn on them, the class it names,
/// and the curve of the mean box IoU over the test images.
struct LocalizeDemo: DemoState {
    var run: LocalizeRun
    let present: Bool
    var step = 0
    var loss: Double = .nan
    var measurements: [LocalizeRun.Measurement] = []
    var images: [[UInt8]] = []
    var truths: [ObjectBox] = []
    var labels: [Int] = []
    var failure: String?

    init(_ request: LessonDemoRequest) {
        run = LocalizeRun(request)
        present = request.present
        failure = LocalizeRun.problem(run.recipe.spec).map { "\(run.recipe.name) \($0)" }
    }

    init(restartOf old: LocalizeDemo) {
        run = old.run
        present = old.present
    }

    var workDone: Bool { failure != nil || measurements.last?.step == run.recipe.steps }

    var title: String { "Localization, live: \(run.recipe.name) names the object and boxes it" }

    var keys: [KeyBinding] { [KeyBinding("r", "train again (new seed)")] }

    func start() -> [DemoAction] { failure == nil ? [.run(.localize(run))] : [] }

    mutating func handle(_ key: Key) -> [DemoAction] {
        guard key == .char("r"), failure == nil else { return [] }
        run.recipe.seed &+= 1
        self = LocalizeDemo(restartOf: self)
        return [.restart(.localize(run))]
    }

    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        guard case .localize(let event) = report.kind else { return [] }
        switch event {
        case .started(let images, let truths, let labels):
            self.images = images
            self.truths = truths
            self.labels = labels
        case .step(let n, let loss):
            step = n
            self.loss = loss
        case .measured(let m):
            measurements.append(m)
        case .failed(let message):
            failure = message
        }
        return []
    }

    static let predictedColour = RGB(60, 255, 60)
    static let trueColour = RGB(255, 160, 40)

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        if let failure {
            _ = DemoText.line("This demo cannot run: \(failure).", into: &grid, area: area, y: y, style: .bold)
            return
        }
        y = DemoText.line("One fc layer gives 10 class scores and 4 numbers: the box's left, top, right and bottom\(present ? "" : " (seed \(run.recipe.seed))").",
                          into: &grid, area: area, y: y, style: .dim)
        let last = measurements.last
        let counter = present ? "" : " step \(step)/\(run.recipe.steps)"
        let lossText = loss.isFinite ? String(format: "%.3f", loss) : "-"
        let iou = last.map { String(format: "%.3f", $0.meanIoU) } ?? "-"
        let accuracy = last.map { DemoText.percent($0.accuracy) } ?? "-"
        y = DemoText.line("\(DemoText.bar(Double(step) / Double(run.recipe.steps)))\(counter)  loss \(lossText)  mean box IoU \(iou)  classes right \(accuracy) on \(run.recipe.testCount) test images",
                          into: &grid, area: area, y: y, style: .bold)
        y = DemoText.line("green: the net's box  orange: the true box  name?: class named wrong  IoU: shared area / area either covers",
                          into: &grid, area: area, y: y)
        y += 1
        let scale = present ? 2 : 1
        let cell = ImageView(ObjectPictures.image([UInt8](repeating: 0, count: 3 * SyntheticObjects.pixels)), scale: scale).size
        let perRow = max(1, area.width / (cell.width + 2))
        let rowsFit = max(1, (area.maxY - y - 5) / (cell.height + 2))
        let shown = min(images.count, perRow * rowsFit)
        for i in 0..<shown {
            let x = area.x + (i % perRow) * (cell.width + 2)
            let top = y + (i / perRow) * (cell.height + 2)
            guard top + cell.height + 1 <= area.maxY else { break }
            var boxes: [(ObjectBox, RGB)] = [(truths[i], Self.trueColour)]
            if let last, i < last.boxes.count { boxes.append((last.boxes[i], Self.predictedColour)) }
            ImageView(ObjectPictures.boxed(images[i], boxes: boxes), scale: scale)
                .render(into: &grid, area: Rect(x: x, y: top, width: cell.width, height: cell.height))
            if let last, i < last.boxes.count {
                let name = SyntheticCIFAR.classNames[last.classes[i]]
                let mark = last.classes[i] == labels[i] ? "" : "?"
                grid.write("\(name)\(mark) \(String(format: "%.2f", last.boxes[i].iou(truths[i])))", x: x, y: top + cell.height,
                           style: last.classes[i] == labels[i] ? .plain : .dim, clip: area)
            }
        }
        y += ((shown + perRow - 1) / perRow) * (cell.height + 2)
        let height = area.maxY - y
        guard height >= 4, !measurements.isEmpty else { return }
        let points = measurements.map { (x: Double($0.step), y: $0.meanIoU) }
        LinePlot(series: [LinePlot.Series(name: "mean test box IoU", points: points, color: .green)],
                 xRange: 0...Double(max(1, run.recipe.steps)), yRange: 0...1)
            .render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 100), height: height))
    }
}
