import Foundation
import TerminalKit

/// Carries out the demos' effects: runs their background work on one thread of its own, one job
/// after another, and posts each report for the program to apply. It decides nothing; the
/// demo's update says what to run and when to stop.
///
/// One thread rather than one per job: the seeing demo's saliency jobs all use the trained
/// network's buffers, which two jobs at once would share.
public final class DemoWorker: @unchecked Sendable {
    private struct Job {
        var serial: Int
        var id: Int
        var work: DemoWork
    }

    private let condition = NSCondition()
    private var queue: [Job] = []
    /// Serial numbers of every job ever queued here; a job below `cancelledBelow` is cancelled.
    private var nextSerial = 0
    private var cancelledBelow = 0
    private var running = false
    private var stopped = false
    private var thread: Thread?
    private let post: @Sendable (_ job: Int, _ report: DemoReport) -> Void

    /// `post` receives every report of a job that is not cancelled (on the worker's thread).
    public init(post: @escaping @Sendable (_ job: Int, _ report: DemoReport) -> Void) {
        self.post = post
    }

    public func perform(_ effect: DemoEffect) {
        condition.lock()
        defer { condition.unlock() }
        switch effect {
        case .start(let id, let work):
            guard !stopped else { return }
            queue.append(Job(serial: nextSerial, id: id, work: work))
            nextSerial += 1
            if thread == nil { startThread() }
            condition.broadcast()
        case .cancel:
            cancelAll()
        }
    }

    /// Cancels all work and lets the thread end (every way out of a demo: q, a signal, an error).
    /// Does not wait: the running job notices within one batch.
    public func stop() {
        condition.lock()
        defer { condition.unlock() }
        stopped = true
        cancelAll()
        condition.broadcast()
    }

    /// Waits until no job runs or waits (tests, snapshots; the UI never waits). False on timeout.
    @discardableResult
    public func waitUntilIdle(timeout: Duration = .seconds(60)) -> Bool {
        let deadline = Date().addingTimeInterval(timeout.seconds)
        condition.lock()
        defer { condition.unlock() }
        while running || !queue.isEmpty {
            if !condition.wait(until: deadline) { return !(running || !queue.isEmpty) }
        }
        return true
    }

    private func cancelAll() {
        cancelledBelow = nextSerial
        queue.removeAll()
    }

    private func isCancelled(_ serial: Int) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return serial < cancelledBelow
    }

    /// Posts under the lock, so that once `.cancel` has been performed no report of the
    /// cancelled work reaches the inbox any more.
    private func report(_ job: Job, _ report: DemoReport) {
        condition.lock()
        defer { condition.unlock() }
        guard job.serial >= cancelledBelow else { return }
        post(job.id, report)
    }

    private func startThread() {
        // A big stack, as for every training thread: the engine's layers recurse a little.
        let thread = Thread { [self] in loop() }
        thread.stackSize = 8 << 20
        self.thread = thread
        thread.start()
    }

    private func loop() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopped { condition.wait() }
            if queue.isEmpty {
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            running = true
            condition.unlock()
            job.work.run(cancelled: { isCancelled(job.serial) }, report: { report(job, $0) })
            condition.lock()
            running = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
