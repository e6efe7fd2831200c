import ConvEngine
@testable import ConvTermApp
import TerminalKit
import Testing

/// Pause, single steps, the slower speeds and the validation schedule are decided by the pure
/// update on `frame(now)` messages: what the worker is asked to do, frame by frame.
@Suite struct DashboardScheduleTests {
    typealias F = DashboardFixtures

    /// Runs frames 1, 2, ... and returns the effects of each, dropping the per-frame snapshot request.
    static func frames(_ s: inout DashboardState, _ count: Int, from start: Int = 1) -> [[DashboardEffect]] {
        (0..<count).map { i in
            let (next, effects) = DashboardUpdate.update(s, .frame(now: Double(start + i) * 0.1))
            s = next
            return effects.filter { $0 != .requestSnapshot }
        }
    }

    /// `n` finished steps arriving from the worker.
    static func finish(_ s: inout DashboardState, steps n: Int) {
        let events = (0..<n).map { i -> TrainingEvent in
            var e = F.event()
            e.snapshot = nil
            e.step = s.progress.step + i + 1
            e.examplesSeen = s.progress.examplesSeen + (i + 1) * s.batchSize
            return e
        }
        s = DashboardUpdate.update(s, .trained(events)).0
    }

    static func noValidation(_ s: DashboardState) -> DashboardState {
        var s = s
        s.testCount = 0
        return s
    }

    @Test func theFirstFrameStartsAFullSpeedRunAndOnlyThat() {
        var s = Self.noValidation(F.state(paused: false))
        let effects = Self.frames(&s, 3)
        #expect(effects == [[.resume], [], []])
        var paused = Self.noValidation(F.state(paused: true))
        #expect(Self.frames(&paused, 3) == [[], [], []], "a paused start asks for nothing")
    }

    @Test func everyFrameAsksForOneSnapshot() {
        let (_, effects) = DashboardUpdate.update(F.state(), .frame(now: 0.1))
        #expect(effects.filter { $0 == .requestSnapshot }.count == 1)
    }

    @Test func batchesPerFrameWaitForTheWorker() {
        var s = Self.noValidation(F.state(paused: false))
        s.speed = .stepsPerFrame(5)
        #expect(Self.frames(&s, 1) == [[.trainBatches(5)]])
        // The worker is slower than the screen: nothing more is asked until all five arrive.
        #expect(Self.frames(&s, 2, from: 2) == [[], []])
        Self.finish(&s, steps: 3)
        #expect(Self.frames(&s, 1, from: 4) == [[]])
        Self.finish(&s, steps: 2)
        #expect(Self.frames(&s, 1, from: 5) == [[.trainBatches(5)]])
    }

    @Test func oneBatchEveryNFrames() {
        var s = Self.noValidation(F.state(paused: false))
        s.speed = .framesPerStep(3)
        var asked: [Int] = []
        for frame in 1...9 {
            let effects = Self.frames(&s, 1, from: frame)[0]
            if effects == [.trainBatches(1)] {
                asked.append(frame)
                Self.finish(&s, steps: 1)
            } else {
                #expect(effects.isEmpty)
            }
        }
        #expect(asked == [3, 6, 9])
    }

    @Test func pauseStopsTheSlowSpeedsAndSpaceResumesThem() {
        var s = Self.noValidation(F.state(paused: false))
        s.speed = .stepsPerFrame(2)
        _ = Self.frames(&s, 1)
        let (paused, e) = F.key(s, .char(" "))
        #expect(e == [.pause])
        s = paused
        #expect(Self.frames(&s, 3, from: 2) == [[], [], []], "paused: no batches, even though two never arrived")
        let (resumed, e2) = F.key(s, .char(" "))
        #expect(e2.isEmpty, "below full speed, resuming is the frames' job")
        s = resumed
        #expect(Self.frames(&s, 1, from: 5) == [[.trainBatches(2)]])
    }

    @Test func nIsOneBatchThenNothing() {
        var s = Self.noValidation(F.state(paused: false))
        _ = Self.frames(&s, 1)
        let (stepped, e) = F.key(s, .char("n"))
        #expect(e == [.pause, .trainBatches(1), .requestSnapshot])
        s = stepped
        Self.finish(&s, steps: 1)
        #expect(Self.frames(&s, 5, from: 2).allSatisfy { $0.isEmpty }, "after one batch the dashboard stays paused")
        #expect(s.progress.step == 1)
    }

    @Test func changingSpeedWhileRunningSwitchesBetweenFreeAndCountedRuns() {
        var s = Self.noValidation(F.state(paused: false))
        _ = Self.frames(&s, 1)
        let (slower, e) = F.key(s, .char("-"))
        #expect(slower.speed == .stepsPerFrame(20) && e == [.pause])
        s = slower
        #expect(Self.frames(&s, 1, from: 2) == [[.trainBatches(20)]])
        let (faster, e2) = F.key(s, .char("+"))
        #expect(faster.speed == .full && e2 == [.resume])
    }

    @Test func validationRightAwayThenEveryValidationEveryExamples() {
        var s = F.state(paused: false)   // batch 4
        s.validationEvery = 40
        s.validationBatch = 20
        #expect(Self.frames(&s, 1) == [[.resume, .validate(count: 20)]])
        #expect(Self.frames(&s, 1, from: 2) == [[]], "one at a time: the answer has not come")
        s = DashboardUpdate.update(s, .validated(accuracy: 0.5, examplesSeen: 0, strip: [])).0
        Self.finish(&s, steps: 9)   // 36 examples: not yet
        #expect(Self.frames(&s, 1, from: 3) == [[]])
        Self.finish(&s, steps: 1)   // 40
        #expect(Self.frames(&s, 1, from: 4) == [[.validate(count: 20)]])
        #expect(s.lastValidationAt == 40)
    }

    @Test func noTestImagesNoValidation() {
        var s = Self.noValidation(F.state(paused: true))
        #expect(Self.frames(&s, 5).allSatisfy { $0.isEmpty })
    }

    /// A diverged step ends a counted run early (the worker drops the rest): nothing stays "in
    /// flight", so space brings the slower speed back.
    @Test func aDivergedStepDoesNotStrandTheSlowSpeeds() {
        var s = Self.noValidation(F.state(paused: false))
        s.speed = .stepsPerFrame(5)
        #expect(Self.frames(&s, 1) == [[.trainBatches(5)]])
        var e = F.event()
        e.snapshot = nil
        e.diverged = true
        s = DashboardUpdate.update(s, .trained([e])).0
        #expect(s.phase == .diverged && s.batchesInFlight == 0)
        s = F.key(s, .char(" ")).0
        #expect(Self.frames(&s, 1, from: 2) == [[.trainBatches(5)]])
    }
}
