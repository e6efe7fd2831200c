import Foundation
import TerminalKit

/// The dashboard as a `TerminalApp`: keys and training reports go through `DashboardUpdate`,
/// the session carries out the effects, `DashboardView` draws. `tick` runs once per frame.
public struct DashboardApp: TerminalApp {
    public private(set) var state: DashboardState
    let session: DashboardSession
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    public let frameInterval: Duration

    init(session: DashboardSession) {
        self.session = session
        state = session.initialState()
        frameInterval = session.configuration.frameInterval
        started = clock.now
    }

    /// Starts the training thread. Separate from init so tests can look before anything runs.
    public mutating func start() {
        session.start(state)
    }

    public mutating func update(_ key: Key) -> Bool {
        send(.key(key))
        return !state.quitting
    }

    public mutating func tick() -> Bool {
        let elapsed = clock.now - started
        send(.clock(now: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18))
        for message in session.frameMessages(state) { send(message) }
        return !state.quitting
    }

    public func render(into grid: inout CellGrid) {
        DashboardView.render(state, into: &grid)
    }

    mutating func send(_ message: DashboardMessage) {
        let (next, effects) = DashboardUpdate.update(state, message)
        state = next
        session.perform(effects, state)
    }

    /// Stops training (after a signal, or when the loop ends for any reason).
    public func stop() { session.stop() }
}
