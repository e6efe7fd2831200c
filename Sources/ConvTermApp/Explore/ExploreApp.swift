import TerminalKit

/// The conv/pool explorer as a program: keys go to `ExploreState`, and the animation advances on
/// frame messages once `stepInterval` has passed since the last advance.
public struct ExploreApp: Program {
    public var state: ExploreState
    /// Seconds of the last frame and of the last animation step (frame clock).
    private var now: Double = 0
    private var lastAdvance: Double = 0
    public private(set) var isFinished = false

    public init(state: ExploreState) {
        self.state = state
    }

    public static func message(_ input: TerminalInput) -> TerminalInput { input }

    /// Frames come often enough for the fastest speed; idle frames cost about a millisecond.
    public var frameInterval: Duration { state.playing ? .milliseconds(40) : .milliseconds(250) }

    public mutating func update(_ message: TerminalInput) -> [NoEffect] {
        switch message {
        case .key(let key):
            let wasPlaying = state.playing
            if !state.update(key) { isFinished = true }
            // Playing starts its clock now, so the first step waits a whole interval.
            if state.playing && !wasPlaying { lastAdvance = now }
        case .frame(let t):
            now = t
            if state.playing && t - lastAdvance >= state.stepInterval.seconds {
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
