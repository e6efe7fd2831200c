import TerminalKit

/// The conv/pool explorer, the edge explorer or the inspector living in a step's widget pane. It is made when the
/// step first opens and put on the player's `LessonLiveShelf` when the student leaves the step,
/// so whatever was set (a stride, a half-finished sweep, an edited layer) stays while the student
/// reads the text beside it, and is still there after n and p or a trip to the lesson list.
///
/// Keys reach it only while it has focus; the ways back to the lesson text are tab and esc
/// always (once the widget's own help, if open, is closed), and the widget's own q where q is
/// not being typed into a line editor.
struct LessonLiveWidget {
    enum Content {
        case explorer(ExploreApp)
        /// `explore conv --image`: an edge filter over a real picture.
        case edges(EdgeExploreApp)
        case inspector(InspectState)
    }

    var content: Content
    /// Drawn over the whole screen instead of in the pane (the pane is cramped for big inputs).
    var zoomed = false

    /// What a key did, for the player.
    enum Outcome: Equatable {
        case stay
        /// Focus goes back to the lesson text.
        case leave
        /// The inspector asked to write its spec; the app does it and reports back with `receive`.
        case write(path: String, text: String, overwrite: Bool)
    }

    /// The key that toggles full screen: free in the explorer (whose z is padding) and in the
    /// inspector's browse mode, and a letter, so it is easy to say out loud in a lecture.
    static let zoomKey = Key.char("o")

    init(explorer state: ExploreState, present: Bool = false) {
        var state = state
        state.quitAction = "back"
        state.present = present
        content = .explorer(ExploreApp(state: state))
    }

    init(edges state: EdgeExploreState) {
        var state = state
        state.quitAction = "back"
        content = .edges(EdgeExploreApp(state: state))
    }

    init(inspector state: InspectState) {
        var state = state
        state.quitAction = "back"
        content = .inspector(state)
    }

    var name: String {
        switch content {
        case .explorer(let app): return app.state.kind == .conv ? "conv explorer" : "pool explorer"
        case .edges: return "edge explorer"
        case .inspector: return "inspector"
        }
    }

    /// Whether typed characters belong to the widget (the inspector's line editor or a question).
    var isTyping: Bool {
        guard case .inspector(let s) = content else { return false }
        if case .browse = s.mode { return false }
        return true
    }

    var minimum: Size {
        switch content {
        case .explorer: return ExploreState.paneMinimum
        case .edges: return EdgeExploreState.paneMinimum
        case .inspector: return InspectState.paneMinimum
        }
    }

    var frameInterval: Duration {
        switch content {
        case .explorer(let app): return app.frameInterval
        case .edges(let app): return app.frameInterval
        case .inspector: return .seconds(1)
        }
    }

    /// Whether the inspector holds edits not yet written to a file (quitting the player asks).
    var hasUnwrittenEdits: Bool {
        guard case .inspector(let s) = content else { return false }
        return s.isModified
    }

    mutating func handle(_ key: Key) -> Outcome {
        // The widget's help says "press any key to close": every key, tab and esc included, only
        // closes it. Leaving with it open would strand the box over the pane, unfocused.
        if helpShown {
            closeHelp()
            return .stay
        }
        switch key {
        case .tab, .backTab:
            zoomed = false
            return .leave
        case .escape:
            // Esc still cancels an edit the way the inspector's footer says, and then leaves too:
            // while typing, tab and esc are the only keys that are not text.
            if isTyping, case .inspector(var s) = content { _ = s.update(.escape); content = .inspector(s) }
            zoomed = false
            return .leave
        case LessonLiveWidget.zoomKey where !isTyping && !helpShown:
            zoomed.toggle()
            return .stay
        default:
            break
        }
        switch content {
        case .explorer(var app):
            _ = app.update(.key(key))
            if app.isFinished {
                // The explorer's q means "back" here; it stays ready for the next visit.
                content = .explorer(ExploreApp(state: app.state))
                zoomed = false
                return .leave
            }
            content = .explorer(app)
        case .edges(var app):
            _ = app.update(.key(key))
            if app.isFinished {
                content = .edges(EdgeExploreApp(state: app.state))
                zoomed = false
                return .leave
            }
            content = .edges(app)
        case .inspector(var s):
            // The inspector's own q would ask about unsaved edits before quitting; here nothing is
            // lost by leaving (the edits stay on this step), so q simply goes back to the text.
            if !isTyping && !s.showHelp && (key == .char("q") || key == .char("Q")) {
                zoomed = false
                return .leave
            }
            for effect in s.update(key) {
                switch effect {
                case .quit:
                    content = .inspector(s)
                    zoomed = false
                    return .leave
                case .write(let path, let text, let overwrite):
                    content = .inspector(s)
                    return .write(path: path, text: text, overwrite: overwrite)
                }
            }
            content = .inspector(s)
        }
        return .stay
    }

    private var helpShown: Bool {
        switch content {
        case .explorer(let app): return app.state.showHelp
        case .edges(let app): return app.state.showHelp
        case .inspector(let s): return s.showHelp
        }
    }

    private mutating func closeHelp() {
        switch content {
        case .explorer(var app): app.state.showHelp = false; content = .explorer(app)
        case .edges(var app): app.state.showHelp = false; content = .edges(app)
        case .inspector(var s): s.showHelp = false; content = .inspector(s)
        }
    }

    /// The result of a write the inspector asked for.
    mutating func receive(_ result: InspectState.EffectResult) {
        guard case .inspector(var s) = content else { return }
        s.receive(result)
        content = .inspector(s)
    }

    /// Advances the explorers' animations on the frame clock; the inspector has nothing running.
    mutating func frame(now: Double) {
        switch content {
        case .explorer(var app):
            _ = app.update(.frame(now: now))
            content = .explorer(app)
        case .edges(var app):
            _ = app.update(.frame(now: now))
            content = .edges(app)
        case .inspector:
            break
        }
    }

    /// Draws the widget at the size of `area`: into a grid of that size (the widget lays itself
    /// out for it, as it would in a terminal that size), copied into place.
    func render(into grid: inout CellGrid, area: Rect, minimum: Size? = nil) {
        guard area.width > 0, area.height > 0 else { return }
        var sub = CellGrid(width: area.width, height: area.height, capabilities: grid.capabilities)
        switch content {
        case .explorer(let app): app.state.render(into: &sub, minimum: minimum ?? ExploreState.minimumSize)
        case .edges(let app): app.state.render(into: &sub, minimum: minimum ?? EdgeExploreState.minimumSize)
        case .inspector(let s): s.render(into: &sub, minimum: minimum ?? InspectState.minimumSize)
        }
        grid.blit(sub, x: area.x, y: area.y)
    }

    /// Whether a pane of this inside size can show the widget, and its help when that is open
    /// (else focus shows it full-screen, where the help's last lines are not cut off).
    func fits(in area: Rect) -> Bool {
        guard area.width >= minimum.width && area.height >= minimum.height else { return false }
        guard helpShown else { return true }
        let help: HelpOverlay
        switch content {
        case .explorer(let app): help = app.state.helpOverlay
        case .edges(let app): help = app.state.helpOverlay
        case .inspector(let s): help = s.helpOverlay
        }
        return help.size(fitting: area.width).height <= area.height
    }

    /// Inside the pane: the widget if the pane is big enough for it, else what to do instead.
    /// (With focus, a pane too small is never drawn: the player shows the widget full-screen.)
    func renderInPane(into grid: inout CellGrid, area: Rect) {
        if fits(in: area) {
            render(into: &grid, area: area, minimum: minimum)
            return
        }
        grid.fill(area)
        let how = "Press tab to use it full-screen (tab or esc comes back); or enlarge the terminal."
        let lines = [("The \(name) needs \(minimum.width)x\(minimum.height) here; the pane is \(area.width)x\(area.height).", Style.bold),
                     (how, Style.plain)]
        var y = area.y
        for (text, style) in lines {
            for part in TextLayout.wrap(text, width: area.width) where y < area.maxY {
                grid.write(part, x: area.x, y: y, style: style, clip: area)
                y += 1
            }
        }
    }
}
