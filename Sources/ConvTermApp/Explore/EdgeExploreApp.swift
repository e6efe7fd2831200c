import TerminalKit

/// The edge explorer as a program: keys go to `EdgeExploreState`, and the sweep advances a row
/// on each frame message once `stepInterval` has passed since the last advance.
public struct EdgeExploreApp: Program {
    public var state: EdgeExploreState
    /// Seconds of the last frame and of the last sweep step (frame clock).
    private var now: Double = 0
    private var lastAdvance: Double = 0
    public private(set) var isFinished = false

    public init(state: EdgeExploreState) {
        self.state = state
    }

    public static func message(_ input: TerminalInput) -> TerminalInput { input }

    public var frameInterval: Duration { state.playing ? .milliseconds(40) : .milliseconds(250) }

    public mutating func update(_ message: TerminalInput) -> [NoEffect] {
        switch message {
        case .key(let key):
            let wasPlaying = state.playing
            if !state.update(key) { isFinished = true }
            // A sweep (re)started now waits a whole interval before its first row.
            if (state.playing && !wasPlaying) || state.filled == 0 { lastAdvance = now }
        case .frame(let t):
            now = t
            if state.playing && t - lastAdvance >= EdgeExploreState.stepInterval.seconds {
                state.tick()
                lastAdvance = t
            }
        }
        return []
    }

    public func view(into grid: inout CellGrid) {
        state.render(into: &grid)
    }
}
