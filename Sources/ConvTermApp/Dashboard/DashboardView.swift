import ConvEngine
import Lessons
import TerminalKit

/// Draws the whole dashboard from its state: status bar, network column, layer view, example,
/// curves, stats, a line saying what is happening, and the key footer.
public enum DashboardView {
    public static func render(_ s: DashboardState, into grid: inout CellGrid) {
        let size = Size(width: grid.width, height: grid.height)
        if TooSmallScreen.isTooSmall(grid, required: DashboardLayout.minimum) {
            TooSmallScreen(required: DashboardLayout.minimum, actual: size).render(into: &grid, area: grid.bounds)
            return
        }
        // A task's goal gets two lines when one is too narrow for it (80 columns), never more.
        let taskLines = s.task == nil ? 0 : min(2, TextLayout.wrap(taskText(s), width: grid.width).count)
        let layout = DashboardLayout(size: size, layerCount: s.layers.count, zoomed: s.zoomed, taskLines: taskLines)
        statusBar(s, &grid, layout.status)
        taskLine(s, &grid, layout.task)
        if !s.zoomed {
            NetworkColumnView(state: s, tier: layout.tier).render(into: &grid, area: layout.network)
            StatsPanel(state: s, tier: layout.tier).render(into: &grid, area: layout.stats)
            CurvesPanel(state: s, tier: layout.tier).render(into: &grid, area: layout.curves)
            ExamplePanel(state: s, tier: layout.tier).render(into: &grid, area: layout.example)
        }
        LayerView(state: s, tier: layout.tier).render(into: &grid, area: layout.layerView)
        messageLine(s, &grid, layout.message)
        KeyFooter(s.viewing == nil ? DashboardKeys.footer : DashboardKeys.viewerFooter, keyStyle: DashboardStyle.footerKey).render(into: &grid, area: layout.footer)
        if s.showHelp {
            HelpOverlay(title: "Dashboard keys", bindings: s.viewing == nil ? DashboardKeys.help : DashboardKeys.viewerHelp, footer: "press any key to close")
                .render(into: &grid, area: grid.bounds.inset(top: 1, bottom: 1))
        }
    }

    /// The words on the status bar for each phase.
    public static func phaseText(_ s: DashboardState) -> String {
        if s.viewing != nil { return "VIEWING" }
        switch s.phase {
        case .training: return "TRAINING"
        case .paused: return "PAUSED"
        case .diverged: return "DIVERGED"
        }
    }

    static func statusBar(_ s: DashboardState, _ grid: inout CellGrid, _ area: Rect) {
        let epoch = s.trainCount > 0 ? Double(s.progress.examplesSeen) / Double(s.trainCount) : 0
        var left = " ConvTerm  \(s.networkName)  \(phaseText(s))"
        var right = ""
        // On a projector the counters only distract; the curves carry the progress.
        if let viewing = s.viewing {
            left += "  \(viewing.fileName)  image \(viewing.image)"
        } else if !s.present {
            left += "  step \(s.progress.step.grouped)  epoch \(DashboardFormat.short(epoch, significant: 3))"
            right = "\(s.speed)  seed \(s.seed) "
        }
        StatusLine(left: left, right: right, style: DashboardStyle.status(s.phase, grid.capabilities))
            .render(into: &grid, area: area)
    }

    /// What the user should know now: a pending question, a divergence, the last action's
    /// result, or else what the current phase means and which key changes it.
    public static func messageText(_ s: DashboardState) -> String {
        if let q = s.confirmation { return DashboardUpdate.prompt(q, s) }
        if s.progress.diverged {
            let step = s.progress.divergedAtStep.map { " at step \($0.grouped)" } ?? ""
            return "loss became NaN\(step) — press r to reset or [ to lower the learning rate (then space)"
        }
        if let note = s.note { return note }
        switch s.phase {
        case .paused: return "paused — space resumes, n runs one batch, . one example"
        case .training: return s.snapshot == nil ? "starting: the first batch is on its way..." : "training — space pauses, ? shows every key"
        case .diverged: return ""
        }
    }

    /// "[ ] Task: ..." while the engine has not seen it, green "[x] Task done" once it has.
    static func taskLine(_ s: DashboardState, _ grid: inout CellGrid, _ area: Rect) {
        guard let run = s.task, area.height > 0 else { return }
        let style = run.isMet ? Style(foreground: .green, attributes: .bold) : Style(foreground: .yellow, attributes: .bold)
        let lines = TextLayout.wrap(taskText(s), width: area.width)
        for (i, line) in lines.prefix(area.height).enumerated() {
            let last = i == area.height - 1 && lines.count > area.height
            grid.write(last ? TextLayout.clip(line + " " + lines[(i + 1)...].joined(separator: " "), width: area.width, ellipsis: grid.glyphs.ellipsis) : line,
                       x: area.x, y: area.y + i, style: style, clip: area)
        }
    }

    static func taskText(_ s: DashboardState) -> String {
        guard let run = s.task else { return "" }
        let parts = run.task.stages.count > 1 && !run.isMet ? " (\(run.stagesMet) of \(run.task.stages.count) done)" : ""
        return run.isMet ? " [x] Task done: \(s.taskGoal)" : " [ ] Task: \(s.taskGoal)\(parts)"
    }

    static func messageLine(_ s: DashboardState, _ grid: inout CellGrid, _ area: Rect) {
        let text = messageText(s)
        let style: Style
        if s.confirmation != nil {
            style = DashboardStyle.prompt(grid.capabilities)
            grid.fill(area, with: Cell(" ", style: style))
        } else {
            style = s.progress.diverged ? DashboardStyle.warning : DashboardStyle.value
        }
        grid.write(TextLayout.clip(" " + text, width: area.width, ellipsis: grid.glyphs.ellipsis),
                   x: area.x, y: area.y, style: style, clip: area)
    }
}
