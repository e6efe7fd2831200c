import ConvData
import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// `convterm train --task segment|localize` without the command line: checkpoints of a net with a
/// `loss` line round-trip, an interrupted run resumed ends bit-identical to one never stopped,
/// the options a classification run takes are honoured, and what cannot run is refused, saying why.
@Suite struct TaskTrainingJobTests {
    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-task-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    func settings(_ task: TrainingTask, steps: Int? = nil, batch: Int? = 4, save: URL? = nil) -> TaskTrainingJob.Settings {
        var s = TaskTrainingJob.Settings(task: task, threads: 1)
        s.steps = steps
        s.batch = batch
        s.savePath = save?.path
        return s
    }

    /// Stops the run before step `n + 1`, as a signal would (`stop` is asked before every step).
    func stopAfter(_ n: Int) -> () -> Bool {
        var asked = 0
        return {
            asked += 1
            return asked > n
        }
    }

    /// The localize recipe decays its rate over the run, so this also checks that the resumed run
    /// keeps the interrupted run's decay horizon. Bit-identical holds for the same thread count:
    /// the checkpoint carries weights, Adam's slots and step, the RNG and the data order's position.
    @Test func anInterruptedRunResumedEndsBitIdenticalToOneNeverStopped() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let straight = dir.appendingPathComponent("straight.ckpt"), split = dir.appendingPathComponent("split.ckpt")
        _ = try TaskTrainingJob(settings(.localize, steps: 6, save: straight)).run(progress: { _ in })
        let stopped = try TaskTrainingJob(settings(.localize, steps: 6, save: split)).run(stop: stopAfter(3), progress: { _ in })
        #expect(stopped.interrupted)
        #expect(stopped.text.hasPrefix("Stopped at step 3 of 6 (interrupted); resume with --resume \(split.path)."))
        let half = try Checkpoint.read(from: split)
        #expect(half.step == 3)
        var resume = TaskTrainingJob.Settings(task: .localize, threads: 1)
        resume.resume = (split.path, half)
        resume.savePath = split.path
        let job = try TaskTrainingJob(resume)
        #expect(job.recipe.steps == 6 && job.recipe.batch == 4 && job.recipe.decays)
        let summary = try job.run(progress: { _ in }).text
        #expect(summary.contains("after 6 steps of 4"), "\(summary)")
        #expect(summary.contains("(at step 3 "), "\(summary)")
        let a = try Checkpoint.read(from: straight), b = try Checkpoint.read(from: split)
        #expect(a.step == 6 && b.step == 6 && a.optimizerStep == 6 && b.optimizerStep == 6)
        #expect(a.tensors.count == b.tensors.count && a.tensors.count > 0)
        for (x, y) in zip(a.tensors, b.tensors) {
            #expect(x.name == y.name)
            #expect(x.values.map(\.bitPattern) == y.values.map(\.bitPattern), "\(x.name) differs")
        }
        // Everything else too: the header (RNG, order, decay end) and the spec with its loss line.
        #expect(a.encoded() == b.encoded())
    }

    @Test func aCheckpointKeepsTheLossLineAndTheRunsState() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt")
        var s = settings(.segment, steps: 2, save: path)
        s.seed = 7
        _ = try TaskTrainingJob(s).run(progress: { _ in })
        let saved = try Checkpoint.read(from: path)
        #expect(saved.specText.hasSuffix("loss pixelsoftmax\n"))
        #expect(try saved.spec() == Zoo.spec(named: "segnet-tiny"))
        #expect(saved.step == 2 && saved.examplesSeen == 8)
        #expect(saved.optimizer.kind == .adam && saved.optimizerStep == 2)
        #expect(saved.extra["task"] == "segment" && saved.extra["seed"] == "7" && saved.extra["order"] == "0 8")
        #expect(saved.extra["run-end"] == "2" && saved.extra["batch"] == "4")
        // A constant rate: no decay end is recorded, and a resumed run keeps it constant.
        #expect(saved.extra[TrainingSession.decayEndKey] == nil)
    }

    @Test func aNewLengthCountsFromTheCheckpointsStep() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt")
        _ = try TaskTrainingJob(settings(.segment, steps: 2, save: path)).run(progress: { _ in })
        var s = settings(.segment, steps: 3, batch: nil, save: path)
        s.resume = (path.path, try Checkpoint.read(from: path))
        let summary = try TaskTrainingJob(s).run(progress: { _ in }).text
        #expect(summary.contains("after 5 steps of 4"), "\(summary)")
        #expect(try Checkpoint.read(from: path).step == 5)
    }

    @Test func whatCannotResumeIsRefusedSayingWhatToDo() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt")
        _ = try TaskTrainingJob(settings(.segment, steps: 1, save: path)).run(progress: { _ in })
        let saved = try Checkpoint.read(from: path)
        func refusal(_ change: (inout TaskTrainingJob.Settings) -> Void) -> String {
            var s = TaskTrainingJob.Settings(task: .segment, threads: 1)
            s.resume = (path.path, saved)
            change(&s)
            do {
                _ = try TaskTrainingJob(s)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        #expect(refusal { _ in }.contains("finished its run at step 1; give --steps N (or --epochs N) to train N more"))
        #expect(refusal { $0.steps = 1; $0.seed = 2 }.contains("was trained with seed 1 (its images and their order follow from it); resume with --seed 1 or without --seed"))
        #expect(refusal { $0.steps = 1; $0.task = .localize }.contains("was saved by `convterm train --task segment`; resume it with --task segment"))
        #expect(refusal { $0.steps = 1; $0.seed = 1 } == "accepted")
        // A classifier's checkpoint is not a task run's.
        let classifier = try Checkpoint(trainer: Trainer(network: Network(spec: Zoo.spec(named: "convnetjs-cifar10")!, seed: 1),
                                                         optimizer: OptimizerSettings(kind: .sgd)))
        var s = TaskTrainingJob.Settings(task: .segment, threads: 1)
        s.resume = ("c.ckpt", classifier)
        #expect(throws: TaskTrainingJob.Failure.self) { try TaskTrainingJob(s) }
        #expect { try TaskTrainingJob(s) } throws: { "\($0)".contains("holds a classifier (its net has no `loss` line)") }
    }

    /// The weights load only into their own net: another --net is refused when the job is made,
    /// before `run` empties the log or generates a single image, naming both.
    @Test func anotherNetIsRefusedBeforeTheLogIsTouched() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt"), log = dir.appendingPathComponent("run.jsonl")
        _ = try TaskTrainingJob(settings(.segment, steps: 1, save: path)).run(progress: { _ in })
        try Data("the earlier run's log\n".utf8).write(to: log)
        let text = "input 32x32x3\nconv 2 3x3 pad 1\nloss pixelsoftmax"
        var s = settings(.segment, steps: 1)
        s.resume = (path.path, try Checkpoint.read(from: path))
        s.logPath = log.path
        s.network = NetworkSource(name: "other", origin: "nets/other.net", text: text, spec: try SpecParser.parse(text))
        #expect { try TaskTrainingJob(s).run(progress: { _ in }) } throws: {
            "\($0)" == "\(path.path) was trained on segnet-tiny; --net nets/other.net is a different net: leave out --net to resume"
        }
        #expect(try String(contentsOf: log, encoding: .utf8) == "the earlier run's log\n")
        // The same net named again is no change: a zoo net is called by its name.
        s.network = try NetworkSource.load("segnet-tiny")
        #expect(try TaskTrainingJob(s).recipe.name == "segnet-tiny")
        s.network = try NetworkSource.load("boxnet-tiny")
        #expect { try TaskTrainingJob(s) } throws: { "\($0)".contains("; --net boxnet-tiny is a different net") }
    }

    /// A hand-edited run field (the checksum recomputed by writing through `Checkpoint`) stops
    /// the resume when the job is made, naming the file and the key: an epoch near Int.max
    /// used to trap mid-run, and a huge training set to be allocated.
    @Test func aDamagedRunFieldIsRefusedWhenResuming() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt")
        _ = try TaskTrainingJob(settings(.segment, steps: 1, save: path)).run(progress: { _ in })
        for (key, value) in [("order", "9223372036854775807 4"), ("train-images", "100000000"), ("batch", "0"), ("run-end", "0")] {
            var edited = try Checkpoint.read(from: path)
            edited.extra[key] = value
            let url = dir.appendingPathComponent("edited.ckpt")
            try edited.write(to: url)
            var s = TaskTrainingJob.Settings(task: .segment, threads: 1)
            s.resume = (url.path, try Checkpoint.read(from: url))
            s.steps = 1
            #expect(throws: TaskTrainingJob.Failure.self) { try TaskTrainingJob(s) }
            #expect { try TaskTrainingJob(s) } throws: { "\($0)".hasPrefix("\(url.path): header line `extra \(key) \(value)`: expected ") }
        }
    }

    /// Exit 128 + signal is for a run a signal cut short; one arriving while the finished run
    /// measures and saves for the last time leaves it a success.
    @Test func aStopAfterTheLastStepIsNoInterruption() throws {
        var finished = false
        let outcome = try TaskTrainingJob(settings(.segment, steps: 2)).run(stop: { finished }, progress: { line in
            if line.hasPrefix("step 2/2:") { finished = true }
        })
        #expect(finished)
        #expect(!outcome.interrupted && !outcome.text.hasPrefix("Stopped"), "\(outcome.text)")
    }

    @Test func theOptimizerL2AndInitialisationGivenAreTheRuns() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("box.ckpt")
        var s = settings(.localize, steps: 1, save: path)
        s.optimizer = .momentum
        s.l2 = 0.001
        s.initialization = .pytorch
        let job = try TaskTrainingJob(s)
        // Momentum's own usual rate, not the Adam recipe's 0.002.
        #expect(job.recipe.optimizer.kind == .momentum && job.recipe.optimizer.learningRate == 0.01 && job.recipe.optimizer.l2 == 0.001)
        let training = try ObjectTraining(job.recipe, task: .localize)
        let pytorch = try Network(spec: job.recipe.spec, initialization: .pytorch, seed: job.recipe.seed)
        let he = try Network(spec: job.recipe.spec, initialization: .he, seed: job.recipe.seed)
        #expect(training.trainer.network.parameters.map(\.value) == pytorch.parameters.map(\.value))
        #expect(training.trainer.network.parameters.map(\.value) != he.parameters.map(\.value))
        _ = try job.run(progress: { _ in })
        let saved = try Checkpoint.read(from: path)
        #expect(saved.optimizer.kind == .momentum && saved.optimizer.l2 == 0.001 && saved.optimizer.learningRate == 0.01)
    }

    @Test func aNetThatDoesNotFitTheTaskIsRefusedBeforeTraining() throws {
        var s = TaskTrainingJob.Settings(task: .segment, threads: 1)
        s.network = try NetworkSource.load("boxnet-tiny")
        #expect { try TaskTrainingJob(s) } throws: {
            "\($0)".contains("boxnet-tiny must end in `loss pixelsoftmax`") && "\($0)".contains("which --task localize trains")
        }
    }

    @Test func theLogHasALinePerMeasurement() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("run.jsonl")
        var s = settings(.localize, steps: 3)
        s.logPath = log.path
        _ = try TaskTrainingJob(s).run(progress: { _ in })
        let lines = try String(contentsOf: log, encoding: .utf8).split(separator: "\n")
        let entries = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        // Before training and after the last step (the recipe measures every 100 steps).
        #expect(entries.map { $0["step"] as? Int } == [0, 3])
        #expect(entries[0]["loss"] == nil && entries[1]["loss"] is Double)
        #expect(entries.allSatisfy { $0["mean_iou"] is Double && $0["class_accuracy"] is Double })
    }

    /// As the README says: segment's objects add `pixel_accuracy`, which like `loss` averages
    /// the steps since the last measurement, so the first object (before any step) has neither.
    @Test func aSegmentLogAveragesLossAndPixelAccuracySinceTheLastLine() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let log = dir.appendingPathComponent("run.jsonl")
        var s = settings(.segment, steps: 2)
        s.logPath = log.path
        _ = try TaskTrainingJob(s).run(progress: { _ in })
        let entries = try String(contentsOf: log, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        #expect(entries.map { Set($0.keys) } == [["step", "mean_iou"], ["step", "mean_iou", "loss", "pixel_accuracy"]])
    }

    /// The advice for a net that fits no task is true: the net it describes trains with --task localize.
    @Test func aPureRegressionNetIsToldWhatLocalizeNeeds() throws {
        let text = "input 32x32x3\nconv 8 3x3 stride 2 pad 1\nrelu\nfc 4\nloss smoothl1"
        let source = NetworkSource(name: "boxes", origin: "boxes.net", text: text, spec: try SpecParser.parse(text))
        let advice = try #require(TrainingTask.classify.refusal(data: "synthetic", network: source))
        #expect(advice.contains("a regression with no class part, which no task here trains"))
        #expect(advice.contains("end it in `fc 14` and `loss softmax 10 + smoothl1 4` and give --task localize"))
        #expect(TrainingTask(loss: source.spec.loss) == nil)
        let fixed = try SpecParser.parse("input 32x32x3\nconv 8 3x3 stride 2 pad 1\nrelu\nfc 14\nloss softmax 10 + smoothl1 4")
        #expect(LocalizeRun.problem(fixed) == nil)
        #expect(TrainingTask(loss: fixed.loss) == .localize)
    }

    /// `eval` measures a checkpoint with the run's measure on the same test images, so it reads
    /// what the run reported at its last step.
    @Test func evalOfATaskCheckpointReportsTheMeanIoUTheRunEndedWith() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("seg.ckpt")
        var last = -1.0
        var s = settings(.segment, steps: 3, save: path)
        s.seed = 4
        _ = try TaskTrainingJob(s).run(progress: { line in
            if line.hasPrefix("step 3/3: mean test IoU ") { last = Double(line.dropFirst(24).prefix(5)) ?? -1 }
        })
        #expect(last >= 0)
        let text = try TaskCheckpointReport.evaluate(checkpointPath: path.path, checkpoint: Checkpoint.read(from: path), data: "synthetic",
                                                     seed: nil, count: nil, threads: 1)
        #expect(text.contains("(--task segment, segnet-tiny, step 3) on 200 test images of the built-in set (seed 4): mean IoU \(String(format: "%.3f", last))"), "\(text)")
        #expect { try TaskCheckpointReport.evaluate(checkpointPath: path.path, checkpoint: Checkpoint.read(from: path), data: "cifar10",
                                                    seed: nil, count: nil, threads: 1) } throws: { "\($0)".contains("leave out --data") }
    }
}
