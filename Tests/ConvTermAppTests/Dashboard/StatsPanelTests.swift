import ConvEngine
import Testing
import TerminalKit
@testable import ConvTermApp

/// The stats panel's learning rate: the base rate `[` `]` change, and the rate the steps use once
/// the schedule has lowered it.
@Suite struct StatsPanelTests {
    func text(_ s: DashboardState, _ tier: DashboardLayout.Tier = .large) -> String {
        StatsPanel(state: s, tier: tier).lines().map { $0.map(\.0).joined() }.joined(separator: "\n")
    }

    @Test func showsTheScheduledRateBesideTheBaseRate() {
        var s = DashboardFixtures.trainedState()
        s.optimizer = .momentum
        s.learningRate = 0.02
        s.progress.learningRateFactor = 1
        #expect(text(s).contains("learning rate 0.02   optimizer"), "no 'now' before the schedule lowers the rate")
        s.progress.learningRateFactor = 0.5
        #expect(text(s).contains("learning rate 0.02, now 0.01"))
        #expect(text(s, .compact).contains("lr 0.02, now 0.01"))
        // `[` halves the base: the rate shown for the next steps follows at once.
        s.learningRate = 0.01
        #expect(text(s).contains("learning rate 0.01, now 0.005"))
        s.optimizer = .adadelta
        #expect(!text(s).contains("now"), "Adadelta has no rate to scale")
    }
}
