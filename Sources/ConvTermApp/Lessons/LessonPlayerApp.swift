import ConvEngine
import Lessons
import TerminalKit

/// Runs `LessonPlayerState` in a terminal: saves progress when asked, and shows the inspector or an
/// explorer full-screen in place of the lesson until its own `q` brings the lesson back.
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

    public var frameInterval: Duration { explorer?.frameInterval ?? .seconds(1) }

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
        return true
    }

    public func render(into grid: inout CellGrid) {
        if let explorer { explorer.render(into: &grid); return }
        if let inspector { inspector.render(into: &grid); return }
        state.render(into: &grid)
    }
}
