import ConvEngine
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// The demos' update as pure functions: messages in, state and effects out, no worker and no
/// terminal. The reports are made up here; `DemoTests` runs the real work.
@Suite struct LessonDemoAppTests {
    static let small = """
    input 32x32x3
    conv1: conv 4 3x3 pad 1
    relu
    pool1: maxpool 4x4 stride 4
    fc1: fc 10
    softmax
    """

    func race(steps: Int = 4) throws -> LessonDemoApp {
        let net = try SpecParser.parse(LessonDemoAppTests.small)
        return LessonDemoApp(LessonDemoRequest(kind: .race, networks: [.init(name: "a", spec: net), .init(name: "b", spec: net), .init(name: "c", spec: net)],
                                               options: ["steps": "\(steps)"]))
    }

    /// The work a single `.start` effect asks for, with its job number.
    func started(_ effects: [DemoEffect]) -> (job: Int, work: DemoWork.Kind)? {
        guard effects.count == 1, case .start(let job, let work) = effects[0] else { return nil }
        return (job, work.kind)
    }

    func isCancel(_ effect: DemoEffect) -> Bool {
        if case .cancel = effect { return true } else { return false }
    }

    func report(_ job: Int, _ kind: DemoReport.Kind) -> LessonDemoApp.Message { .work(job: job, DemoReport(kind)) }

    @Test func theWorkStartsOnTheFirstFrameOnly() throws {
        var app = try race()
        let first = try #require(started(app.update(.input(.frame(now: 0)))))
        guard case .race(let run) = first.work else { Issue.record("not the race: \(first.work)"); return }
        #expect(first.job == 0 && run.seed == 1 && run.nets.map(\.name) == ["a", "b", "c"])
        #expect(app.update(.input(.frame(now: 0.1))).isEmpty)
        #expect(app.update(.input(.key(.char("x")))).isEmpty)
    }

    @Test func raceReportsMoveEveryNetsCurve() throws {
        var app = try race()
        _ = app.update(.input(.frame(now: 0)))
        #expect(app.update(report(0, .race(.step(1, losses: [2.3, 2.4, 2.5], seconds: [0.1, 0.2, 0.3])))).isEmpty)
        _ = app.update(report(0, .race(.step(2, losses: [2.1, 2.2, 2.6], seconds: [0.1, 0.2, 0.3]))))
        let demo = try #require(app.demo as? ResidualRaceDemo)
        #expect(demo.step == 2)
        #expect(demo.runners.map(\.losses) == [[2.3, 2.1], [2.4, 2.2], [2.5, 2.6]])
        #expect(abs(demo.runners[2].seconds - 0.6) < 1e-12)
        _ = app.update(report(0, .race(.tested(net: 0, accuracy: 0.5))))
        _ = app.update(report(0, .race(.tested(net: 1, accuracy: 0.25))))
        #expect(!app.workDone)
        _ = app.update(report(0, .race(.tested(net: 2, accuracy: 0.125))))
        #expect(app.workDone)
        // One plot, one legend entry per net, each named by its role in the race.
        var grid = CellGrid(width: 160, height: 30)
        app.view(into: &grid)
        let legend = try #require(grid.lines.first { $0.contains("shallow plain (a) loss") })
        #expect(legend.contains("deep plain (b) loss") && legend.contains("deep residual (c) loss"))
        #expect(grid.lines.contains { $0.contains("deep residual (c): ") && $0.contains("test accuracy 12.5%") })
        // The last losses were 2.1, 2.2, 2.6: the deep plain net is not the highest.
        #expect(grid.lines.contains { $0.contains("This time the deep plain net did not end highest") })
    }

    @Test func theVerdictFollowsTheFinalLosses() throws {
        var app = try race()
        _ = app.update(.input(.frame(now: 0)))
        _ = app.update(report(0, .race(.step(1, losses: [1.1, 2.0, 0.5], seconds: [0, 0, 0]))))
        #expect((app.demo as? ResidualRaceDemo)?.verdict == nil, "no verdict before the nets are tested")
        for net in 0..<3 { _ = app.update(report(0, .race(.tested(net: net, accuracy: 0.5)))) }
        let verdict = try #require((app.demo as? ResidualRaceDemo)?.verdict)
        #expect(verdict.hasPrefix("The deep plain net trains worst"))
    }

    @Test func rRacesAgainWithTheNextSeedAndDropsTheOldRacesLateReports() throws {
        var app = try race()
        _ = app.update(.input(.frame(now: 0)))
        _ = app.update(report(0, .race(.step(1, losses: [1, 1, 1], seconds: [0, 0, 0]))))
        let effects = app.update(.input(.key(.char("r"))))
        #expect(effects.count == 2 && isCancel(effects[0]))
        let restart = try #require(started(Array(effects.dropFirst())))
        guard case .race(let run) = restart.work else { Issue.record("not the race"); return }
        #expect(restart.job == 1 && run.seed == 2)
        #expect((app.demo as? ResidualRaceDemo)?.runners.allSatisfy(\.losses.isEmpty) == true)
        // A step of the cancelled race, still in the inbox, changes nothing.
        _ = app.update(report(0, .race(.step(2, losses: [9, 9, 9], seconds: [0, 0, 0]))))
        #expect((app.demo as? ResidualRaceDemo)?.runners.allSatisfy(\.losses.isEmpty) == true)
        _ = app.update(report(1, .race(.step(1, losses: [3, 3, 3], seconds: [0, 0, 0]))))
        #expect((app.demo as? ResidualRaceDemo)?.runners.map(\.losses) == [[3], [3], [3]])
    }

    @Test func leavingCancelsTheWork() throws {
        for key in [Key.char("q"), .tab, .backTab, .escape] {
            var app = try race()
            _ = app.update(.input(.frame(now: 0)))
            let effects = app.update(.input(.key(key)))
            #expect(app.isFinished, "\(key)")
            #expect(effects.count == 1 && isCancel(effects[0]), "\(key)")
            // Late reports of the cancelled work are ignored.
            #expect(app.update(report(0, .race(.tested(net: 0, accuracy: 1)))).isEmpty)
        }
        // With help open, q only closes the help.
        var app = try race()
        _ = app.update(.input(.frame(now: 0)))
        _ = app.update(.input(.key(.char("?"))))
        #expect(app.update(.input(.key(.char("q")))).isEmpty)
        #expect(!app.isFinished && !app.showHelp)
    }

    @Test func parallelAsksForANewBatchOnROnly() {
        var app = LessonDemoApp(LessonDemoRequest(kind: .parallel, networks: [], seed: 5))
        guard case .parallelCheck(let seed, let images, _)? = started(app.update(.input(.frame(now: 0))))?.work else {
            Issue.record("no gradient check")
            return
        }
        #expect(seed == 5 && images == ParallelRun.checkBatch)
        #expect(app.update(.input(.key(.char("+")))).isEmpty)
        #expect((app.demo as? ParallelDemo)?.batch == 64)
        _ = app.update(report(0, .parallel(nil)))
        #expect(app.workDone)
        let effects = app.update(.input(.key(.char("r"))))
        guard effects.count == 2, isCancel(effects[0]), case .parallelCheck(6, _, _)? = started(Array(effects.dropFirst()))?.work else {
            Issue.record("r should cancel and check seed 6: \(effects)")
            return
        }
        #expect(!app.workDone)
    }

    @Test func transferIsDoneWhenItsReportArrives() throws {
        let net = try SpecParser.parse(LessonDemoAppTests.small)
        var app = LessonDemoApp(LessonDemoRequest(kind: .transfer, networks: [.init(name: "t", spec: net)], options: ["pretrain": "4", "steps": "3"]))
        guard case .transfer? = started(app.update(.input(.frame(now: 0))))?.work else { Issue.record("no transfer work"); return }
        _ = app.update(report(0, .transfer(.pretrainStep(step: 4, loss: 1.5))))
        _ = app.update(report(0, .transfer(.newTaskStep(step: 1, losses: [1.2, 1.4]))))
        let demo = try #require(app.demo as? TransferDemo)
        #expect(demo.progress.pretrainStep == 4 && demo.progress.runners.map(\.losses) == [[1.2], [1.4]])
        #expect(!app.workDone)
        let done = TransferReport(transferAccuracy: 0.6, scratchAccuracy: 0.4, frozenMaxChange: 0, frozenBitIdentical: true, trainableMaxChange: 0.1,
                                  oldTaskAccuracy: 0.9, chance: 0.2, frozenLayers: ["conv1"], trainableParameters: .init(transfer: 1, scratch: 2),
                                  finalTrainingLoss: .init(transfer: 1, scratch: 1), newTaskTrainImages: 10, newTaskTestImages: 10,
                                  pretrainSteps: 4, steps: 3, batch: 2, optimizer: "sgd", learningRate: 0.1, seed: 1, threads: 1, seconds: 0)
        _ = app.update(report(0, .transferDone(done)))
        #expect(app.workDone)
        #expect((app.demo as? TransferDemo)?.progress.runners.map(\.accuracy) == [0.6, 0.4])
    }
}
