import TerminalKit

/// Runs `ExploreState` in a terminal; the animation advances on the run loop's frames.
public struct ExploreApp: TerminalApp {
    public var state: ExploreState
    private var lastAdvance = ContinuousClock.now

    public init(state: ExploreState) {
        self.state = state
    }

    /// Frames come often enough for the fastest speed; idle frames cost about a millisecond.
    public var frameInterval: Duration { state.playing ? .milliseconds(40) : .milliseconds(250) }

    public mutating func update(_ key: Key) -> Bool {
        let wasPlaying = state.playing
        let keepGoing = state.update(key)
        if state.playing && !wasPlaying { lastAdvance = ContinuousClock.now }
        return keepGoing
    }

    public mutating func tick() -> Bool {
        let now = ContinuousClock.now
        if state.playing && now - lastAdvance >= state.stepInterval {
            state.tick()
            lastAdvance = now
        }
        return true
    }

    public func render(into grid: inout CellGrid) {
        state.render(into: &grid)
    }
}
