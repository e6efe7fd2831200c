import ConvEngine
import TerminalKit

extension ExploreState {
    /// The smallest screen the explorer lays out in (the default 7x7x3 demo fits exactly).
    public static let minimumSize = Size(width: 80, height: 24)

    public var keyBindings: [KeyBinding] {
        // Help and quit come early: the footer drops what does not fit from the end.
        var keys = [KeyBinding("n/p", "step"), KeyBinding("space", playing ? "pause" : "play"), KeyBinding("?", "help"),
                    KeyBinding("q", quitAction), KeyBinding("+/-", "speed \(speedText)"),
                    KeyBinding("f/F", kind == .conv ? "filter" : "window"), KeyBinding("s/S", "stride")]
        if kind == .conv {
            keys += [KeyBinding("z/Z", "pad"), KeyBinding("d/D", "filters"), KeyBinding("v", showMaps ? "numbers" : "maps"),
                     KeyBinding("i", "image")]
        }
        return keys
    }

    var helpBindings: [KeyBinding] {
        var keys = [
            KeyBinding("n → l", "next output cell"), KeyBinding("p ← h", "previous output cell"),
            KeyBinding("↓ ↑", "a whole output row forward / back"),
            KeyBinding("space", "play / pause the sweep"), KeyBinding("+ -", "faster / slower"),
            KeyBinding("home r", "start again"), KeyBinding("end e", "fill every cell"),
            KeyBinding("f F", kind == .conv ? "smaller / larger filter" : "smaller / larger window"),
            KeyBinding("s S", "smaller / larger stride"),
        ]
        if kind == .conv {
            keys += [KeyBinding("z Z", "less / more zero padding"), KeyBinding("d D", "fewer / more filters"),
                     KeyBinding("v", "output as numbers / as a stack of activation maps"),
                     KeyBinding("i I", "integers or a 32x32x3 image / next image")]
        }
        keys += [KeyBinding("q esc", quitAction)]
        return keys
    }

    public func render(into grid: inout CellGrid) {
        render(into: &grid, minimum: ExploreState.minimumSize)
    }

    /// The size below which a lesson's widget pane shows a note instead of the explorer: the
    /// layout clips and scrolls its grids, so it stays readable well under the full-screen minimum.
    public static let paneMinimum = Size(width: 44, height: 14)

    /// Draws at the grid's size, or says it is too small below `minimum`.
    public func render(into grid: inout CellGrid, minimum: Size) {
        if TooSmallScreen.isTooSmall(grid, required: minimum) {
            TooSmallScreen(required: minimum, actual: Size(width: grid.width, height: grid.height))
                .render(into: &grid, area: grid.bounds)
            return
        }
        switch kind {
        case .conv: renderConv(into: &grid, area: grid.bounds)
        case .pool: renderPool(into: &grid, area: grid.bounds)
        }
        if showHelp { helpOverlay.render(into: &grid, area: grid.bounds) }
    }

    var helpOverlay: HelpOverlay { HelpOverlay(title: "explore \(kind.rawValue): keys", bindings: helpBindings) }

    func renderFooter(into grid: inout CellGrid, area: Rect) {
        KeyFooter(keyBindings, keyStyle: Style(attributes: [.bold, .reverse])).render(into: &grid, area: area)
    }
}
