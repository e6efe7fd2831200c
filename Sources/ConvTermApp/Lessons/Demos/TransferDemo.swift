import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 9: pretrain a net on five classes of the built-in set (the "old task"), then learn the
/// other five from a few examples each (the "new task") two ways: (a) keep the pretrained layers
/// frozen and train only a fresh last layer, (b) train the same net from scratch. Shows both
/// accuracies, which parameters trained, and that the frozen filters did not move at all.
struct TransferDemo: LessonDemo {
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
        var finished = false
    }

    static let oldClasses = Set(0..<5)
    static let newClasses = Set(5..<10)

    let networkName: String
    let frozenLayers: [String]
    let pretrainSteps: Int
    let steps: Int
    let examples: Int
    let batch: Int
    let scale: Int
    let present: Bool
    let job: DemoJob<Progress>
    var progress = Progress()

    init(_ request: LessonDemoRequest) {
        let net = request.networks.first ?? LessonDemoRequest.Net(name: "convnetjs-cifar10", spec: Zoo.spec(named: "convnetjs-cifar10")!)
        networkName = net.name
        let spec = net.spec
        let names = DemoTraining.layerNames(spec)
        var frozen = Set(zip(names, spec.layers).filter { $0.1.frozen }.map(\.0))
        frozen.formUnion((request.options["freeze"] ?? "").split(separator: ",").map(String.init))
        if frozen.isEmpty {
            // Nothing marked: freeze every layer with parameters except the last one.
            let shapes = NetworkShapes(spec)
            let withParams = names.filter { (shapes.layer(named: $0)?.params ?? 0) > 0 }
            frozen = Set(withParams.dropLast())
        }
        frozenLayers = names.filter(frozen.contains)
        pretrainSteps = request.int("pretrain", default: 250, in: 1...5000)
        steps = request.int("steps", default: 100, in: 1...5000)
        examples = request.int("examples", default: 20, in: 1...200)
        batch = request.int("batch", default: 8, in: 1...256)
        scale = request.pixelScale
        present = request.present
        job = DemoJob(Progress())
        let (frozenNames, allNames) = (Set(frozenLayers), Set(names))
        let (pretrainSteps, steps, examples, batch) = (pretrainSteps, steps, examples, batch)
        job.start { job in
            let data = DemoTraining.data
            // 1. The old task, every layer trainable.
            let pre = DemoTraining.session(spec, name: "pretrained", train: DemoTraining.subset(data.train, classes: TransferDemo.oldClasses),
                                           seed: 3, batch: batch)
            let pretrained = pre.network
            pretrained.setFrozen(false, layers: allNames)
            for _ in 0..<pretrainSteps {
                if job.isCancelled { return }
                let e = pre.trainBatch()
                job.update { $0.pretrainStep = e.step; $0.pretrainLoss = e.averageLoss }
            }
            let oldAccuracy = pre.evaluate(DemoTraining.subset(data.test, classes: TransferDemo.oldClasses))?.accuracy ?? .nan
            job.update { $0.oldAccuracy = oldAccuracy }

            // 2. The new task, two sessions from one seed (same fresh weights, same batches).
            // (a) takes the pretrained frozen layers and keeps its own fresh initialisation for
            // the rest (the new head); (b) is the same fresh net, all trainable.
            let newTrain = DemoTraining.subset(data.train, classes: TransferDemo.newClasses, perClass: examples)
            let sessions = [DemoTraining.session(spec, name: "transfer", train: newTrain, seed: 5, batch: batch),
                            DemoTraining.session(spec, name: "scratch", train: newTrain, seed: 5, batch: batch)]
            let transfer = sessions[0].network, scratch = sessions[1].network
            transfer.setFrozen(false, layers: allNames)
            transfer.setFrozen(true, layers: frozenNames)
            for (mine, theirs) in zip(transfer.layers, pretrained.layers) where frozenNames.contains(mine.name) {
                for (p, q) in zip(mine.parameters, theirs.parameters) { p.value = q.value }
            }
            scratch.setFrozen(false, layers: allNames)
            let before = transfer.parameters.map(\.value)
            let firstWeights = transfer.parameters.first { $0.shape.count == 4 && $0.shape[1] == 3 }
            job.update { p in
                p.filtersBefore = firstWeights?.value ?? []
                p.filterShape = firstWeights?.shape ?? []
                for (i, net) in [transfer, scratch].enumerated() {
                    p.runners[i].trainable = net.parameters.filter { !$0.frozen }.reduce(0) { $0 + $1.count }
                    p.runners[i].frozen = net.parameters.filter(\.frozen).reduce(0) { $0 + $1.count }
                }
            }
            for step in 0..<steps {
                if job.isCancelled { return }
                for (i, session) in sessions.enumerated() {
                    let e = session.trainBatch()
                    job.update { $0.runners[i].losses.append(e.averageLoss) }
                }
                job.update { $0.step = step + 1 }
            }
            // Measured, not assumed: how far each parameter moved during the new task.
            var frozenMove: Float = 0, trainableMove: Float = 0
            for (p, b) in zip(transfer.parameters, before) {
                let move = zip(p.value, b).reduce(Float(0)) { max($0, abs($1.0 - $1.1)) }
                if p.frozen { frozenMove = max(frozenMove, move) } else { trainableMove = max(trainableMove, move) }
            }
            let newTest = DemoTraining.subset(data.test, classes: TransferDemo.newClasses)
            let accuracies = sessions.map { $0.evaluate(newTest)?.accuracy ?? .nan }
            job.update { p in
                p.runners[0].frozenMove = frozenMove
                p.runners[0].trainableMove = trainableMove
                p.runners[0].accuracy = accuracies[0]
                p.runners[1].accuracy = accuracies[1]
                p.filtersAfter = firstWeights?.value ?? []
                p.finished = true
            }
        }
    }

    var workDone: Bool { job.isFinished }

    var title: String { "Transfer learning, live: \(networkName)" }

    var keys: [KeyBinding] { [] }

    mutating func handle(_ key: Key) {}

    mutating func tick() { progress = job.value }

    func stop() { job.cancel() }

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
