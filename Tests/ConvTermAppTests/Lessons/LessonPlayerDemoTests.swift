import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// The lesson player hosts a step's live demo in place of itself: keys and frames go to the demo,
/// the demo's effects come out as the player's, and q brings the lesson back.
@Suite struct LessonPlayerDemoTests: LessonPlayerFixture {
    func demoEffects(_ effects: [LessonPlayerApp.Effect]) -> [DemoEffect] {
        effects.compactMap { if case .demo(let e) = $0 { e } else { nil } }
    }

    @Test func tabOpensTheDemoInsideThePlayerAndQComesBack() throws {
        var s = try player()
        _ = s.open(lesson: 7, step: 0)
        s.go(to: try #require(s.lesson.steps.firstIndex { $0.widget?.name == "race" }))
        var app = LessonPlayerApp(state: s)
        #expect(demoEffects(app.update(.input(.key(.tab)))).isEmpty)
        #expect(app.demo != nil && !app.isFinished && app.launch == nil)

        let started = demoEffects(app.update(.input(.frame(now: 1))))
        guard started.count == 1, case .start(0, let work) = started[0], case .race(let race) = work.kind else {
            Issue.record("the first frame should start the race: \(started)")
            return
        }
        #expect(race.nets.map(\.name) == ["plain8-cifar", "plain32-cifar", "resnet32-cifar"])
        // The demo's reports reach it through the player.
        _ = app.update(.demo(.work(job: 0, DemoReport(.race(.step(1, losses: [2, 3, 1], seconds: [0, 0, 0]))))))
        #expect((app.demo?.demo as? ResidualRaceDemo)?.runners.map(\.losses) == [[2], [3], [1]])
        var grid = CellGrid(width: 100, height: 30)
        app.view(into: &grid)
        #expect(grid.trimmedLines.joined(separator: "\n").contains("Depth without shortcuts, live"))

        let back = demoEffects(app.update(.input(.key(.char("q")))))
        guard back.count == 1, case .cancel = back[0] else { Issue.record("q should cancel: \(back)"); return }
        #expect(app.demo == nil && !app.isFinished)
        #expect(app.state.message == "Back from the live demo.")
        // A report that was on its way when the demo closed is dropped.
        #expect(app.update(.demo(.work(job: 0, DemoReport(.race(.tested(net: 0, accuracy: 1)))))).isEmpty)
    }
}
