import ConvEngine
import Synchronization

/// Where the training thread leaves its reports for the UI thread, which drains it once per
/// frame. Training never waits for the screen: posting is a short lock and an append, and of
/// all the snapshots that arrive between two frames only the newest is kept.
final class DashboardInbox: Sendable {
    private struct Pending {
        var events: [TrainingEvent] = []
        var messages: [DashboardMessage] = []
        var stepsFinished = 0
        var snapshotIndex: Int?
    }

    private let pending = Mutex(Pending())

    func post(_ event: TrainingEvent) {
        pending.withLock { p in
            if event.snapshot != nil {
                if let old = p.snapshotIndex { p.events[old].snapshot = nil }
                p.snapshotIndex = p.events.count
            }
            p.events.append(event)
            p.stepsFinished += 1
        }
    }

    func post(_ message: DashboardMessage) {
        pending.withLock { $0.messages.append(message) }
    }

    /// Everything posted since the last drain, as messages (training first), and the number of steps.
    func drain() -> (messages: [DashboardMessage], steps: Int) {
        pending.withLock { p in
            var out: [DashboardMessage] = []
            if !p.events.isEmpty { out.append(.trained(p.events)) }
            out += p.messages
            let steps = p.stepsFinished
            p = Pending()
            return (out, steps)
        }
    }
}
