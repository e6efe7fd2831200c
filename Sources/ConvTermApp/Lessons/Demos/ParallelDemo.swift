import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 12: data parallelism checked live (two copies of the ConvNetJS net, half a batch each,
/// averaged gradients against the whole batch's gradient), then what each of two workers holds
/// and sends for the lesson's network (VGG-16) under data and model parallelism, from its shapes.
struct ParallelDemo: DemoState {
    let networkName: String
    let shapes: NetworkShapes
    let checkName = ParallelRun.checkNetwork
    let workers: Int
    let checkBatch = ParallelRun.checkBatch
    var checkSeed: UInt64 = 1
    /// Batch size for the per-worker table.
    var batch: Int
    var check: DataParallel.Check?
    /// The check's answer came back (nil in `check` if the check net could not be built).
    var checked = false

    static let batches = [1, 2, 4, 8, 16, 32, 64, 128, 256]

    init(_ request: LessonDemoRequest) {
        let net = request.networks.first ?? LessonDemoRequest.Net(name: "vgg16", spec: Zoo.spec(named: "vgg16")!)
        networkName = net.name
        shapes = NetworkShapes(net.spec)
        workers = request.int("workers", default: 2, in: 2...4)
        batch = request.int("batch", default: 32, in: 1...256)
        checkSeed = request.seed
    }

    /// The gradient check on a fresh batch of the built-in set (worked out off the UI thread).
    var checkWork: DemoWork.Kind { .parallelCheck(seed: checkSeed, images: checkBatch, workers: workers) }

    var workDone: Bool { checked }

    var title: String { "Data vs model parallelism: \(networkName) on \(workers) workers" }

    var keys: [KeyBinding] { [KeyBinding("r", "new batch"), KeyBinding("+/-", "batch size")] }

    func start() -> [DemoAction] { [.run(checkWork)] }

    mutating func handle(_ key: Key) -> [DemoAction] {
        switch key {
        case .char("r"):
            checkSeed += 1
            check = nil
            checked = false
            return [.restart(checkWork)]
        case .char("+"), .char("="), .up, .right:
            batch = ParallelDemo.batches.first { $0 > batch } ?? batch
        case .char("-"), .down, .left:
            batch = ParallelDemo.batches.last { $0 < batch } ?? batch
        default: break
        }
        return []
    }

    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        if case .parallel(let result) = report.kind {
            check = result
            checked = true
        }
        return []
    }

    /// The last layer before the first fully connected one: where the lecture splits conv from FC.
    var convFCBoundary: String? {
        let top = shapes.rows.dropFirst().filter { $0.depth == 0 }
        guard let fc = top.firstIndex(where: { if case .fullyConnected = $0.kind { return true } else { return false } }),
              fc > top.startIndex else { return nil }
        return top[top.index(before: fc)].name
    }

    static func approx(_ n: Int) -> String { LessonWidgetPanel.approx(n) }

    static func mib(_ bytes: Int) -> String { String(format: "%.0f MiB", Double(bytes) / 1_048_576) }

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        y = DemoText.line("1. Data parallelism, live: \(checkName), \(checkBatch) built-in images split across \(workers) copies.",
                          into: &grid, area: area, y: y, style: .bold)
        if let c = check {
            let shares = c.shares.map(String.init).joined(separator: " + ")
            let losses = c.workerLosses.enumerated().map { "worker \($0.offset + 1) \(String(format: "%.4f", $0.element))" }.joined(separator: ", ")
            y = DemoText.line("   shares \(shares); losses: \(losses); whole batch on one worker \(String(format: "%.4f", c.singleLoss))", into: &grid, area: area, y: y)
            y = DemoText.line("   \(c.gradientCount.grouped) gradient numbers: max |average of workers - one worker| = \(DemoText.sci(Double(c.maxAbsDifference)))",
                              into: &grid, area: area, y: y)
            let same = c.relativeDifference < 1e-5
            y = DemoText.line("   largest gradient \(DemoText.sci(Double(c.maxAbsGradient))), relative difference \(DemoText.sci(Double(c.relativeDifference))): "
                              + (same ? "the same gradient up to round-off." : "NOT the same gradient."),
                              into: &grid, area: area, y: y, style: Style(foreground: same ? .green : .red))
        } else {
            y = DemoText.line("   computing both gradients...", into: &grid, area: area, y: y, style: .dim)
            y += 2
        }
        y += 1
        y = DemoText.line("2. \(networkName), batch \(batch), 2 workers: what each holds (Float32) and sends per step", into: &grid, area: area, y: y, style: .bold)

        var plans: [(String, ParallelPlan)] = [("data", ParallelPlan.data(shapes, workers: 2, batch: batch))]
        let balanced = ParallelPlan.model(shapes, batch: batch)
        plans.append(("model, balanced", balanced))
        if let b = convFCBoundary, b != balanced.splitAfter {
            plans.append(("model, conv | fc", ParallelPlan.model(shapes, batch: batch, splitAfter: b)))
        }
        var rows: [Table.Row] = []
        for (name, plan) in plans {
            for (i, w) in plan.workers.enumerated() {
                rows.append(Table.Row([i == 0 ? name : "", "\(i + 1)", w.layers, ParallelDemo.approx(w.params), ParallelDemo.approx(w.activations),
                                       ParallelDemo.mib(w.bytes), ParallelDemo.approx(w.sends)]))
            }
        }
        let table = Table(columns: [.init("strategy", width: .fixed(16)), .init("w", width: .fixed(2)), .init("layers", width: .fill),
                                    .init("params", width: .fixed(7), alignment: .right), .init("activations", width: .fixed(11), alignment: .right),
                                    .init("memory", width: .fixed(9), alignment: .right), .init("sends", width: .fixed(7), alignment: .right)],
                          rows: rows)
        let height = min(rows.count + 1, area.maxY - y)
        table.render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 96), height: height))
        y += height + 1
        let data = plans[0].1
        y = DemoText.line("Data: each worker sends its whole gradient, \(data.workers[0].sends.grouped) numbers, whatever the batch.", into: &grid, area: area, y: y)
        y = DemoText.line("Model: only the volume at the split crosses, \(balanced.workers[0].sends.grouped) numbers each way at batch \(batch) (split after \(balanced.splitAfter ?? "?")).",
                          into: &grid, area: area, y: y)
        DemoText.line("Activations grow with the batch, parameters do not: try + and -.", into: &grid, area: area, y: y, style: .dim)
    }
}
