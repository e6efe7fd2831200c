import Foundation
import Testing

/// The lesson player in a real terminal: answer wrongly then rightly, advance, quit, resume.
@Suite struct LessonsEndToEndTests {
    static let lessons: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("lessons").path

    @Test func answerAdvanceQuitAndResumeAtTheSameStep() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-e2e-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: state) }
        let env = ["XDG_STATE_HOME": state, "CONVTERM_LESSONS": LessonsEndToEndTests.lessons]

        guard let first = try TmuxSession.start(["lesson", "2"], width: 120, height: 40, environment: env) else { return }
        defer { first.kill() }
        try first.waitFor("Lesson 2: The convolution layer")
        try first.waitFor("step 1/8")
        first.send("n")
        first.send("n")
        try first.waitFor("step 3/8")
        // The quiz: weights of one 5x5 filter on a 32x32x3 input (5*5*3).
        first.send("Enter")
        try first.waitFor("answer>")
        first.type("74")
        first.send("Enter")
        try first.waitFor("Not quite")
        first.send("Enter")
        first.type("75")
        first.send("Enter")
        try first.waitFor("Right:")
        try first.waitFor("5 \\* 5 \\* 3 = 75 weights")
        first.send("n")
        try first.waitFor("step 4/8")
        first.send("q")
        try first.waitFor("EXIT=0")

        let saved = try String(contentsOfFile: state + "/convterm/progress.txt", encoding: .utf8)
        #expect(saved.contains("step 02-convolution 4"))
        #expect(saved.contains("quiz 02-convolution 3 right"))

        guard let second = try TmuxSession.start(["lesson", "2"], width: 120, height: 40, environment: env) else { return }
        defer { second.kill() }
        let screen = try second.waitFor("step 4/8")
        #expect(screen.contains("Sliding gives an activation map"))
        second.send("q")
        try second.waitFor("EXIT=0")

        // No arguments: the home screen, lesson 2 marked current.
        guard let home = try TmuxSession.start([], width: 100, height: 30, environment: env) else { return }
        defer { home.kill() }
        try home.waitFor("\\[>\\] Lesson 2: The convolution layer")
        try home.waitFor("Explore")
        home.send("q")
        try home.waitFor("EXIT=0")
    }
}
