import ConvData
import ConvEngine
import Foundation

/// How a headless lesson-10 run may end early and what it keeps: `convterm train --task` gives
/// its signals, time limit and `--save`; a demo gives nothing.
public struct ObjectRunControl {
    /// Ends training between two steps; the run still measures and reports what it reached.
    public var stop: () -> Bool = { false }
    /// Receives the checkpoints to keep: every `saveEvery` steps and at the end.
    public var save: ((Checkpoint) throws -> Void)?
    public var saveEvery: Int?

    public init(stop: @escaping () -> Bool = { false }, save: ((Checkpoint) throws -> Void)? = nil, saveEvery: Int? = nil) {
        self.stop = stop
        self.save = save
        self.saveEvery = saveEvery
    }
}

/// The training both lesson-10 runs share: the data, a trainer built from the recipe (or restored
/// from its checkpoint), the data order, the step loop and the checkpoints. A checkpoint holds
/// everything a step depends on (weights, optimizer state and counters, the order's position, the
/// seed, the run's end), so a run saved at step N and resumed ends bit-identical to one that never
/// stopped, on the same thread count.
final class ObjectTraining {
    let recipe: ObjectRunRecipe
    let task: TrainingTask
    let data: ObjectTaskData
    let trainer: Trainer
    var order: ObjectTaskData.Order
    /// The step training started from: 0, or the resumed checkpoint's.
    let firstStep: Int

    /// Checkpoint header keys (`extra`) of a lesson-10 run.
    enum Key {
        static let task = "task", network = "network", seed = "seed", order = "order", end = "run-end"
        static let batch = "batch", trainImages = "train-images"
    }

    init(_ recipe: ObjectRunRecipe, task: TrainingTask) throws {
        self.recipe = recipe
        self.task = task
        data = ObjectTaskData(seed: recipe.seed, trainCount: recipe.trainCount, testCount: recipe.testCount)
        let network = try Network(spec: recipe.spec, initialization: recipe.initialization, seed: recipe.seed)
        trainer = try Trainer(network: network, optimizer: recipe.optimizer, threads: recipe.threads)
        order = ObjectTaskData.Order(count: recipe.trainCount, seed: recipe.seed)
        if let checkpoint = recipe.resume {
            try checkpoint.restore(into: trainer)
            // The optimizer's kind and state are the checkpoint's; its rate and L2 are the recipe's
            // (the caller passes the saved ones unless told otherwise), as `TrainingSession` does.
            trainer.optimizer.settings.learningRate = recipe.optimizer.learningRate
            trainer.optimizer.settings.l2 = recipe.optimizer.l2
            let (epoch, position) = recipe.resumeOrder
            precondition(epoch >= 0 && (0...recipe.trainCount).contains(position), "ObjectRunState checks the order before a run resumes")
            order = ObjectTaskData.Order(count: recipe.trainCount, seed: recipe.seed, epoch: epoch, position: position)
        }
        firstStep = trainer.step
        if recipe.decays { trainer.schedule = LearningRateSchedule(horizon: recipe.steps) }
    }

    /// The whole state; `extra` says what the run was, so `--resume` and `eval` can rebuild it.
    func checkpoint() -> Checkpoint {
        var extra = [Key.task: task.rawValue, Key.network: recipe.name.replacingOccurrences(of: "\n", with: " "),
                     Key.seed: "\(recipe.seed)", Key.order: "\(order.epoch) \(order.position)", Key.end: "\(recipe.steps)",
                     Key.batch: "\(recipe.batch)", Key.trainImages: "\(recipe.trainCount)"]
        if let schedule = trainer.schedule { extra[TrainingSession.decayEndKey] = "\(schedule.horizon)" }
        return Checkpoint(trainer: trainer, extra: extra)
    }

    /// Trains from the current step to the recipe's last: `step` takes one step on the indices
    /// given, `measure` measures the test set at a step (every `measureEvery`, the last, and where
    /// `control.stop` ended the run). Returns nil when `cancelled` (a demo left: nothing to report),
    /// else whether `control.stop` ended it early. A diverged step was undone: the run saves the
    /// last good weights and throws, naming the rate.
    func run(cancelled: () -> Bool, control: ObjectRunControl,
             step: (_ indices: [Int]) -> TrainingEvent, measure: (_ step: Int) -> Void) throws -> Bool? {
        var measuredAt = trainer.step
        var stopped = false
        while trainer.step < recipe.steps {
            if cancelled() { return nil }
            if control.stop() {
                stopped = true
                break
            }
            let event = step(order.next(recipe.batch))
            if event.diverged {
                try control.save?(checkpoint())
                let lr = trainer.optimizer.settings.learningRate
                throw DemoFailure(description: "training diverged at step \(trainer.step + 1): the loss or a weight stopped being a finite number (nothing of that step was kept). Lower the learning rate (now \(lr)), e.g. to \(lr / 10)")
            }
            if let every = control.saveEvery, trainer.step % every == 0 { try control.save?(checkpoint()) }
            if trainer.step % recipe.measureEvery == 0 || trainer.step == recipe.steps {
                measure(trainer.step)
                measuredAt = trainer.step
            }
        }
        if measuredAt != trainer.step { measure(trainer.step) }
        try control.save?(checkpoint())
        return stopped
    }
}
