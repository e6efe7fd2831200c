import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The race's headless run measures what the live race shows, step for step.
@Suite struct RaceRunTests {
    @Test func headlessLossesAreTheLiveDemosLosses() throws {
        let nets = [LessonDemoRequest.Net(name: "plain", spec: try SpecParser.parse(DemoTests.plain)),
                    LessonDemoRequest.Net(name: "residual", spec: try SpecParser.parse(DemoTests.residual))]
        let request = LessonDemoRequest(kind: .race, networks: nets, options: ["steps": "5"], seed: 4)
        let report = try #require(RaceRun(request).run())
        var d = DemoDriver(request)
        defer { d.worker.stop() }
        try d.finish()
        let live = try #require(d.app.demo as? ResidualRaceDemo).runners
        #expect(report.finalTrainingLoss == ["plain": live[0].losses.last!, "residual": live[1].losses.last!])
        #expect(report.testAccuracy == ["plain": live[0].testAccuracy!, "residual": live[1].testAccuracy!])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(DemoRun.json(report).utf8)) as? [String: Any])
        #expect((json["final_training_loss"] as? [String: Double])?.keys.sorted() == ["plain", "residual"])
    }

    /// The race's point on a reduced budget (100 steps of 16 images instead of 200 of 32; the
    /// full race's five seeds are measured with `convterm demo race --headless` in issue 13's note).
    @Test func theDeepPlainNetEndsWithTheHighestTrainingLoss() throws {
        let request = LessonDemoRequest(kind: .race, networks: [], options: ["steps": "100", "batch": "16"], seed: 2)
        let report = try #require(RaceRun(request).run())
        #expect(report.nets == ["shallow_plain": "plain8-cifar", "deep_plain": "plain32-cifar", "deep_residual": "resnet32-cifar"])
        let loss = report.finalTrainingLoss
        let deep = try #require(loss["deep_plain"]), shallow = try #require(loss["shallow_plain"]), residual = try #require(loss["deep_residual"])
        // Clear margins, not a coin toss: ln 10 = 2.30 is where every net starts.
        #expect(deep > shallow + 0.2, "deep plain \(deep), shallow plain \(shallow)")
        #expect(deep > residual + 0.2, "deep plain \(deep), deep residual \(residual)")
        #expect(report.degradation == true)
        #expect(report.summary.contains("the deep plain net trains worst: degradation"))
    }
}
