import Foundation
import TerminalKit

extension DashboardState: Program {
    public static func message(_ input: TerminalInput) -> DashboardMessage {
        switch input {
        case .key(let key): .key(key)
        case .frame(let now): .frame(now: now)
        }
    }

    public mutating func update(_ message: DashboardMessage) -> [DashboardEffect] {
        let (next, effects) = DashboardUpdate.update(self, message)
        self = next
        return effects
    }

    public func view(into grid: inout CellGrid) {
        DashboardView.render(self, into: &grid)
    }

    public var isFinished: Bool { quitting }
}

/// The dashboard program hosted with its worker: what `Dashboard.run` hands the terminal
/// runtime, and what tests drive key by key and frame by frame without a terminal.
public struct DashboardApp {
    public var host: ProgramHost<DashboardState>
    let worker: DashboardWorker
    private let started = ContinuousClock.now

    init(worker: DashboardWorker) {
        self.worker = worker
        host = ProgramHost(worker.initialState(), inbox: worker.inbox, perform: { [worker] in worker.perform($0) })
    }

    public var state: DashboardState { host.program }

    /// A key; false once the dashboard has quit.
    @discardableResult
    public mutating func update(_ key: Key) -> Bool {
        host.key(key)
        return !host.isFinished
    }

    /// A frame, timed by the real clock (tests; the runtime sends its own).
    @discardableResult
    public mutating func tick() -> Bool {
        host.frame(now: (ContinuousClock.now - started).seconds)
        return !host.isFinished
    }

    public func render(into grid: inout CellGrid) {
        host.view(into: &grid)
    }

    /// Stops training (after a signal, or when the loop ends for any reason).
    public func stop() { worker.stop() }
}
