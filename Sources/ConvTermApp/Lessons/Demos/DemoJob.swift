import Foundation

/// Work a demo runs off the UI thread (training, evaluation), with the latest progress as a value
/// the UI copies each frame. The worker checks `isCancelled` between steps, so leaving a demo
/// mid-training stops it within one batch.
final class DemoJob<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Value
    private var finished = false
    private var cancelled = false

    init(_ initial: Value) {
        current = initial
    }

    /// Runs `work` on a new thread (a big stack: the engine's layers recurse a little).
    func start(_ work: @escaping @Sendable (DemoJob<Value>) -> Void) {
        let thread = Thread { [self] in
            work(self)
            lock.withLock { finished = true }
        }
        thread.stackSize = 8 << 20
        thread.start()
    }

    var value: Value { lock.withLock { current } }
    var isFinished: Bool { lock.withLock { finished } }
    var isCancelled: Bool { lock.withLock { cancelled } }

    func update(_ body: (inout Value) -> Void) {
        lock.withLock { body(&current) }
    }

    func cancel() {
        lock.withLock { cancelled = true }
    }

    /// Waits until the work has finished (tests; the UI never waits). False on timeout.
    @discardableResult
    func wait(timeout: Duration = .seconds(60)) -> Bool {
        let deadline = ContinuousClock.now + timeout
        while !isFinished {
            if ContinuousClock.now > deadline { return false }
            Thread.sleep(forTimeInterval: 0.005)
        }
        return true
    }
}
