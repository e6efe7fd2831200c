import ConvEngine
import Testing
import TerminalKit
@testable import ConvTermApp

/// The seeing demo's update as a pure function: after training, one view job at a time for what
/// the keys ask for, and the ascent played back on the frame clock.
@Suite struct SeeingDemoTests {
    let request = LessonDemoRequest(kind: .seeing, networks: [], options: ["steps": "3", "dream-steps": "5", "images": "4"])

    func viewAsked(_ effects: [DemoEffect]) -> SeeingView.Request? {
        guard effects.count == 1, case .start(_, let work) = effects[0], case .seeingView(let r, _, _, _, _) = work.kind else { return nil }
        return r
    }

    @Test func keysAskForOneViewAtATimeAndTheLatestWins() throws {
        var app = LessonDemoApp(request)
        guard case .start(0, let work) = try #require(app.update(.input(.frame(now: 0))).first), case .seeingTraining = work.kind else {
            Issue.record("training should start first")
            return
        }
        // Before training ends the keys do nothing.
        #expect(app.update(.input(.key(.char("n")))).isEmpty)
        _ = app.update(.work(job: 0, DemoReport(.seeing(.step(3, loss: 2.0, seconds: 1.5)))))
        let demo = try #require(app.demo as? SeeingDemo)
        #expect(demo.step == 3 && demo.loss == 2.0)

        let network = try Network(spec: demo.experiment.spec, seed: 1)
        let measurement = SaliencyMeasurement(saliencyInObject: 0.5, objectArea: 0.2, images: 4, perClass: [])
        let first = app.update(.work(job: 0, DemoReport(.seeing(.measured(measurement, network: network, convLayers: ["conv1", "conv2"])))))
        #expect(viewAsked(first) == SeeingView.Request(image: 0))
        // Two keys while the first view is computed: nothing more is asked yet.
        #expect(app.update(.input(.key(.char("n")))).isEmpty)
        #expect(app.update(.input(.key(.char("o")))).isEmpty)
        #expect(!app.workDone)

        // The first view arrives (computed for real, on an untrained net): shown, and the latest request follows.
        let seeing = try #require(app.demo as? SeeingDemo)
        let view = SeeingView.compute(SeeingView.Request(image: 0), network: network, test: seeing.test, experiment: seeing.experiment, dreamSteps: 5)
        let next = app.update(.work(job: 0, DemoReport(.seeing(.view(view)))))
        #expect(viewAsked(next) == SeeingView.Request(image: 1, chosenClass: nil, objectiveIndex: 1))
        #expect((app.demo as? SeeingDemo)?.shown?.request.image == 0)
    }

    @Test func theAscentPlaysOnTheFrameClockAndSpaceReplaysIt() throws {
        var app = LessonDemoApp(request)
        _ = app.update(.input(.frame(now: 0)))
        let demo = try #require(app.demo as? SeeingDemo)
        let network = try Network(spec: demo.experiment.spec, seed: 1)
        let measurement = SaliencyMeasurement(saliencyInObject: 0.5, objectArea: 0.2, images: 4, perClass: [])
        _ = app.update(.work(job: 0, DemoReport(.seeing(.measured(measurement, network: network, convLayers: ["conv1"])))))
        _ = app.update(.input(.frame(now: 10)))
        let view = SeeingView.compute(SeeingView.Request(), network: network, test: demo.test, experiment: demo.experiment, dreamSteps: 5)
        #expect(app.update(.work(job: 0, DemoReport(.seeing(.view(view))))).isEmpty)
        #expect(app.workDone)
        func frameShown() -> Int? { (app.demo as? SeeingDemo)?.dreamFrame }
        #expect(frameShown() == 0)
        _ = app.update(.input(.frame(now: 10.25)))
        #expect(frameShown() == 2)
        _ = app.update(.input(.frame(now: 20)))
        #expect(frameShown() == 5)
        #expect(app.update(.input(.key(.char(" ")))).isEmpty)
        #expect(frameShown() == 0)
    }
}
