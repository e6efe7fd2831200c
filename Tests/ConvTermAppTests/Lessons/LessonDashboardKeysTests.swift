import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Issue 14 slip 2: lesson 5 told students that + and - change the learning rate (they change the
/// speed) and that q simply comes back (it asks first when training is unsaved). The lesson's
/// sentences about keys must name the keys the dashboard's own help gives for the same action.
@Suite struct LessonDashboardKeysTests {
    /// The sentence of lesson 5's first experiment (where its keys are listed) that mentions `phrase`.
    func sentence(mentioning phrase: String) throws -> String {
        let library = try LessonLibrary(directory: LessonPlayerTests.directory)
        let lesson = try #require(library.entries.first { $0.id.hasPrefix("05-") }).lesson
        let step = try #require(lesson.steps.first { $0.heading?.hasPrefix("Experiment 1") == true })
        let text = try LessonRenderer.renderStep(step, evaluator: lesson.evaluator, showAnswers: false)
            .replacingOccurrences(of: "\n", with: " ")
        let clauses = text.split(separator: ",").map(String.init)
        return try #require(clauses.first { $0.contains(phrase) }, "lesson 5 says nothing about \(phrase)")
    }

    /// The dashboard help's keys for `action`, e.g. ["[", "]"] for the learning rate.
    func keys(for action: String) throws -> [String] {
        let binding = try #require(DashboardKeys.help.first { $0.action.contains(action) })
        return binding.key.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    @Test func theLearningRateAndSpeedKeysAreTheDashboards() throws {
        let rate = try sentence(mentioning: "learning rate")
        for key in try keys(for: "learning rate") { #expect(rate.contains("`\(key)`"), "\(rate)") }
        #expect(!rate.contains("+"), "\(rate)")
        let speed = try sentence(mentioning: "faster")
        for key in try keys(for: "faster") { #expect(speed.contains("`\(key)`"), "\(speed)") }
    }

    @Test func qAsksBeforeLeavingWhenTrainingIsUnsaved() throws {
        #expect(try keys(for: "quit") == ["q"])
        #expect(DashboardKeys.help.first { $0.key == "q" }?.action.contains("asks") == true)
        let text = try sentence(mentioning: "q leaves")
        #expect(text.contains("asks"), "\(text)")
    }
}
