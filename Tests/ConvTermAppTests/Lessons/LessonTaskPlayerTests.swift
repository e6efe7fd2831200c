import ConvEngine
import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// Issue 14 item 3: tasks checked by the engine on the widget's state, green once met, and a
/// lesson done only when its tasks are.
@Suite struct LessonTaskPlayerTests: LessonPlayerFixture {
    /// Lesson 3's explorer step ("pick a stride that doesn't fit").
    func strideStep(_ s: inout LessonPlayerState) throws {
        let index = try #require(s.lesson(3).steps.firstIndex { $0.task?.stages.first?.first?.subject == "fits" })
        _ = s.open(lesson: 2, step: index)
    }

    @Test func theExplorerTaskTurnsGreenWhenTheStrideDoesNotFit() throws {
        var s = try player()
        try strideStep(&s)
        #expect(s.task?.isMet == false)
        #expect(screen(s).contains("[ ] Task: In the explorer"))
        _ = s.update(.tab)
        // 7x7, 3x3, stride 2 fits; stride 3 does not: (7 - 3)/3 + 1 is not whole.
        let effects = s.update(.char("S"))
        #expect(s.task?.isMet == true)
        #expect(effects.contains { if case .save = $0 { true } else { false } })
        #expect(s.progress.tasks["03-stacking"]?[s.stepIndex + 1] == "done")
        _ = s.update(.tab)
        let g = grid(s)
        let text = g.trimmedLines.joined(separator: "\n")
        #expect(text.contains("[x] Task: In the explorer"))
        #expect(text.contains("The engine refuses it"))
        // Green: the mark's cells are drawn in the task-done colour.
        let row = try #require(g.trimmedLines.firstIndex { $0.contains("[x] Task:") })
        let x = try #require(g.trimmedLines[row].range(of: "[x]").map { g.trimmedLines[row].distance(from: g.trimmedLines[row].startIndex, to: $0.lowerBound) })
        #expect(g[x + 1, row].foreground == .green)
    }

    @Test func theInspectorTaskIsCheckedOnTheEditedNetwork() throws {
        var s = try player()
        let index = try #require(s.lesson(3).steps.lastIndex { $0.task != nil })
        _ = s.open(lesson: 2, step: index)
        _ = s.update(.tab)
        _ = s.update(.char("j"))
        func edit(_ line: String) {
            _ = s.update(.char("e"))
            for _ in 0..<40 { _ = s.update(.backspace) }
            for c in line { _ = s.update(.char(c)) }
            _ = s.update(.enter)
        }
        // Right depth, wrong size: not yet.
        edit("conv1: conv 32 5x5")
        #expect(s.task?.isMet == false)
        edit("conv1: conv 32 4x4 stride 2 pad 1")
        #expect(s.task?.isMet == true)
    }

    @Test func goingPastATaskLeavesItOpenAndTheLessonUnfinished() throws {
        var s = try player()
        let lesson = s.lesson(3)
        _ = s.open(lesson: 2, step: 0)
        for _ in lesson.steps { _ = s.update(.char("r")); _ = s.update(.char("n")) }
        #expect(!s.progress.done.contains("03-stacking"))
        let tasks = lesson.steps.filter { $0.task != nil }.count
        #expect(tasks >= 2)
        #expect(s.progress.openTasks("03-stacking").count == tasks)
        #expect(s.message?.contains("\(tasks) tasks open") == true)
        #expect(screen(s).contains("\(tasks) tasks open"))
        // Doing them afterwards finishes the lesson.
        for step in s.progress.openTasks("03-stacking") { s.taskDone(lessonID: "03-stacking", step: step) }
        _ = s.open(lesson: 2, step: 0)
        s.finishIfQuizzesDone()
        #expect(s.progress.done.contains("03-stacking"))
    }

    @Test func aDashboardStepHandsItsTaskToTheDashboard() throws {
        var s = try player()
        let index = try #require(s.lesson(5).steps.firstIndex { $0.task != nil && $0.widget?.name == "dashboard" })
        _ = s.open(lesson: 4, step: index)
        #expect(screen(s).contains("In the dashboard (tab)"))
        let launch = try #require(s.update(.tab).compactMap { if case .launch(let l) = $0 { l } else { nil } }.first)
        #expect(launch.task?.isMet == false)
        #expect(launch.taskGoal.hasPrefix("Select conv1"))
        let configuration = LessonSession.configuration(for: launch)
        #expect(configuration.task != nil && configuration.taskGoal == launch.taskGoal)
        // What LessonSession does when the dashboard comes back with the task met.
        s.taskDone(lessonID: launch.lessonID, step: launch.step)
        #expect(s.task?.isMet == true)
        #expect(s.progress.tasks["05-train-live"]?[launch.step] == "done")
    }

    @Test func theDashboardChecksSelectAndShowFilters() {
        let text = """
        # T
        @widget dashboard convnetjs-cifar10
        @task
        goal: Select conv1 and show its filters.
        check: selected = conv1 and view = weights
        @end
        """
        var s = DashboardFixtures.trainedState()
        s.task = LessonTaskRun(LessonParser.parse(text, file: "t").lesson.steps[0].task!)
        s.taskGoal = "Select conv1 and show its filters."
        s = DashboardFixtures.keys(s, [.char("j"), .tab]).0
        #expect(s.task?.isMet == false)  // conv1's activation gradients, not yet its weights
        s = DashboardFixtures.keys(s, [.tab]).0
        #expect(s.selectedRow.name == "conv1" && s.viewMode == .weights)
        #expect(s.task?.isMet == true)
        let g = DashboardFixtures.render(s, width: 80, height: 24)
        let lines = g.trimmedLines
        #expect(lines[1].contains("[x] Task done: Select conv1"))
        #expect(g[2, 1].foreground == .green)
        // The footer still shows q at 80x24 with the extra line.
        #expect(lines[23].contains("q quit"))
    }

    @Test func blownUpMeansNaNOrBackToGuessingAfterLearning() {
        var s = DashboardFixtures.state()
        let chance = log(10.0)
        s.progress.averageLoss = chance * 1.05
        s.history.loss = [(0, chance), (50, chance * 0.7)]
        // An untrained net hovering at chance, or one still learning, has not blown up.
        #expect(LessonTaskProbe.blownUp(s) == false)
        s.history.loss.append((100, chance * 0.2))
        #expect(LessonTaskProbe.blownUp(s) == true)
        // A dead net sits right at chance (what the lesson-5 run in tmux showed at lr 0.64).
        s.progress.averageLoss = chance
        #expect(LessonTaskProbe.blownUp(s) == true)
        s.progress.averageLoss = chance * 0.8
        #expect(LessonTaskProbe.blownUp(s) == false)
        s.progress.diverged = true
        #expect(LessonTaskProbe.blownUp(s) == true)
    }

    @Test func theLearningRateTaskNeedsTheBlowUpFirst() throws {
        let lesson = try player().lesson(5)
        let task = try #require(lesson.steps.compactMap(\.task).first { $0.stages.count == 2 })
        var s = DashboardFixtures.trainedState(paused: false)
        s.task = LessonTaskRun(task)
        s.learningRate = 0.01
        s = DashboardUpdate.update(s, .frame(now: 1)).0
        #expect(s.task?.stagesMet == 0)  // a sane rate before anything blew up is not "brought back"
        var e = DashboardFixtures.event()
        e.diverged = true
        s = DashboardUpdate.update(s, .trained([e])).0
        #expect(s.task?.stagesMet == 1)
        for _ in 0..<6 { s = DashboardFixtures.key(s, .char("[")).0 }
        #expect(s.task?.isMet == false)  // still paused after the NaN
        s = DashboardFixtures.key(s, .char(" ")).0
        #expect(s.task?.isMet == true)
    }

    /// At 80 columns a long goal takes two lines rather than losing its end; the footer stays.
    @Test func aLongGoalWrapsInTheDashboardAt80Columns() throws {
        let lesson = try player().lesson(5)
        let task = try #require(lesson.steps.compactMap(\.task).first { $0.stages.count == 2 })
        var s = DashboardFixtures.trainedState()
        s.task = LessonTaskRun(task)
        s.taskGoal = task.goal.map(\.source).joined(separator: " ")
        let lines = DashboardFixtures.render(s, width: 80, height: 24).trimmedLines
        let shown = (lines[1] + " " + lines[2]).split(separator: " ").joined(separator: " ")
        #expect(shown.contains(s.taskGoal.split(separator: " ").joined(separator: " ")), "\(lines[1])\n\(lines[2])")
        #expect(!lines[2].contains("…"))
        #expect(lines[23].contains("q quit"))
    }

    /// A task already met when its step opens teaches nothing: every repository task starts unmet.
    @Test func noTaskIsMetBeforeTheStudentActs() throws {
        let library = try LessonLibrary(directory: LessonPlayerTests.directory)
        var seen = 0
        for entry in library.entries {
            for step in entry.lesson.steps {
                guard let task = step.task, let w = step.widget else { continue }
                var run = LessonTaskRun(task)
                if w.name == "dashboard" {
                    var s = DashboardFixtures.state(paused: false)
                    s.learningRate = 0.01
                    run.observe(LessonTaskProbe.facts(s))
                } else {
                    let live = try #require(LessonWidgetPanel.liveWidget(w, library: entry.lesson.library))
                    switch live.content {
                    case .explorer(let app): run.observe(LessonTaskProbe.facts(app.state))
                    case .inspector(let i): run.observe(LessonTaskProbe.facts(i, name: w.arguments[0]))
                    case .edges: Issue.record("\(entry.id): a task on the edge explorer, which has no subjects")
                    }
                }
                #expect(run.stagesMet == 0, "\(entry.id):\(task.location.line): the task is met before the student does anything")
                seen += 1
            }
        }
        #expect(seen >= 4)
    }
}

extension LessonPlayerState {
    /// Lesson `n` (1-based) of the library.
    func lesson(_ n: Int) -> Lesson { library.entries[n - 1].lesson }
}
