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
}
