import ConvData
import ConvEngine
import Foundation
import Lessons
import TerminalKit

/// The player's outer loop: the player runs until the student quits, or steps aside for the
/// training dashboard (which owns the terminal while it runs) and then resumes at the same step.
/// Live demos are not stepped aside for: the player hosts them (`LessonPlayerApp`).
public enum LessonSession {
    public static func run(library: LessonLibrary, store: ProgressStore, present: Bool,
                           lesson: Int? = nil, step: Int? = nil) throws -> Int32 {
        let (progress, problem) = store.load()
        var state = LessonPlayerState(library: library, progress: progress, present: present, message: problem)
        if let lesson {
            _ = state.open(lesson: lesson, step: step)
            if let problem = store.save(state.progress) { state.message = problem }
        }
        while true {
            // The demos a step opens run inside the player, their work on this worker; leaving
            // a demo cancels it, and every way out of the player (a signal too) stops it.
            var (host, demos) = LessonPlayerApp.hosted(state: state, store: store)
            let status: Int32
            do {
                defer { demos.stop() }
                status = try Terminal.runInTerminal(&host)
            }
            if status != 0 { return status }
            let app = host.program
            state = app.state
            if let launch = app.launch {
                var taskMet = false
                _ = try Dashboard.run(configuration: configuration(for: launch)) { taskMet = $0.task?.isMet == true }
                state.message = "Back from training \(launch.networkName)."
                if taskMet, launch.task?.isMet == false {
                    state.taskDone(lessonID: launch.lessonID, step: launch.step)
                    if let problem = store.save(state.progress) { state.message = problem }
                }
            } else if app.launchTraining {
                let spec = Zoo.spec(named: "convnetjs-cifar10")!
                var launch = LessonLaunch(lessonID: "", step: 0, networkName: "convnetjs-cifar10", spec: spec, learningRate: nil, batch: nil, freeze: [])
                launch.present = present
                _ = try Dashboard.run(configuration: configuration(for: launch))
            } else {
                return 0
            }
        }
    }

    /// The dashboard's settings for a lesson's `@widget dashboard NET --lr X --batch N --freeze a,b`.
    public static func configuration(for launch: LessonLaunch) -> DashboardConfiguration {
        var spec = launch.spec
        let freeze = Set(launch.freeze)
        if !freeze.isEmpty {
            // Top-level rows follow the spec's layers in order, so row names give each layer its name.
            let names = NetworkShapes(spec).topLevelLayerNames
            for (i, name) in names.enumerated() where i < spec.layers.count && freeze.contains(name) {
                spec.layers[i].frozen = true
            }
        }
        // The same data and recipe as `convterm train`: what a student sees here, they see there.
        let data = SyntheticCIFAR.makeSplit(seed: TrainingDefaults.seed)
        var configuration = DashboardConfiguration(networkName: launch.networkName, spec: spec, train: data.train, test: data.test,
                                                   threads: TrainingDefaults.threads)
        if let batch = launch.batch { configuration.training.batchSize = batch }
        if let lr = launch.learningRate { configuration.training.optimizer.learningRate = lr }
        configuration.present = launch.present
        configuration.task = launch.task
        configuration.taskGoal = launch.taskGoal
        return configuration
    }
}
