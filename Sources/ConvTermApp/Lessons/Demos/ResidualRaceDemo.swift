import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// Lesson 8: a plain deep net and the same net with residual connections, trained a fixed number
/// of steps on the same batches (one step of each in turn, so both curves grow together), then
/// their test accuracies. The curves are the trainer's moving average of the loss.
struct ResidualRaceDemo: LessonDemo {
    struct Runner: Sendable {
        var name: String
        var params: Int
        var losses: [Double] = []
        var seconds: Double = 0
        var testAccuracy: Double?
    }

    struct Progress: Sendable {
        var runners: [Runner]
        var step = 0
    }

    let nets: [LessonDemoRequest.Net]
    let steps: Int
    let batch: Int
    let present: Bool
    var seed: UInt64 = 1
    var threads = 2
    var job: DemoJob<Progress>
    var progress: Progress

    init(_ request: LessonDemoRequest) {
        let nets = RaceRecipe.nets(request)
        self.nets = nets
        steps = request.int("steps", default: RaceRecipe.steps, in: 1...5000)
        batch = request.int("batch", default: RaceRecipe.batch, in: 1...256)
        present = request.present
        seed = request.seed
        threads = request.threads
        let initial = Progress(runners: nets.map { Runner(name: $0.name, params: NetworkShapes($0.spec).totalParams) })
        job = DemoJob(initial)
        progress = initial
        start()
    }

    mutating func start() {
        job.cancel()
        let initial = Progress(runners: nets.map { Runner(name: $0.name, params: NetworkShapes($0.spec).totalParams) })
        job = DemoJob(initial)
        progress = initial
        let (nets, steps, batch, seed, threads) = (nets, steps, batch, seed, threads)
        job.start { job in
            // One session per net, all from the same seed: the same batches in the same order.
            let sessions = nets.map { DemoTraining.session($0.spec, name: $0.name, train: DemoTraining.data.train, seed: seed, batch: batch, threads: threads) }
            for step in 0..<steps {
                if job.isCancelled { return }
                for (i, session) in sessions.enumerated() {
                    let start = ContinuousClock.now
                    let e = session.trainBatch()
                    let dt = DemoTraining.seconds(since: start)
                    job.update { $0.runners[i].losses.append(e.averageLoss); $0.runners[i].seconds += dt }
                }
                job.update { $0.step = step + 1 }
            }
            for (i, session) in sessions.enumerated() {
                if job.isCancelled { return }
                let a = session.evaluate(DemoTraining.data.test)?.accuracy ?? .nan
                job.update { $0.runners[i].testAccuracy = a }
            }
        }
    }

    var workDone: Bool { job.isFinished }

    var title: String { "Plain vs residual, live: " + nets.map(\.name).joined(separator: " vs ") }

    var keys: [KeyBinding] { [KeyBinding("r", "race again (new seed)")] }

    mutating func handle(_ key: Key) {
        if key == .char("r") {
            seed &+= 1
            start()
        }
    }

    mutating func tick() { progress = job.value }

    func stop() { job.cancel() }

    static let colors: [Color] = [.red, .green, .yellow, .cyan]

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        let p = progress
        let done = p.runners.allSatisfy { $0.testAccuracy != nil }
        y = DemoText.line("Both nets see the same \(batch)-image batches of the built-in set, one step each in turn\(present ? "" : " (seed \(seed))").",
                          into: &grid, area: area, y: y, style: .dim)
        let status = done ? "done" : (p.step == steps ? "measuring test accuracy..." : "training")
        // Projector mode: no step counts or seconds, only what the race is about (loss, accuracy).
        let counter = present ? "" : " step \(p.step)/\(steps)"
        y = DemoText.line("\(DemoText.bar(Double(p.step) / Double(steps)))\(counter)  \(status)", into: &grid, area: area, y: y, style: .bold)
        for (i, r) in p.runners.enumerated() {
            let loss = r.losses.last.map { String(format: "%.3f", $0) } ?? "-"
            let acc = r.testAccuracy.map { "test accuracy \(DemoText.percent($0)) on \(DemoTraining.data.test.count)" } ?? ""
            let seconds = present ? "" : ", \(String(format: "%.1f", r.seconds)) s"
            y = DemoText.line("\(r.name): \(r.params.grouped) params, loss \(loss)\(seconds)  \(acc)",
                              into: &grid, area: area, y: y, style: Style(foreground: ResidualRaceDemo.colors[i % 4]))
        }
        y += 1
        // Side by side, one plot per net, on the same axes so the curves compare by eye.
        let all = p.runners.flatMap(\.losses).filter(\.isFinite)
        let yRange = (all.min() ?? 0)...max((all.max() ?? 1), (all.min() ?? 0) + 0.1)
        let count = max(1, p.runners.count)
        let width = (area.width - (count - 1) * 2) / count
        let height = area.maxY - y
        guard height >= 4 else { return }
        for (i, r) in p.runners.enumerated() {
            let plot = LinePlot(series: [LinePlot.Series(name: "\(r.name) loss", values: r.losses, color: ResidualRaceDemo.colors[i % 4])],
                                xRange: 0...Double(max(1, steps - 1)), yRange: yRange)
            plot.render(into: &grid, area: Rect(x: area.x + i * (width + 2), y: y, width: width, height: height))
        }
    }
}
