import ConvEngine
import TerminalKit

/// Lesson 8: nets trained side by side on the same batches (`RaceRun`, one step of each in turn),
/// then their test accuracies. Any number of nets: each is a row of numbers and a curve, in its
/// own colour, on one shared plot of the trainer's running training loss.
struct ResidualRaceDemo: DemoState {
    struct Runner {
        var name: String
        var params: Int
        var losses: [Double] = []
        var seconds: Double = 0
        var testAccuracy: Double?
    }

    /// What the worker runs; `r` runs it again with the next seed.
    var race: RaceRun
    let present: Bool
    var runners: [Runner]
    var step = 0

    init(_ request: LessonDemoRequest) {
        race = RaceRun(request)
        present = request.present
        runners = []
        runners = freshRunners()
    }

    func freshRunners() -> [Runner] {
        race.nets.map { Runner(name: $0.name, params: NetworkShapes($0.spec).totalParams) }
    }

    var workDone: Bool { runners.allSatisfy { $0.testAccuracy != nil } }

    var title: String { "Depth without shortcuts, live: " + race.nets.map(\.name).joined(separator: " vs ") }

    /// "deep plain (plain32-cifar)" in a race of three, else the net's name.
    func label(_ i: Int) -> String {
        runners.count == RaceRecipe.labels.count ? "\(RaceRecipe.labels[i]) (\(runners[i].name))" : runners[i].name
    }

    /// The race's point once every net is tested, from the final training losses: does the deep
    /// plain net end above both others? Nil while training or for a race of other nets.
    var verdict: String? {
        guard workDone, runners.count == RaceRecipe.labels.count,
              let shallow = runners[0].losses.last, let deep = runners[1].losses.last, let residual = runners[2].losses.last else { return nil }
        if deep > shallow && deep > residual {
            return "The deep plain net trains worst: more layers made its training loss higher, and shortcuts fixed it."
        }
        return "This time the deep plain net did not end highest; press r to race again with another seed."
    }

    var keys: [KeyBinding] { [KeyBinding("r", "race again (new seed)")] }

    func start() -> [DemoAction] { [.run(.race(race))] }

    mutating func handle(_ key: Key) -> [DemoAction] {
        guard key == .char("r") else { return [] }
        race.seed &+= 1
        runners = freshRunners()
        step = 0
        return [.restart(.race(race))]
    }

    mutating func receive(_ report: DemoReport) -> [DemoAction] {
        guard case .race(let event) = report.kind else { return [] }
        switch event {
        case .step(let n, let losses, let seconds):
            step = n
            for i in runners.indices where i < losses.count {
                runners[i].losses.append(losses[i])
                runners[i].seconds += seconds[i]
            }
        case .tested(let net, let accuracy):
            if runners.indices.contains(net) { runners[net].testAccuracy = accuracy }
        }
        return []
    }

    static let colors: [Color] = [.red, .green, .cyan, .yellow, .magenta]

    static func color(_ i: Int) -> Color { colors[i % colors.count] }

    func render(into grid: inout CellGrid, area: Rect) {
        var y = area.y
        let steps = race.steps
        let together = runners.count == 2 ? "Both nets" : "The \(runners.count) nets"
        y = DemoText.line("\(together) see the same \(race.batch)-image batches of the built-in set, one step each in turn\(present ? "" : " (seed \(race.seed))").",
                          into: &grid, area: area, y: y, style: .dim)
        let status = workDone ? "done" : (step == steps ? "measuring test accuracy..." : "training")
        // Projector mode: no step counts or seconds, only what the race is about (loss, accuracy).
        let counter = present ? "" : " step \(step)/\(steps)"
        y = DemoText.line("\(DemoText.bar(Double(step) / Double(steps)))\(counter)  \(status)", into: &grid, area: area, y: y, style: .bold)
        for (i, r) in runners.enumerated() {
            let loss = r.losses.last.map { String(format: "%.3f", $0) } ?? "-"
            let acc = r.testAccuracy.map { "test accuracy \(DemoText.percent($0)) on \(DemoTraining.data.test.count)" } ?? ""
            let seconds = present ? "" : ", \(String(format: "%.1f", r.seconds)) s"
            y = DemoText.line("\(label(i)): \(r.params.grouped) params, loss \(loss)\(seconds)  \(acc)",
                              into: &grid, area: area, y: y, style: Style(foreground: ResidualRaceDemo.color(i)))
        }
        if let verdict { y = DemoText.line(verdict, into: &grid, area: area, y: y, style: .bold) }
        y += 1
        // One plot, every curve on the same axes, the legend naming each net in its colour.
        let height = area.maxY - y
        guard height >= 4 else { return }
        let series = runners.enumerated().map { i, r in
            LinePlot.Series(name: "\(label(i)) loss", values: r.losses, color: ResidualRaceDemo.color(i))
        }
        LinePlot(series: series, xRange: 0...Double(max(1, steps - 1)))
            .render(into: &grid, area: Rect(x: area.x, y: y, width: min(area.width, 100), height: height))
    }
}
