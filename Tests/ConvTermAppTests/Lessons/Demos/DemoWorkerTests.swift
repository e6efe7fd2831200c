import ConvEngine
import Foundation
import Synchronization
import Testing
@testable import ConvTermApp

/// The worker that carries out the demos' effects: cancelling stops the running work within a
/// batch and nothing of it is reported afterwards.
@Suite struct DemoWorkerTests {
    final class Reports: Sendable {
        let list = Mutex<[(job: Int, report: DemoReport)]>([])
        var count: Int { list.withLock { $0.count } }
    }

    @Test func cancelStopsALongRaceWithinABatch() throws {
        let reports = Reports()
        let worker = DemoWorker { job, report in reports.list.withLock { $0.append((job, report)) } }
        defer { worker.stop() }
        let net = try SpecParser.parse(LessonDemoAppTests.small)
        let race = RaceRun(LessonDemoRequest(kind: .race, networks: [.init(name: "a", spec: net)], options: ["steps": "5000", "batch": "2"]))
        worker.perform(.start(job: 7, DemoWork(.race(race))))
        let deadline = ContinuousClock.now + .seconds(60)
        while reports.count < 3 && ContinuousClock.now < deadline { Thread.sleep(forTimeInterval: 0.002) }
        #expect(reports.count >= 3)
        worker.perform(.cancel)
        let atCancel = reports.count
        // 5000 steps would take far longer than this.
        #expect(worker.waitUntilIdle(timeout: .seconds(5)))
        #expect(reports.count == atCancel)
        #expect(reports.list.withLock { $0.allSatisfy { $0.job == 7 } })
        // The worker takes new work after a cancel, and reports it under its own number.
        worker.perform(.start(job: 8, DemoWork(.parallelCheck(seed: 1, images: 2, workers: 2))))
        #expect(worker.waitUntilIdle(timeout: .seconds(60)))
        let last = try #require(reports.list.withLock { $0.last })
        guard case .parallel(let check) = last.report.kind else { Issue.record("no check reported"); return }
        #expect(last.job == 8 && check != nil)
    }

    @Test func nothingRunsAfterStop() {
        let reports = Reports()
        let worker = DemoWorker { job, report in reports.list.withLock { $0.append((job, report)) } }
        worker.stop()
        worker.perform(.start(job: 0, DemoWork(.parallelCheck(seed: 1, images: 2, workers: 2))))
        #expect(worker.waitUntilIdle(timeout: .seconds(1)))
        #expect(reports.count == 0)
    }
}
