import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 9: pretrain a net on five classes of the built-in set (the "old task"), then learn the
/// other five from a few examples each (the "new task") two ways: (a) keep the pretrained layers
/// frozen and train only a fresh last layer, (b) train the same net from scratch. Shows both
/// accuracies, which parameters trained, and that the frozen filters did not move at all.
struct TransferDemo: DemoState {
    struct Runner: Sendable {
        var name: String
        var trainable = 0
        var frozen = 0
        var losses: [Double] = []
        var accuracy: Double?
        /// max |w_after - w_before| over the frozen layers' parameters, and over the trainable ones.
        var frozenMove: Float?
        var trainableMove: Float?
    }

    struct Progress: Sendable {
        var pretrainStep = 0
        var pretrainLoss: Double = .nan
        var oldAccuracy: Double?
        var step = 0
        var runners = [Runner(name: "(a) frozen + new last layer"), Runner(name: "(b) from scratch")]
        /// conv filters of the first layer of (a), before and after the new task: [K, C, kh, kw].
        var filtersBefore: [Float] = []
        var filtersAfter: [Float] = []
        var filterShape: [Int] = []
        var report: TransferReport?
        var finished = false

        mutating func apply(_ event: TransferExperiment.Event) {
            switch event {
            case .pretrainStep(let step, let loss):
                pretrainStep = step
                pretrainLoss = loss
            case .oldTaskAccuracy(let a):
                oldAccuracy = a
            case .newTaskStart(let trainable, let frozen, let filters, let shape):
                filtersBefore = filters
                filterShape = shape
                for i in runners.indices {
                    runners[i].trainable = trainable[i]
                    runners[i].frozen = frozen[i]
                }
            case .newTaskStep(let step, let losses):
                self.step = step
                for i in runners.indices { runners[i].losses.append(losses[i]) }
            }
        }

        mutating func finish(_ report: TransferReport) {
            runners[0].frozenMove = Float(report.frozenMaxChange)
            runners[0].trainableMove = Float(report.trainableMaxChange)
            runners[0].accuracy = report.transferAccuracy
            runners[1].accuracy = report.scratchAccuracy
            filtersAfter = report.filtersAfter
            self.report = report
            finished = true
        }
    }

    static let oldClasses = TransferExperiment.oldClasses
    static let newClasses = TransferExperiment.newClasses

    let experiment: TransferExperiment
    let networkName: String
    let frozenLayers: [String]
    let pretrainSteps: Int
    let steps: Int
    let examples: Int
    let batch: Int
    let scale: Int
    let present: Bool
    var progress = Progress()

    init(_ request: LessonDemoRequest) {
        experiment = TransferExperiment(request)
        networkName = request.networks.first?.name ?? "convnetjs-cifar10"
        frozenLayers = experiment.frozenLayers
        pretrainSteps = experiment.recipe.pretrainSteps
        steps = experiment.recipe.steps
        examples = experiment.recipe.examples
        batch = experiment.recipe.batch
        scale = request.pixelScale
        present = request.present
    }

    var workDone: Bool { progress.finished }

    var title: String { "Transfer learning, live: \(networkName)" }

    var keys: [KeyBinding] { [] }

    func start() -> [DemoAction] { [.run(.transfer(experiment))] }

    mutating func handle(_ key: Key) -> [DemoAction] { [] }

    /// Each event of the experiment moves the progress; the report fills in what was measured.
    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        switch report.kind {
        case .transfer(let event): progress.apply(event)
        case .transferDone(let done): progress.finish(done)
        default: break
        }
        return []
    }

    static func names(_ classes: Set<Int>) -> String {
        classes.sorted().map { SyntheticCIFAR.classNames[$0] }.joined(separator: ", ")
    }

    func render(into grid: inout CellGrid, area: Rect) {
        let p = progress
        var y = area.y
        y = DemoText.line("1. Old task: \(TransferDemo.names(TransferDemo.oldClasses)), every layer trainable.", into: &grid, area: area, y: y, style: .bold)
        let preLoss = p.pretrainLoss.isFinite ? String(format: "%.3f", p.pretrainLoss) : "-"
        let old = p.oldAccuracy.map { "  old-task test accuracy \(DemoText.percent($0))" } ?? ""
        // Projector mode: the bars show progress; step counts would only compete with the accuracies.
        let preSteps = present ? "" : " step \(p.pretrainStep)/\(pretrainSteps)"
        let newSteps = present ? "" : " step \(p.step)/\(steps)"
        y = DemoText.line("   \(DemoText.bar(Double(p.pretrainStep) / Double(pretrainSteps), width: 12))\(preSteps)  loss \(preLoss)\(old)",
                          into: &grid, area: area, y: y)
        y = DemoText.line("2. New task: \(TransferDemo.names(TransferDemo.newClasses)), only \(examples) training images of each.", into: &grid, area: area, y: y, style: .bold)
        y = DemoText.line("   frozen in (a): \(frozenLayers.joined(separator: ", ")); \(DemoText.bar(Double(p.step) / Double(steps), width: 12))\(newSteps)",
                          into: &grid, area: area, y: y)
        var rows: [Table.Row] = []
        for r in p.runners {
            let loss = r.losses.last.map { String(format: "%.3f", $0) } ?? "-"
            rows.append(Table.Row([r.name, r.trainable.grouped, r.frozen.grouped, loss,
                                   r.accuracy.map(DemoText.percent) ?? "-",
                                   r.frozenMove.map { $0 == 0 ? "0 (exactly)" : DemoText.sci(Double($0)) } ?? "-",
                                   r.trainableMove.map { DemoText.sci(Double($0)) } ?? "-"]))
        }
        rows[1].cells[5] = "none frozen"
        if p.finished, let a = p.runners[0].accuracy, let b = p.runners[1].accuracy { rows[a >= b ? 0 : 1].style = .bold }
        let table = Table(columns: [.init("new task", width: .fill), .init("trainable", width: .fixed(9), alignment: .right),
                                    .init("frozen", width: .fixed(7), alignment: .right), .init("loss", width: .fixed(6), alignment: .right),
                                    .init("test acc", width: .fixed(8), alignment: .right), .init("max|dw| frozen", width: .fixed(14), alignment: .right),
                                    .init("max|dw| rest", width: .fixed(12), alignment: .right)], rows: rows)
        y += 1
        table.render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 100), height: 3))
        y += 4
        if p.finished, let a = p.runners[0].accuracy, let b = p.runners[1].accuracy {
            let chance = 1.0 / Double(TransferDemo.newClasses.count)
            y = DemoText.line("New-task test accuracy: \(DemoText.percent(a)) with frozen pretrained features vs \(DemoText.percent(b)) from scratch (chance \(DemoText.percent(chance))).",
                              into: &grid, area: area, y: y, style: .bold)
        }
        // The first layer's filters in (a), before and after the new task: identical pictures.
        if p.filterShape.count == 4, !p.filtersBefore.isEmpty {
            let (k, c, h, w) = (p.filterShape[0], p.filterShape[1], p.filterShape[2], p.filterShape[3])
            let n = c * h * w
            let shown = min(k, 8)
            let lo = p.filtersBefore.min() ?? -1, hi = p.filtersBefore.max() ?? 1
            func strip(_ values: [Float], label: String, at y: Int) -> Int {
                guard values.count == k * n, y + 3 < area.maxY else { return y }
                grid.write(label, x: area.x, y: y, style: .dim, clip: area)
                var x = area.x + 21
                for f in 0..<shown {
                    let view = ImageView(RGBImage(width: w, height: h, planes: Array(values[(f * n)..<((f + 1) * n)]), range: lo...hi), scale: scale)
                    guard x + view.size.width <= area.maxX else { break }
                    view.render(into: &grid, area: Rect(x: x, y: y, width: view.size.width, height: view.size.height))
                    x += view.size.width + 1
                }
                return y + ImageView(RGBImage(width: w, height: h, pixels: Array(repeating: RGB(0, 0, 0), count: w * h)), scale: scale).size.height + 1
            }
            y += 1
            y = strip(p.filtersBefore, label: "conv filters before:", at: y)
            if !p.filtersAfter.isEmpty { y = strip(p.filtersAfter, label: "after the new task:", at: y) }
        }
        // Loss curves of the new task, if there is room.
        if area.maxY - y >= 5, p.runners.contains(where: { !$0.losses.isEmpty }) {
            LinePlot(series: [LinePlot.Series(name: "(a) frozen", values: p.runners[0].losses, color: .green),
                              LinePlot.Series(name: "(b) scratch", values: p.runners[1].losses, color: .red)],
                     xRange: 0...Double(max(1, steps - 1)))
                .render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 80), height: min(10, area.maxY - y)))
        }
    }
}
