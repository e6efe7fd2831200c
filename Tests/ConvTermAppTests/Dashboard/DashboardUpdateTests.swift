import ConvEngine
@testable import ConvTermApp
import TerminalKit
import Testing

/// Every key's effect on the state and what it asks the session to do.
@Suite struct DashboardUpdateTests {
    typealias F = DashboardFixtures

    @Test func spacePausesAndResumes() {
        let (paused, e1) = F.key(F.state(paused: false), .char(" "))
        #expect(paused.paused && e1 == [.pause])
        #expect(paused.phase == .paused)
        let (running, e2) = F.key(paused, .char(" "))
        #expect(!running.paused && e2 == [.resume])
    }

    @Test func nStepsOneBatchAndPauses() {
        let (s, e) = F.key(F.state(paused: false), .char("n"))
        #expect(s.paused)
        #expect(e == [.pause, .trainBatches(1), .requestSnapshot])
    }

    @Test func dotStepsOneExample() {
        let (s, e) = F.key(F.state(paused: false), .char("."))
        #expect(s.paused && e == [.pause, .trainExample])
    }

    @Test func plusAndMinusChangeSpeedThroughTheLevels() {
        var s = F.state()
        s.speed = .stepsPerFrame(1)
        let (faster, e) = F.key(s, .char("+"))
        #expect(faster.speed == .stepsPerFrame(2) && e.isEmpty, "paused: only the setting changes")
        let (slower, _) = F.keys(s, [.char("-"), .char("-"), .char("-")])
        #expect(slower.speed == TrainingSpeed.levels[0])
        let (full, _) = F.keys(s, Array(repeating: .char("+"), count: 10))
        #expect(full.speed == .full)
    }

    @Test func bracketsHalveAndDoubleTheLearningRateWithoutResetting() {
        var s = F.trainedState()
        s.learningRate = 0.01
        let before = s.progress
        let (half, e1) = F.key(s, .char("["))
        #expect(half.learningRate == 0.005 && e1 == [.setLearningRate(0.005)])
        #expect(half.progress == before, "changing the learning rate must not reset training")
        #expect(half.history.loss.count == s.history.loss.count)
        #expect(half.note?.contains("was 0.01") == true)
        let (double, e2) = F.key(s, .char("]"))
        #expect(double.learningRate == 0.02 && e2 == [.setLearningRate(0.02)])
    }

    @Test func bCyclesTheBatchSize() {
        let s = F.state()  // batch 4
        #expect(F.key(s, .char("b")).0.batchSize == 8)
        #expect(F.key(s, .char("b")).1 == [.setBatchSize(8)])
        #expect(F.key(s, .char("B")).0.batchSize == 2)
        var big = s
        big.batchSize = 256
        #expect(F.key(big, .char("b")).0.batchSize == 1)
    }

    @Test func bRefusesABatchThatWouldNotFitInMemory() {
        var s = F.state()  // batch 4
        // The ConvNetJS net's own estimate at batch 4; pretend the machine has room for batch 4 but not 8.
        let memory = TrainingMemory(NetworkShapes(Zoo.spec(named: "convnetjs-cifar10")!), batch: 4, optimizerSlots: 1, threads: 1)
        s.memory = memory
        s.availableMemory = UInt64(Double(memory.resized(from: 4, to: 6).totalBytes) / 0.75)
        let (kept, effects) = F.key(s, .char("b"))
        #expect(kept.batchSize == 4 && effects.isEmpty)
        #expect(kept.note?.contains("batch size stays 4") == true, "\(kept.note ?? "no note")")
        #expect(kept.note?.contains("GiB") == true)
        // Smaller batches are always allowed, and with room the key still works.
        #expect(F.key(s, .char("B")).0.batchSize == 2)
        s.availableMemory = UInt64(Double(memory.resized(from: 4, to: 8).totalBytes) / 0.75) + 1
        let (grown, e2) = F.key(s, .char("b"))
        #expect(grown.batchSize == 8 && e2 == [.setBatchSize(8)])
        #expect(grown.memory?.activationBytes == memory.activationBytes * 2)
    }

    @Test func oCyclesTheOptimizerKeepingTheWeights() {
        let s = F.trainedState()  // adadelta
        let (next, e) = F.key(s, .char("o"))
        #expect(next.optimizer == .sgd)
        #expect(e == [.setOptimizer(.sgd, learningRate: OptimizerKind.sgd.defaultLearningRate)])
        #expect(!e.contains { if case .reset = $0 { true } else { false } })
        #expect(next.progress == s.progress)
    }

    @Test func upDownAndJKSelectLayersWithinBounds() {
        let s = F.state()
        #expect(F.key(s, .up).0.selectedLayer == 0)
        #expect(F.keys(s, [.down, .char("j")]).0.selectedLayer == 2)
        #expect(F.keys(s, [.char("j"), .char("j"), .char("k")]).0.selectedLayer == 1)
        let last = F.keys(s, Array(repeating: .down, count: 50)).0
        #expect(last.selectedLayer == s.layers.count - 1)
    }

    @Test func tabCyclesTheViewsTheLayerHas() {
        var s = F.state()
        // The input has the image and its gradient only.
        s = F.key(s, .tab).0
        #expect(s.effectiveViewMode == .activationGradients)
        s = F.key(s, .tab).0
        #expect(s.effectiveViewMode == .activations)
        // conv1 has all four.
        s = F.key(s, .down).0
        #expect(s.selectedRow.name == "conv1")
        let modes = (1...4).map { n in F.keys(s, Array(repeating: .tab, count: n)).0.effectiveViewMode }
        #expect(modes == [.activationGradients, .weights, .weightGradients, .activations])
        #expect(F.key(s, .backTab).0.effectiveViewMode == .weightGradients)
        // Moving to a layer without weights falls back to activations.
        let weights = F.keys(s, [.tab, .tab, .down]).0
        #expect(weights.selectedRow.name == "relu1" && weights.effectiveViewMode == .activations)
    }

    @Test func zTogglesZoomAndEscapeLeavesIt() {
        let s = F.key(F.state(), .char("z")).0
        #expect(s.zoomed)
        #expect(!F.key(s, .char("z")).0.zoomed)
        #expect(!F.key(s, .escape).0.zoomed)
    }

    @Test func tEvaluatesTheTestSet() {
        let (s, e) = F.key(F.state(), .char("t"))
        #expect(e == [.evaluateTestSet])
        let done = DashboardUpdate.update(s, .evaluated(TestEvaluation(accuracy: 0.42, loss: 1.5, examples: 200, atStep: 30))).0
        #expect(done.testEvaluation?.accuracy == 0.42)
        #expect(done.note?.contains("42% correct") == true)
    }

    @Test func sSavesAndSavingClearsUnsavedProgress() {
        let s = F.trainedState()
        #expect(s.hasUnsavedProgress)
        let (saving, e) = F.key(s, .char("s"))
        #expect(e == [.save(to: "/tmp/x.ckpt")])
        let saved = DashboardUpdate.update(saving, .saved(path: "/tmp/x.ckpt", examplesSeen: s.progress.examplesSeen)).0
        #expect(!saved.hasUnsavedProgress)
        // With nothing unsaved, q quits at once.
        let (quit, qe) = F.key(saved, .char("q"))
        #expect(quit.quitting && qe == [.quit])
    }

    @Test func qAsksWhenProgressIsUnsaved() {
        let s = F.trainedState()
        let (asking, e) = F.key(s, .char("q"))
        #expect(asking.confirmation == .quit && e.isEmpty && !asking.quitting)
        #expect(DashboardView.messageText(asking).hasPrefix("Quit? 30 steps"))
        let (stay, se) = F.key(asking, .char("n"))
        #expect(!stay.quitting && se.isEmpty && stay.confirmation == nil)
        let (quit, qe) = F.key(asking, .char("y"))
        #expect(quit.quitting && qe == [.quit])
        let (saveQuit, sqe) = F.key(asking, .char("s"))
        #expect(saveQuit.quitting && sqe == [.save(to: "/tmp/x.ckpt"), .quit])
    }

    @Test func qQuitsAtOnceWithNothingToLose() {
        let (s, e) = F.key(F.state(), .char("q"))
        #expect(s.quitting && e == [.quit])
    }

    @Test func rAsksThenResetsWithTheSameSeed() {
        let s = F.trainedState()
        let (asking, e) = F.key(s, .char("r"))
        #expect(asking.confirmation == .reset(newSeed: nil) && e.isEmpty)
        #expect(DashboardView.messageText(asking).contains("initial weights (seed 7)"))
        #expect(F.key(asking, .char("x")).1.isEmpty, "any other key cancels")
        let (_, re) = F.key(asking, .char("y"))
        #expect(re == [.reset(seed: 7, optimizer: .adadelta, learningRate: 1, batchSize: 4, running: false)])
        let done = DashboardUpdate.update(s, .resetDone(seed: 7, examplesSeen: 0)).0
        #expect(done.progress.step == 0 && done.history.loss.isEmpty && done.snapshot == nil)
    }

    @Test func capitalRResetsWithANewSeed() {
        let s = F.trainedState()
        let (asking, _) = F.key(s, .char("R"))
        #expect(asking.confirmation == .reset(newSeed: 8))
        #expect(F.key(asking, .char("y")).1 == [.reset(seed: 8, optimizer: .adadelta, learningRate: 1, batchSize: 4, running: false)])
        let done = DashboardUpdate.update(s, .resetDone(seed: 8, examplesSeen: 0)).0
        #expect(done.seed == 8)
    }

    @Test func resetWithoutProgressNeedsNoQuestion() {
        #expect(F.key(F.state(), .char("r")).1 == [.reset(seed: 7, optimizer: .adadelta, learningRate: 1, batchSize: 4, running: false)])
    }

    @Test func helpOpensAndTheNextKeyOnlyClosesIt() {
        let s = F.key(F.trainedState(), .char("?")).0
        #expect(s.showHelp)
        let (closed, e) = F.key(s, .char("q"))
        #expect(!closed.showHelp && !closed.quitting && closed.confirmation == nil && e.isEmpty)
    }

    @Test func resizeChangesNothing() {
        let s = F.trainedState()
        let (r, e) = F.key(s, .resize)
        #expect(e.isEmpty && r.selectedLayer == s.selectedLayer && r.paused == s.paused)
    }

    @Test func aDivergedStepPausesAndSaysWhatToDo() {
        var s = F.trainedState(paused: false)
        var e = F.event()
        e.step = 30
        e.diverged = true
        e.snapshot = nil
        s = DashboardUpdate.update(s, .trained([e])).0
        #expect(s.phase == .diverged && s.paused)
        #expect(DashboardView.messageText(s) == "loss became NaN at step 31 — press r to reset or [ to lower the learning rate (then space)")
        // Lowering the learning rate, then space, trains on.
        let (resumed, effects) = F.keys(s, [.char("["), .char(" ")])
        #expect(resumed.phase == .training && effects.last == .resume)
    }

    @Test func trainingEventsFillProgressCurvesAndStatistics() {
        let s = F.trainedState()
        #expect(s.progress.step == 30 && s.progress.examplesSeen == 120)
        #expect(s.history.loss.count == 30)
        #expect(s.snapshot != nil)
        let conv = s.statistics["conv1"]
        #expect(conv?.activations != nil && conv?.weights != nil && conv?.gradients != nil)
        #expect(s.statistics["input"]?.activations != nil)
        #expect(s.history.validationAccuracy.last?.y == 0.25)
    }

    @Test func framesGiveImagesPerSecondWhileTraining() {
        var s = F.state(paused: false)
        s = DashboardUpdate.update(s, .frame(now: 1)).0
        s.progress.examplesSeen = 500
        s = DashboardUpdate.update(s, .frame(now: 2)).0
        #expect(abs(s.imagesPerSecond - 500) < 1e-9)
        #expect(abs(s.trainingSeconds - 1) < 1e-9)
        s.paused = true
        s = DashboardUpdate.update(s, .frame(now: 3)).0
        #expect(s.imagesPerSecond == 0 && abs(s.trainingSeconds - 1) < 1e-9, "paused time is not training time")
    }

    @Test func historyStaysBounded() {
        var h = TrainingHistory()
        for i in 0..<(3 * TrainingHistory.maximumPoints) {
            h.append(examples: i, loss: Double(i), l2: 0, accuracy: 0)
        }
        #expect(h.loss.count <= TrainingHistory.maximumPoints)
        #expect(h.loss.last?.x == Double(3 * TrainingHistory.maximumPoints - 1))
    }

    @Test func speedLevelsComeFromStepsPerFrame() {
        #expect(TrainingSpeed(stepsPerFrame: 0) == .full)
        #expect(TrainingSpeed(stepsPerFrame: 3) == .stepsPerFrame(3))
        #expect(TrainingSpeed.stepsPerFrame(3).faster == .stepsPerFrame(5))
        #expect(TrainingSpeed.stepsPerFrame(3).slower == .stepsPerFrame(2))
    }
}
