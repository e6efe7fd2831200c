import Foundation
import Synchronization
import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/WorkerPool.swift. Each test makes its own pool, so jobs
/// of other tests running at the same time (on the shared pool) cannot make these run serially.
@Suite struct WorkerPoolTests {
    /// Counts how often each index ran.
    final class Tally: Sendable {
        let counts: Mutex<[Int]>
        init(_ n: Int) { counts = Mutex([Int](repeating: 0, count: n)) }
        func hit(_ i: Int) { counts.withLock { $0[i] += 1 } }
        var values: [Int] { counts.withLock { $0 } }
    }

    final class Meeting: Sendable {
        let started = Atomic<Int>(0)
        let met = Atomic<Int>(0)
    }

    @Test func everyIndexRunsExactlyOnceInEveryJob() {
        let pool = WorkerPool(workers: 3)
        for n in [0, 1, 2, 3, 7, 64] {
            for _ in 0..<200 {
                let tally = Tally(max(n, 1))
                pool.perform(iterations: n) { tally.hit($0) }
                #expect(tally.values == (n == 0 ? [0] : [Int](repeating: 1, count: n)), "n = \(n)")
            }
        }
    }

    /// Jobs of alternating widths back to back, so workers finishing one job race the start of
    /// the next: every index must run exactly once, and `perform` must not return while one runs
    /// (a caller that stops waiting early fails here). The late-claim race the count-down ticket
    /// closed had a window of nanoseconds: three runs of this test against the old code missed it.
    @Test func jobsOfChangingWidthNeverRunAnIndexTwiceNorReturnEarly() {
        let pool = WorkerPool(workers: 3)
        let widths = [2, 64, 3, 9, 1, 17, 2, 5]
        let slots = UnsafeMutableBufferPointer<Int>.allocate(capacity: 64)
        defer { slots.deallocate() }
        let meeting = Meeting()
        var wrong = 0
        for job in 0..<40_000 {
            let n = widths[job % widths.count]
            slots.initialize(repeating: 0)
            nonisolated(unsafe) let s = slots
            pool.perform(iterations: n) { i in
                meeting.started.wrappingAdd(1, ordering: .relaxed)
                s[i] += 1
                meeting.started.wrappingSubtract(1, ordering: .relaxed)
            }
            if meeting.started.load(ordering: .relaxed) != 0 || slots.prefix(n).contains(where: { $0 != 1 })
                || slots.dropFirst(n).contains(where: { $0 != 0 }) { wrong += 1 }
        }
        #expect(wrong == 0)
    }

    /// Runs a two-index job whose indices each announce themselves, then wait (up to 5 s) for the
    /// other: both see 2 only when two threads run them at once. Run serially, each times out.
    func indicesMeet(on pool: WorkerPool) -> Bool {
        let m = Meeting()
        pool.perform(iterations: 2) { _ in
            m.started.wrappingAdd(1, ordering: .sequentiallyConsistent)
            let deadline = Date().addingTimeInterval(5)
            while m.started.load(ordering: .sequentiallyConsistent) < 2 && Date() < deadline {}
            if m.started.load(ordering: .sequentiallyConsistent) == 2 { m.met.wrappingAdd(1, ordering: .relaxed) }
        }
        return m.met.load(ordering: .relaxed) == 2
    }

    static let cores = ProcessInfo.processInfo.activeProcessorCount

    @Test(.enabled(if: cores >= 2, "one core: a worker only ever runs between the caller's indices"))
    func aWorkerRunsAnIndexWhileTheCallerRunsAnother() {
        #expect(indicesMeet(on: WorkerPool(workers: 1)))
    }

    @Test(.enabled(if: cores >= 2, "one core: a worker only ever runs between the caller's indices"))
    func aWorkerThatFellAsleepWakesForTheNextJob() {
        let pool = WorkerPool(workers: 1)
        #expect(indicesMeet(on: pool))
        Thread.sleep(forTimeInterval: 0.3)   // far past the spin: the worker now waits on its semaphore
        #expect(indicesMeet(on: pool))
    }

    @Test func aPoolWithoutWorkersRunsEverythingOnTheCaller() {
        #expect(!indicesMeet(on: WorkerPool(workers: 0)))
    }

    @Test func aJobStartedInsideAJobRunsOnItsCaller() {
        let pool = WorkerPool(workers: 2)
        let tally = Tally(12)
        pool.perform(iterations: 3) { outer in
            pool.perform(iterations: 4) { inner in tally.hit(outer * 4 + inner) }
        }
        #expect(tally.values == [Int](repeating: 1, count: 12))
    }

    @Test func twoThreadsSharingAPoolBothFinishTheirJobs() {
        let pool = WorkerPool(workers: 1)
        let a = Tally(16), b = Tally(16)
        let group = DispatchGroup()
        for tally in [a, b] {
            DispatchQueue.global().async(group: group) {
                for _ in 0..<300 { pool.perform(iterations: 16) { tally.hit($0) } }
            }
        }
        #expect(group.wait(timeout: .now() + 60) == .success)
        #expect(a.values == [Int](repeating: 300, count: 16))
        #expect(b.values == [Int](repeating: 300, count: 16))
    }
}
