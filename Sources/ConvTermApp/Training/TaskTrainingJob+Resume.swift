import ConvEngine
import Foundation

extension TaskTrainingJob {
    /// `--resume`: `r` becomes the checkpoint's run (net, seed, data, batch, optimizer, decay, end)
    /// with the options that may change it applied. Refuses a checkpoint of another task, net or
    /// seed, or whose run state is damaged (`ObjectRunState`); returns the warnings for options
    /// a resumed run ignores.
    static func resume(_ r: inout ObjectRunRecipe, from checkpoint: Checkpoint, path: String, settings s: Settings) throws -> [String] {
        let task = s.task.rawValue
        let spec: NetworkSpec
        do { spec = try checkpoint.spec() } catch { throw Failure(description: "\(path): \(error)") }
        let saved = checkpoint.extra
        if let other = saved[ObjectTraining.Key.task], other != task {
            throw Failure(description: "\(path) was saved by `convterm train --task \(other)`; resume it with --task \(other)")
        }
        guard TrainingTask(loss: spec.loss) == s.task, saved[ObjectTraining.Key.task] != nil else {
            let what = spec.loss.map { "a net ending in `loss \($0.text)`" } ?? "a classifier (its net has no `loss` line)"
            throw Failure(description: "\(path) holds \(what), not a --task \(task) run's checkpoint; resume it as it was trained (`convterm train --resume \(path)` for a classifier), or start --task \(task) without --resume")
        }
        let name = saved[ObjectTraining.Key.network] ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        // The weights only load into the net they were trained on (`Checkpoint.restore` compares
        // the same printed spec); asked here, before the log is emptied and the images made.
        if let network = s.network, network.spec.text != checkpoint.specText {
            let given = network.origin.hasPrefix("zoo:") ? network.name : network.origin
            throw Failure(description: "\(path) was trained on \(name); --net \(given) is a different net: leave out --net to resume")
        }
        let state: ObjectRunState
        do { state = try ObjectRunState(checkpoint, path: path) } catch { throw Failure(description: "\(error)") }
        if s.network == nil {
            r.spec = spec
            r.name = name
        }
        if let given = s.seed, given != state.seed {
            throw Failure(description: "\(path) was trained with seed \(state.seed) (its images and their order follow from it); resume with --seed \(state.seed) or without --seed")
        }
        r.seed = state.seed
        r.trainCount = state.trainCount
        r.resumeOrder = (state.epoch, state.position)
        r.batch = s.batch ?? state.batch
        r.optimizer = checkpoint.optimizer
        r.optimizer.learningRate = s.learningRate ?? checkpoint.optimizer.learningRate
        r.optimizer.l2 = s.l2 ?? checkpoint.optimizer.l2
        var warnings: [String] = []
        if let kind = s.optimizer, kind != checkpoint.optimizer.kind {
            warnings.append("resuming with the checkpoint's optimizer (\(checkpoint.optimizer.kind.rawValue)); --optimizer \(kind.rawValue) applies to new runs")
        }
        if let initialization = s.initialization {
            warnings.append("--initialization \(initialization.rawValue) applies to new runs; the resumed weights are the checkpoint's")
        }
        r.decays = saved[TrainingSession.decayEndKey] != nil
        r.resume = checkpoint
        // A new length counts from the checkpoint's step; without one, the run goes on to the
        // end it was going for, so an interrupted run resumed ends as if never stopped.
        if let length = length(steps: s.steps, epochs: s.epochs, trainCount: r.trainCount, batch: r.batch) {
            r.steps = checkpoint.step + length
        } else {
            r.steps = state.end
            guard checkpoint.step < r.steps else {
                throw Failure(description: "\(path) finished its run at step \(checkpoint.step); give --steps N (or --epochs N) to train N more")
            }
        }
        return warnings
    }
}
