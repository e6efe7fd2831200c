import ConvData
import ConvEngine
import Foundation

/// What a demo asks to have done outside its update: background work (training, measuring, a
/// saliency map), carried out by a `DemoWorker`. Results come back as `LessonDemoApp.Message.work`.
public enum DemoEffect: Sendable {
    /// Run `work` once whatever was asked for before it has finished; its reports carry `job`.
    case start(job: Int, DemoWork)
    /// Stop everything asked for so far: the running work within one batch, queued work never starts.
    case cancel
}

/// One piece of a demo's background work, saying everything it needs (the worker keeps no state).
/// A wrapper, so that the demos' own types stay internal to the app.
public struct DemoWork: Sendable {
    enum Kind: Sendable {
        /// Lesson 8: the nets trained side by side, then tested.
        case race(RaceRun)
        /// Lesson 9: pretraining, then frozen features vs from scratch.
        case transfer(TransferExperiment)
        /// Lesson 11: training, test accuracy, then where the saliency lies.
        case seeingTraining(SeeingExperiment)
        /// Lesson 11: one image's saliency map and gradient ascent on the trained network.
        case seeingView(SeeingView.Request, network: Network, test: ImageSet, experiment: SeeingExperiment, dreamSteps: Int)
        /// Lesson 12: averaged half-batch gradients against the whole batch's.
        case parallelCheck(seed: UInt64, images: Int, workers: Int)
        /// Lesson 10: a segmentation net trained and measured.
        case segment(SegmentRun)
        /// Lesson 10: a box head trained and measured.
        case localize(LocalizeRun)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }

    /// Does the work on the calling thread, reporting as it goes; stops early when `cancelled`
    /// says so (checked between batches).
    func run(cancelled: () -> Bool, report: (DemoReport) -> Void) {
        switch kind {
        case .race(let race):
            _ = race.run(cancelled: cancelled) { report(DemoReport(.race($0))) }
        case .transfer(let experiment):
            let done = experiment.run(cancelled: cancelled) { report(DemoReport(.transfer($0))) }
            if let done { report(DemoReport(.transferDone(done))) }
        case .seeingTraining(let experiment):
            SeeingDemo.train(experiment, cancelled: cancelled) { report(DemoReport(.seeing($0))) }
        case .seeingView(let request, let network, let test, let experiment, let dreamSteps):
            let view = SeeingView.compute(request, network: network, test: test, experiment: experiment, dreamSteps: dreamSteps)
            report(DemoReport(.seeing(.view(view))))
        case .parallelCheck(let seed, let images, let workers):
            let (x, y) = DemoTraining.batch(DemoTraining.data.train, count: images, seed: seed)
            let check = try? DataParallel.check(spec: Zoo.spec(named: ParallelRun.checkNetwork)!, seed: seed, images: x, labels: y, workers: workers)
            report(DemoReport(.parallel(check)))
        case .segment(let run):
            do {
                _ = try run.run(cancelled: cancelled) { report(DemoReport(.segment($0))) }
            } catch {
                report(DemoReport(.segment(.failed("\(error)"))))
            }
        case .localize(let run):
            do {
                _ = try run.run(cancelled: cancelled) { report(DemoReport(.localize($0))) }
            } catch {
                report(DemoReport(.localize(.failed("\(error)"))))
            }
        }
    }
}

/// What background work reports, in order.
public struct DemoReport: Sendable {
    enum Kind: Sendable {
        case race(RaceRun.Event)
        case transfer(TransferExperiment.Event)
        case transferDone(TransferReport)
        case seeing(SeeingDemo.Event)
        case parallel(DataParallel.Check?)
        case segment(SegmentRun.Event)
        case localize(LocalizeRun.Event)
    }

    let kind: Kind

    init(_ kind: Kind) { self.kind = kind }
}
