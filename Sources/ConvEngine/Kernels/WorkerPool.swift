import Foundation
import Synchronization

/// The engine's threads: `perform(iterations:)` runs body(0..<n) on the calling thread and on
/// workers that spin for a short while after each job before they sleep.
///
/// Why not `DispatchQueue.concurrentPerform`: a training step is a few hundred parallel regions
/// of tens of microseconds to a few milliseconds (one per layer, direction and kernel), and waking
/// a sleeping dispatch worker took 35-45 us on this VM — two 19 us halves of a job finished in
/// 53-58 us, slower than one thread doing both; here they finish in 20 us (a throwaway harness,
/// quiet machine, 2 cores). PyTorch's OpenMP threads spin the same way between regions.
///
/// Results never depend on which thread runs an index: callers give each index its own
/// outputs or partial sums, so a job's result is the same whether workers help or not. A job
/// started while another runs (nested, or from a second thread) runs on its caller alone.
public final class WorkerPool: @unchecked Sendable {
    /// One worker per core beyond the caller's.
    public static let shared = WorkerPool(workers: max(0, ProcessInfo.processInfo.activeProcessorCount - 1))

    /// How many times an idle worker checks for a new job before it sleeps: tens to a hundred
    /// microseconds, longer than the gaps inside a training step, short enough that an idle
    /// dashboard costs nothing.
    static let spinsBeforeSleep = 50_000

    /// generation << 32 | indices not yet claimed. Claims count down, so a finished job's word
    /// reads 0 and a worker arriving late can claim nothing; a new job replaces the whole word.
    /// (Counting up against a separate size let a late worker match the old word against the
    /// next job's size and claim an index twice.)
    private let ticket = Atomic<Int>(0)
    /// Indices of the current job not yet finished; the caller returns when it reaches 0.
    private let remaining = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let sleepers = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    // Written by the caller before it publishes a generation (a releasing store of `ticket`),
    // read by a worker only after a claim in that generation succeeded (an acquiring exchange),
    // and the caller cannot start another job while that claim's index runs.
    nonisolated(unsafe) private var job: UnsafeRawPointer?
    nonisolated(unsafe) private var count = 0
    /// Workers started so far: as many as the widest job asked for, at most one per other core,
    /// so `--threads 2` on a big machine keeps one thread spinning, not all of them.
    private let started = Atomic<Int>(0)
    private let growing = NSLock()
    let maxWorkers: Int

    init(workers: Int) {
        maxWorkers = workers
    }

    private func grow(to wanted: Int) {
        growing.lock()
        defer { growing.unlock() }
        while started.load(ordering: .acquiring) < wanted {
            let number = started.load(ordering: .relaxed) + 1
            let thread = Thread { self.work() }   // workers keep their pool alive: pools live as long as the process
            thread.name = "convterm worker \(number)"
            thread.start()
            started.store(number, ordering: .releasing)
        }
    }

    /// Runs body(i) for every i in 0..<iterations, on this thread and the idle workers, and
    /// returns when all have finished.
    public func perform(iterations n: Int, _ body: (Int) -> Void) {
        if n <= 0 { return }
        precondition(n < 1 << 32, "WorkerPool: \(n) iterations")
        let wanted = min(n - 1, maxWorkers)
        if wanted > started.load(ordering: .acquiring) { grow(to: wanted) }
        if n == 1 || maxWorkers == 0 || !busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged {
            for i in 0..<n { body(i) }
            return
        }
        withoutActuallyEscaping(body) { escapable in
            withUnsafePointer(to: escapable) { pointer in
                job = UnsafeRawPointer(pointer)
                count = n
                remaining.store(n, ordering: .relaxed)
                let generation = ((ticket.load(ordering: .relaxed) >> 32) &+ 1) & 0x7FFF_FFFF
                ticket.store(generation << 32 | n, ordering: .sequentiallyConsistent)
                // A worker about to sleep re-reads `ticket` after counting itself (both
                // sequentially consistent), so it either sees this job or is counted here.
                let asleep = sleepers.load(ordering: .sequentiallyConsistent)
                for _ in 0..<min(asleep, n - 1) { wake.signal() }
                runClaims(generation)
                var spins = 0
                while remaining.load(ordering: .acquiring) > 0 {
                    spins &+= 1
                    // A worker descheduled mid-index (a loaded machine): stop competing for
                    // the cores, first by yielding, then by short sleeps.
                    if spins & 0xFFF == 0 {
                        if spins < 0x40000 { sched_yield() } else { usleep(20) }
                    }
                }
                job = nil
            }
        }
        busy.store(false, ordering: .releasing)
    }

    /// Claims and runs indices of `generation`'s job until none is left.
    private func runClaims(_ generation: Int) {
        while true {
            var v = ticket.load(ordering: .acquiring)
            var claimed = -1
            while v >> 32 == generation && v & 0xFFFF_FFFF > 0 {
                let exchange = ticket.compareExchange(expected: v, desired: v &- 1, ordering: .acquiringAndReleasing)
                if exchange.exchanged { claimed = count &- (v & 0xFFFF_FFFF); break }
                v = exchange.original
            }
            if claimed < 0 { return }
            // The job stays alive until `remaining` reaches 0, which this index holds up.
            job!.assumingMemoryBound(to: ((Int) -> Void).self).pointee(claimed)
            remaining.wrappingSubtract(1, ordering: .releasing)
        }
    }

    private func work() {
        var seen = 0
        while true {
            var spins = 0
            while ticket.load(ordering: .acquiring) >> 32 == seen {
                spins &+= 1
                if spins < WorkerPool.spinsBeforeSleep { continue }
                sleepers.wrappingAdd(1, ordering: .sequentiallyConsistent)
                if ticket.load(ordering: .sequentiallyConsistent) >> 32 == seen { wake.wait() }
                sleepers.wrappingSubtract(1, ordering: .sequentiallyConsistent)
                spins = 0
            }
            seen = ticket.load(ordering: .acquiring) >> 32
            runClaims(seen)
        }
    }
}
