import ConvEngine
import TerminalKit

/// The numbers ConvNetJS prints beside its curves: examples seen, epoch, speed, time per
/// example by phase, and the optimizer's settings, plus the last test-set evaluation.
struct StatsPanel: Widget {
    var state: DashboardState
    var tier: DashboardLayout.Tier

    func lines() -> [[(String, Style)]] {
        let s = state, p = state.progress
        let l = DashboardStyle.label, v = DashboardStyle.value
        let epoch = s.trainCount > 0 ? Double(p.examplesSeen) / Double(s.trainCount) : 0
        let rate = s.phase == .training && s.imagesPerSecond > 0 ? Int(s.imagesPerSecond.rounded()).grouped : "-"
        let f = { (x: Double) in DashboardFormat.short(x, significant: 2) }
        let test = s.testEvaluation.map { "\(DashboardFormat.percent($0.accuracy)) @\($0.atStep.grouped)" } ?? "t runs it"
        // The base rate (what `[` `]` change) and, once the schedule has lowered it, the rate the
        // steps use now. Adadelta has no learning rate to scale.
        let learning = { (x: Double) in
            guard s.optimizer != .adadelta, let factor = p.learningRateFactor, factor < 1 - 1e-9 else { return f(x) }
            return "\(f(x)), now \(f(x * factor))"
        }
        if let viewing = s.viewing { return viewerLines(viewing) }
        if s.present { return presentLines() }
        if tier == .compact {
            return [
                [("examples ", l), (p.examplesSeen.grouped, v), ("  ep ", l), (DashboardFormat.short(epoch, significant: 3), v)],
                [("img/s ", l), (rate, v), ("  time ", l), (DashboardFormat.duration(s.trainingSeconds), v)],
                [("ms/ex ", l), ("f\(f(p.forwardMilliseconds)) b\(f(p.backwardMilliseconds)) u\(f(p.updateMilliseconds))", v)],
                [("lr ", l), (learning(s.learningRate), v), (" ", l), (s.optimizer.rawValue, v), ("  batch ", l), ("\(s.batchSize)", v)],
                [("l2 ", l), (f(s.l2Decay), v), ("  L2 loss ", l), (f(p.l2Loss), v)],
                [("loss ", l), (f(p.averageLoss), v), ("  acc ", l), (DashboardFormat.percent(p.averageAccuracy), v)],
                [("test ", l), (test, v), ("  thr ", l), ("\(s.threads)", v)],
                [("speed ", l), (s.speed.description, v)],
            ]
        }
        return [
            [("Training", DashboardStyle.heading)],
            [("examples seen ", l), (p.examplesSeen.grouped, v), ("   epoch ", l), (DashboardFormat.short(epoch, significant: 3), v),
             ("   elapsed ", l), (DashboardFormat.duration(s.trainingSeconds), v)],
            [("images/s ", l), (rate, v), ("   ms per example: forward ", l), (f(p.forwardMilliseconds), v),
             (" backward ", l), (f(p.backwardMilliseconds), v), (" update ", l), (f(p.updateMilliseconds), v)],
            [("learning rate ", l), (learning(s.learningRate), v), ("   optimizer ", l), (s.optimizer.rawValue, v),
             ("   batch ", l), ("\(s.batchSize)", v), ("   threads ", l), ("\(s.threads)", v)],
            [("loss ", l), (f(p.loss), v), ("   avg of last 100 ", l), (f(p.averageLoss), v),
             ("   L2 decay ", l), (f(s.l2Decay), v), ("  L2 loss ", l), (f(p.l2Loss), v)],
            [("train accuracy (last 100) ", l), (DashboardFormat.percent(p.averageAccuracy), v),
             ("   validation ", l), (s.history.validationAccuracy.last.map { DashboardFormat.percent($0.y) } ?? "-", v)],
            [("test set ", l), (s.testEvaluation.map { "\(DashboardFormat.percent($0.accuracy)) correct, loss \(f($0.loss)), \($0.examples.grouped) images at step \($0.atStep.grouped)" } ?? "not evaluated yet (t)", v)],
            [("speed ", l), (s.speed.description, v), ("   seed ", l), ("\(s.seed)", v)],
        ]
    }

    /// The viewer: what is looked at and how its images were fitted to the net; nothing trains.
    func viewerLines(_ viewing: DashboardViewing) -> [[(String, Style)]] {
        let l = DashboardStyle.label, v = DashboardStyle.value
        let whose = viewing.netClassNames.map { "its own \($0.count) classes (not the data's)" } ?? "the data's classes"
        var lines: [[(String, Style)]] = [
            [("Viewing ", DashboardStyle.heading), (viewing.fileName, DashboardStyle.heading), (": nothing trains", l)],
            [("image ", l), ("\(viewing.image) of \(state.testCount)", v), ("   n/N next/previous", l)],
            [("the net predicts ", l), (whose, v)],
        ]
        lines += viewing.notes.map { [($0, l)] }
        return tier == .compact ? Array(lines.dropFirst()) : lines
    }

    /// Projector mode: the settings a lesson talks about and the loss and accuracy it is about;
    /// no speed, timing or step counts.
    func presentLines() -> [[(String, Style)]] {
        let s = state, p = state.progress
        let l = DashboardStyle.label, v = DashboardStyle.value
        let f = { (x: Double) in DashboardFormat.short(x, significant: 2) }
        let validation = s.history.validationAccuracy.last.map { DashboardFormat.percent($0.y) } ?? "-"
        let test = s.testEvaluation.map { "\(DashboardFormat.percent($0.accuracy)) correct" } ?? "t runs it"
        var lines: [[(String, Style)]] = [
            [("learning rate ", l), (f(s.learningRate), v), ("  ", l), (s.optimizer.rawValue, v), ("  batch ", l), ("\(s.batchSize)", v)],
            [("loss ", l), (f(p.averageLoss), v), ("  train accuracy ", l), (DashboardFormat.percent(p.averageAccuracy), v)],
            [("validation ", l), (validation, v), ("  test set ", l), (test, v)],
        ]
        if tier != .compact { lines.insert([("Training", DashboardStyle.heading)], at: 0) }
        return lines
    }

    func render(into grid: inout CellGrid, area: Rect) {
        for (i, line) in lines().enumerated() where i < area.height {
            var x = area.x
            for (text, style) in line { x += grid.write(text, x: x, y: area.y + i, style: style, clip: area) }
        }
    }
}
