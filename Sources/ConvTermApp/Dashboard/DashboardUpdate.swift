import ConvEngine
import TerminalKit

/// The dashboard's update function: (state, message) -> (state, effects). Pure, so every key's
/// behaviour is testable without a terminal or a training thread.
public enum DashboardUpdate {
    public static let batchSizes = [1, 2, 4, 8, 16, 32, 64, 128, 256]
    public static let optimizerOrder: [OptimizerKind] = [.sgd, .momentum, .nesterov, .adam, .adadelta]

    public static func update(_ state: DashboardState, _ message: DashboardMessage) -> (DashboardState, [DashboardEffect]) {
        var s = state
        let effects: [DashboardEffect]
        switch message {
        case .key(let key): effects = handle(key, &s)
        case .frame(let now): effects = frame(now, &s)
        case .trained(let events):
            s.batchesInFlight = max(0, s.batchesInFlight - events.count)
            trained(events, &s)
            effects = []
        case .validated(let accuracy, let examples, let strip):
            s.validationPending = false
            // A viewed net's accuracy is no curve (and means nothing when its classes are not the data's).
            if s.viewing == nil { s.history.validationAccuracy.append((Double(examples), accuracy)) }
            if s.history.validationAccuracy.count > TrainingHistory.maximumPoints {
                s.history.validationAccuracy = TrainingHistory.halved(s.history.validationAccuracy)
            }
            if !strip.isEmpty { s.testStrip = strip }
            effects = []
        case .evaluated(let e):
            s.testEvaluation = e
            s.note = "test set: \(percent(e.accuracy)) correct, loss \(fmt(e.loss)) on \(e.examples.grouped) images at step \(e.atStep.grouped)"
            effects = []
        case .saved(let path, let examples):
            s.savedExamples = max(s.savedExamples, examples)
            s.note = "saved step \(s.progress.step.grouped) to \(path)"
            effects = []
        case .wrotePictures(let paths):
            s.note = paths.isEmpty ? "no pictures for this layer" : "wrote " + paths.joined(separator: ", ")
            effects = []
        case .failed(let text):
            s.note = text
            effects = []
        case .looked(let snapshot):
            s.snapshot = snapshot
            s.statistics = LayerStatistics.of(snapshot)
            effects = []
        case .resetDone(let seed, let examples):
            s.seed = seed
            s.progress = TrainingProgress()
            s.progress.examplesSeen = examples
            s.history = TrainingHistory()
            s.snapshot = nil
            s.statistics = [:]
            s.testStrip = []
            s.testEvaluation = nil
            s.savedExamples = examples
            s.trainingSeconds = 0
            s.imagesPerSecond = 0
            s.rateWindow = []
            s.batchesInFlight = 0
            s.lastValidationAt = nil
            s.validationPending = false
            effects = []
        }
        observeTask(&s)
        return (s, effects)
    }

    /// A lesson's task looks at the state after every message: a key (`]`), a training report
    /// (the step that blew up) or a frame.
    static func observeTask(_ s: inout DashboardState) {
        guard var run = s.task, !run.isMet else { return }
        let finished = run.observe(LessonTaskProbe.facts(s))
        s.task = run
        if finished { s.note = "task done: q takes you back to the lesson" }
    }

    // MARK: Keys

    static func handle(_ key: Key, _ s: inout DashboardState) -> [DashboardEffect] {
        if key == .resize { return [] }
        // The help overlay takes the next key, whichever it is, so nothing happens by accident.
        if s.showHelp {
            s.showHelp = false
            return []
        }
        if let question = s.confirmation { return answer(question, key, &s) }
        if let effects = DashboardViewing.handle(key, &s) { return effects }
        switch key {
        case .char(" "):
            if s.paused || s.progress.diverged {
                s.paused = false
                s.progress.diverged = false
                s.note = "training resumed"
                // Below full speed the next frames ask for batches (see `driveSpeed`).
                return s.speed == .full ? [.resume] : []
            }
            s.paused = true
            s.batchesInFlight = 0
            s.note = "paused at step \(s.progress.step.grouped)"
            return [.pause]
        case .char("n"):
            s.paused = true
            s.batchesInFlight = 0
            s.note = "one batch of \(s.batchSize)"
            return [.pause, .trainBatches(1), .requestSnapshot]
        case .char("."):
            s.paused = true
            s.batchesInFlight = 0
            s.note = "one example"
            return [.pause, .trainExample]
        case .char("+"), .char("="), .char("-"), .char("_"):
            s.speed = key == .char("+") || key == .char("=") ? s.speed.faster : s.speed.slower
            s.note = "speed: \(s.speed)"
            guard !s.paused && !s.progress.diverged else { return [] }
            if s.speed == .full { return [.resume] }
            // From full speed to a counted one: stop the free run; frames ask for batches from now on.
            s.batchesInFlight = 0
            return [.pause]
        case .char("["), .char("]"):
            let old = s.learningRate
            s.learningRate = key == .char("[") ? old / 2 : old * 2
            s.note = "learning rate \(fmt(s.learningRate)) (was \(fmt(old))); training continues"
                + (s.optimizer == .adadelta ? " (adadelta ignores it)" : "")
            return [.setLearningRate(s.learningRate)]
        case .char("b"), .char("B"):
            let sizes = batchSizes
            let next = key == .char("b")
                ? sizes.first { $0 > s.batchSize } ?? sizes[0]
                : sizes.last { $0 < s.batchSize } ?? sizes[sizes.count - 1]
            if let memory = s.memory?.resized(from: s.batchSize, to: next),
               let refusal = memory.refusal(available: s.availableMemory, batch: next) {
                s.note = "batch size stays \(s.batchSize): \(refusal.replacingOccurrences(of: "--batch", with: "batch"))"
                return []
            }
            s.note = "batch size \(next) (was \(s.batchSize))"
            s.memory = s.memory?.resized(from: s.batchSize, to: next)
            s.batchSize = next
            return [.setBatchSize(next)]
        case .char("o"):
            let order = optimizerOrder
            let i = order.firstIndex(of: s.optimizer) ?? 0
            let next = order[(i + 1) % order.count]
            let old = s.optimizer
            s.optimizer = next
            s.learningRate = TrainingDefaults.learningRate(for: next)
            s.note = "optimizer \(next.rawValue) (was \(old.rawValue)), learning rate \(fmt(s.learningRate)); weights kept"
            return [.setOptimizer(next, learningRate: s.learningRate)]
        case .up, .char("k"):
            s.selectedLayer = max(0, s.selectedLayer - 1)
            return []
        case .down, .char("j"):
            s.selectedLayer = min(s.layers.count - 1, s.selectedLayer + 1)
            return []
        case .home, .char("g"):
            s.selectedLayer = 0
            return []
        case .end, .char("G"):
            s.selectedLayer = s.layers.count - 1
            return []
        case .tab, .backTab:
            let modes = LayerViewMode.available(hasWeights: s.selectedRow.hasWeights, gradients: s.viewing == nil)
            let i = modes.firstIndex(of: s.effectiveViewMode) ?? 0
            s.viewMode = modes[(i + (key == .tab ? 1 : modes.count - 1)) % modes.count]
            return []
        case .char("z"):
            s.zoomed.toggle()
            return []
        case .escape:
            s.zoomed = false
            return []
        case .char("t"):
            s.note = "evaluating the test set (\(s.testCount.grouped) images)..."
            return [.evaluateTestSet]
        case .char("p"):
            // Beside the checkpoint `s` writes: the one place the user already chose for files.
            let directory = s.savePath.lastIndex(of: "/").map { String(s.savePath[..<$0]) }.map { $0.isEmpty ? "/" : $0 } ?? "."
            s.note = "writing pictures of \(s.selectedRow.name) to \(directory)..."
            return [.pictures(layer: s.selectedRow.name, directory: directory)]
        case .char("s"):
            s.note = "saving to \(s.savePath)..."
            return [.save(to: s.savePath)]
        case .char("r"), .char("R"):
            let newSeed: UInt64? = key == .char("R") ? s.seed &+ 1 : nil
            guard s.progress.examplesSeen > 0 || s.progress.step > 0 else {
                return reset(newSeed, &s)
            }
            s.confirmation = .reset(newSeed: newSeed)
            return []
        case .char("q"):
            guard s.hasUnsavedProgress else {
                s.quitting = true
                return [.quit]
            }
            s.confirmation = .quit
            return []
        case .char("?"), .char("h"), .function(1):
            s.showHelp = true
            return []
        default:
            return []
        }
    }

    static func answer(_ question: Confirmation, _ key: Key, _ s: inout DashboardState) -> [DashboardEffect] {
        s.confirmation = nil
        switch (question, key) {
        case (.quit, .char("y")), (.quit, .char("Y")):
            s.quitting = true
            return [.quit]
        case (.quit, .char("s")):
            s.quitting = true
            s.note = "saving to \(s.savePath)..."
            return [.save(to: s.savePath), .quit]
        case (.reset(let newSeed), .char("y")), (.reset(let newSeed), .char("Y")):
            return reset(newSeed, &s)
        default:
            s.note = "cancelled; nothing changed"
            return []
        }
    }

    static func reset(_ newSeed: UInt64?, _ s: inout DashboardState) -> [DashboardEffect] {
        let seed = newSeed ?? s.seed
        s.note = newSeed == nil ? "reset to the initial weights (seed \(seed)): replaying the same run"
                                : "reset with a new seed \(seed)"
        s.batchesInFlight = 0
        s.lastValidationAt = nil
        s.validationPending = false
        return [.reset(seed: seed, optimizer: s.optimizer, learningRate: s.learningRate, batchSize: s.batchSize,
                       running: !s.paused && s.speed == .full)]
    }

    /// The question shown while a confirmation is pending.
    public static func prompt(_ question: Confirmation, _ s: DashboardState) -> String {
        // On a projector the room sees no step counts (--present), only what is at stake.
        let lost = s.present ? "the training" : "\(s.progress.step.grouped) steps (\(s.progress.examplesSeen.grouped) examples)"
        switch question {
        case .quit:
            return "Quit? \(lost) since the last save would be lost.  y quit   s save and quit   n stay"
        case .reset(let newSeed):
            let what = newSeed.map { "with the new seed \($0)" } ?? "to the initial weights (seed \(s.seed))"
            return "Reset \(what)? \(lost) would be lost.  y reset   n keep training"
        }
    }

    // MARK: Training reports

    static func trained(_ events: [TrainingEvent], _ s: inout DashboardState) {
        for e in events {
            if e.diverged {
                s.progress.diverged = true
                s.progress.divergedAtStep = e.step + 1
                s.paused = true
                // The worker drops the rest of a counted run after a diverged step: none will report.
                s.batchesInFlight = 0
                continue
            }
            s.progress.step = e.step
            s.progress.examplesSeen = e.examplesSeen
            s.progress.loss = e.loss
            s.progress.l2Loss = e.l2Loss
            s.progress.averageLoss = e.averageLoss
            s.progress.averageAccuracy = e.averageAccuracy
            s.progress.forwardMilliseconds = e.forwardMilliseconds
            s.progress.backwardMilliseconds = e.backwardMilliseconds
            s.progress.updateMilliseconds = e.updateMilliseconds
            s.progress.learningRateFactor = e.learningRateFactor
            s.history.append(examples: e.examplesSeen, loss: e.averageLoss, l2: e.l2Loss, accuracy: e.averageAccuracy)
        }
        if let snap = events.last(where: { $0.snapshot != nil })?.snapshot {
            s.snapshot = snap
            s.statistics = LayerStatistics.of(snap)
        }
    }

    // MARK: Frames

    /// Once per frame: the clock, then the slower speeds and the validation schedule, then a
    /// request for the next snapshot (one per frame is all the screen can show).
    static func frame(_ now: Double, _ s: inout DashboardState) -> [DashboardEffect] {
        if s.viewing != nil { return DashboardViewing.frame(now, &s) }
        clock(now, &s)
        // The first frame starts the free run (the worker is built waiting).
        let start: [DashboardEffect] = s.frame == 0 && !s.paused && s.speed == .full ? [.resume] : []
        s.frame += 1
        return start + driveSpeed(&s) + scheduleValidation(&s) + [.requestSnapshot]
    }

    /// Below full speed the worker trains only what it is asked for: n batches a frame, or one
    /// batch every n frames, never more while earlier ones are unfinished.
    static func driveSpeed(_ s: inout DashboardState) -> [DashboardEffect] {
        guard !s.paused, !s.progress.diverged, s.batchesInFlight == 0 else { return [] }
        switch s.speed {
        case .full:
            return []
        case .stepsPerFrame(let n):
            s.batchesInFlight = n
            return [.trainBatches(n)]
        case .framesPerStep(let n):
            guard s.frame % n == 0 else { return [] }
            s.batchesInFlight = 1
            return [.trainBatches(1)]
        }
    }

    /// A validation batch right away (so the strip is not empty), then every `validationEvery`
    /// examples, one at a time.
    static func scheduleValidation(_ s: inout DashboardState) -> [DashboardEffect] {
        let seen = s.progress.examplesSeen
        guard !s.validationPending, s.testCount > 0 else { return [] }
        if let last = s.lastValidationAt, seen - last < s.validationEvery { return [] }
        s.lastValidationAt = seen
        s.validationPending = true
        return [.validate(count: s.validationBatch)]
    }

    static func clock(_ now: Double, _ s: inout DashboardState) {
        let dt = s.now > 0 ? max(0, now - s.now) : 0
        s.now = now
        if s.phase == .training { s.trainingSeconds += dt }
        // images/s over the last two seconds: steady enough to read, quick to follow a change.
        s.rateWindow.append(RateSample(time: now, examples: s.progress.examplesSeen))
        s.rateWindow.removeAll { now - $0.time > 2 }
        if s.phase != .training {
            s.imagesPerSecond = 0
        } else if let first = s.rateWindow.first, now - first.time > 0.2 {
            s.imagesPerSecond = Double(s.progress.examplesSeen - first.examples) / (now - first.time)
        }
    }

    // MARK: Formatting shared with the view

    static func fmt(_ v: Double) -> String { NumberFormat.compact(v, significant: 3) }

    static func percent(_ v: Double) -> String {
        v.isFinite ? NumberFormat.compact(v * 100, significant: 3) + "%" : "-"
    }
}
