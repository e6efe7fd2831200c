import ConvData
import ConvEngine
import Foundation

/// `convterm eval` of a checkpoint whose net ends in a `loss` line (`train --task segment|localize`):
/// an accuracy over class labels would mean nothing, so it measures what the run measured, the
/// mean IoU over the built-in set's test images (`ObjectIoU`), with the run's own code.
public enum TaskCheckpointReport {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The report as printed text. `seed` picks the test images (nil: the checkpoint's seed, so
    /// the images the run measured); `count` how many (nil: the run's 200; at most
    /// `ObjectRunRecipe.testCounts`, as they are generated here, all at once).
    public static func evaluate(checkpointPath path: String, checkpoint: Checkpoint, data: String, seed: UInt64?,
                                count: Int?, threads: Int) throws -> String {
        let spec: NetworkSpec
        do { spec = try checkpoint.spec() } catch { throw Failure(description: "\(path): \(error)") }
        guard let loss = spec.loss else { preconditionFailure("classifiers are evaluated by CheckpointReport") }
        guard let task = TrainingTask(loss: loss), let recipe = task.recipe else {
            throw Failure(description: "\(path): eval measures classifiers, segmentations and localizations; "
                + TrainingTask.advice(origin: "its net", loss: loss))
        }
        guard data == "synthetic" else {
            throw Failure(description: "\(path) is a --task \(task.rawValue) checkpoint: it is measured on the built-in set's masks and boxes, which \(data) does not have; leave out --data")
        }
        let count = count ?? recipe.testCount
        let counts = ObjectRunRecipe.testCounts
        guard counts.contains(count) else {
            throw Failure(description: "--count \(count): a --task \(task.rawValue) checkpoint is measured on test images generated for the purpose, at most \(counts.upperBound.grouped) (the default is the run's \(recipe.testCount)); give --count from \(counts.lowerBound) to \(counts.upperBound.grouped)")
        }
        if let problem = task.problem(spec) { throw Failure(description: "\(path): its net \(problem)") }
        // A --task run's checkpoint says its seed, checked with the rest of its run; one without
        // (weights imported from PyTorch) has no run to match, so the usual seed.
        var saved = TrainingDefaults.seed
        if checkpoint.extra[ObjectTraining.Key.task] != nil {
            do { saved = try ObjectRunState(checkpoint, path: path).seed } catch { throw Failure(description: "\(error)") }
        }
        let seed = seed ?? saved
        let trainer: Trainer
        do {
            // The initial weights are overwritten by the checkpoint's; only their shapes matter.
            trainer = try Trainer(network: Network(spec: spec, initialization: recipe.initialization, seed: seed),
                                  optimizer: checkpoint.optimizer, threads: threads)
            try checkpoint.restore(into: trainer)
        } catch {
            throw Failure(description: "\(path): \(error)")
        }
        let test = SyntheticObjects.make(count: count, seed: SyntheticCIFAR.testSeed(splitSeed: seed))
        let name = checkpoint.extra[ObjectTraining.Key.network] ?? "its net"
        let head = "\(path) (--task \(task.rawValue), \(name), step \(checkpoint.step)) on \(count) test images of the built-in set (seed \(seed)):"
        if task == .segment {
            let measured = SegmentRun.measure(trainer, test, count: count, shown: 0)
            var allObject = 0.0
            for i in 0..<count { allObject += ObjectIoU.mask([Bool](repeating: true, count: SyntheticObjects.pixels), truth: test.mask(i)) }
            return head + String(format: " mean IoU %.3f (calling every pixel object scores %.3f)", measured.meanIoU, allObject / Double(count))
        }
        let measured = LocalizeRun.measure(trainer, test, count: count, shown: 0, step: checkpoint.step)
        return head + String(format: " mean box IoU %.3f, class accuracy %@", measured.meanIoU, DemoText.percent(measured.accuracy))
    }
}
