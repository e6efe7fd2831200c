import ConvEngine
import Lessons
import TerminalKit

/// Runs `LessonPlayerState` in a terminal: saves progress when asked, writes the spec the lesson's
/// inspector asks for, and shows the home screen's tools (inspector, explorer) full-screen in place
/// of the player until their own `q` brings it back. A lesson step's explorer or inspector lives
/// inside the player's state instead (its widget pane).
public struct LessonPlayerApp: TerminalApp {
    public var state: LessonPlayerState
    public var store: ProgressStore
    /// Set when the player steps aside for the training dashboard (run by the caller).
    public private(set) var launch: LessonLaunch?
    public private(set) var launchTraining = false
    var explorer: ExploreApp?
    var inspector: InspectApp?

    public init(state: LessonPlayerState, store: ProgressStore) {
        self.state = state
        self.store = store
    }

    public var frameInterval: Duration { explorer?.frameInterval ?? state.live?.frameInterval ?? .seconds(1) }

    public mutating func update(_ key: Key) -> Bool {
        if explorer != nil {
            if !explorer!.update(key) { explorer = nil }
            return true
        }
        if inspector != nil {
            if !inspector!.update(key) { inspector = nil }
            return true
        }
        for effect in state.update(key) {
            switch effect {
            case .save:
                if let problem = store.save(state.progress) { state.message = problem }
            case .quit:
                return false
            case .openExplorer(let s):
                explorer = ExploreApp(state: s)
            case .openInspector(let s):
                inspector = InspectApp(state: s)
            case .writeSpec(let path, let text, let overwrite):
                state.live?.receive(InspectApp.write(text, to: path, overwrite: overwrite))
            case .launch(let l):
                launch = l
                return false
            case .launchTraining:
                launchTraining = true
                return false
            }
        }
        return true
    }

    public mutating func tick() -> Bool {
        if explorer != nil { _ = explorer!.tick() }
        state.live?.tick()
        return true
    }

    public func render(into grid: inout CellGrid) {
        if let explorer { explorer.render(into: &grid); return }
        if let inspector { inspector.render(into: &grid); return }
        state.render(into: &grid)
    }
}
