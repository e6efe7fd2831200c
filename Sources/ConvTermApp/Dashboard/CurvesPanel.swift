import TerminalKit

/// Loss and accuracy over examples seen, in Braille: training loss (average of the last 100
/// examples, as ConvNetJS plots it) with the L2 loss, and training vs validation accuracy.
struct CurvesPanel: Widget {
    var state: DashboardState
    var tier: DashboardLayout.Tier

    func render(into grid: inout CellGrid, area: Rect) {
        guard area.height >= 4, area.width >= 10 else { return }
        let h = state.history
        let loss = LinePlot(series: [LinePlot.Series(name: "training loss (avg of last 100)", points: h.loss, color: .palette(208))])
        if tier == .compact || area.height < 14 {
            loss.render(into: &grid, area: area)
            return
        }
        // L2 loss gets its own small plot: on the loss axis it would be a flat line at zero.
        let parts = area.split(.vertical, [.fill(3), .fixed(5), .fill(3)], spacing: 0)
        loss.render(into: &grid, area: parts[0])
        LinePlot(series: [LinePlot.Series(name: "L2 weight loss", points: h.l2Loss, color: .palette(141))])
            .render(into: &grid, area: parts[1])
        LinePlot(series: [
            LinePlot.Series(name: "train acc", points: h.trainAccuracy, color: .palette(75)),
            LinePlot.Series(name: "validation acc", points: h.validationAccuracy, color: .palette(40)),
        ], yRange: 0...1).render(into: &grid, area: parts[2])
    }
}
