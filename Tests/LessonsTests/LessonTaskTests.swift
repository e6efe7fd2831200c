import ConvEngine
import Testing
@testable import Lessons

/// Issue 14 item 3: `@task` blocks, their conditions, their stages, and what `lessons check`
/// says about a task that could never turn green.
@Suite struct LessonTaskTests {
    static func lesson(_ body: String) -> String {
        """
        # T

        ```net small
        input 32x32x3
        conv1: conv 6 5x5
        relu
        pool1: maxpool 2x2 stride 2
        ```

        \(body)
        """
    }

    static func check(_ body: String) -> [String] {
        LessonChecker.check(lesson(body), file: "t.lesson").map(\.description)
    }

    @Test func parsesGoalStagesAndConditions() throws {
        let text = Self.lesson("""
        @widget dashboard small

        @task
        goal: Raise it,
        then lower it.
        check: blown-up = yes
        then: lr <= 0.02 and diverged != no
        done: Well seen.
        @end
        """)
        let result = LessonParser.parse(text, file: "t.lesson")
        #expect(result.errors.isEmpty)
        let task = try #require(result.lesson.steps.first?.task)
        #expect(task.goal.map(\.source) == ["Raise it,", "then lower it."])
        #expect(task.stages.count == 2)
        #expect(task.stages[0].map(\.subject) == ["blown-up"])
        #expect(task.stages[1].map(\.op) == [.lessOrEqual, .notEqual])
        #expect(task.stages[1][0].value == .number(0.02))
        #expect(task.stages[1][1].value == .word("no"))
        // Columns are the file's: `lr` starts at column 7 of its line, `0.02` at column 13.
        #expect(task.stages[1][0].location.column == 7)
        #expect(task.stages[1][0].valueLocation.column == 13)
        #expect(LessonChecker.check(text, file: "t.lesson").isEmpty)
    }

    @Test func volumesNumbersAndWords() {
        #expect(TaskValue.parse("16x16x32") == .volume(Volume(width: 16, height: 16, depth: 32)))
        #expect(TaskValue.parse("0.5") == .number(0.5))
        #expect(TaskValue.parse("Conv1") == .word("conv1"))
    }

    @Test func conditionsCompareByKind() {
        func c(_ op: TaskCondition.Operator, _ v: TaskValue) -> TaskCondition {
            TaskCondition(subject: "x", op: op, value: v, location: SourceLocation(line: 1, column: 1), valueLocation: SourceLocation(line: 1, column: 1))
        }
        #expect(c(.lessOrEqual, .number(0.02)).holds(.number(0.02)))
        #expect(!c(.less, .number(0.02)).holds(.number(0.02)))
        #expect(c(.equal, .volume(Volume(width: 4, height: 4, depth: 2))).holds(.volume(Volume(width: 4, height: 4, depth: 2))))
        #expect(!c(.equal, .word("no")).holds(.word("yes")))
        // A subject the widget cannot give (a removed layer) meets nothing.
        #expect(!c(.notEqual, .word("no")).holds(nil))
    }

    @Test func stagesAreMetInOrderOneLookAtATime() {
        let text = Self.lesson("""
        @widget dashboard small

        @task
        goal: Blow it up, then bring it back.
        check: diverged = yes
        then: diverged = no
        @end
        """)
        var run = LessonTaskRun(LessonParser.parse(text, file: "t").lesson.steps[0].task!)
        // The second stage holds, but the first was never seen: nothing.
        #expect(!run.observe { _ in .word("no") })
        #expect(run.stagesMet == 0)
        #expect(!run.observe { _ in .word("yes") })
        #expect(run.stagesMet == 1 && !run.isMet)
        #expect(run.observe { _ in .word("no") })
        #expect(run.isMet)
        // Once met it stays met, whatever happens next.
        #expect(!run.observe { _ in .word("yes") })
        #expect(run.isMet)
    }

    @Test func checkReportsTasksThatCouldNeverBeMet() {
        // An explorer has no `rf`; a dashboard's view is one of four words; `<` on a volume.
        let errors = Self.check("""
        @widget conv-explorer --input 7x7x1 --filter 3x3

        @task
        goal: Something.
        check: rf = 3
        then: fits = maybe and output < 3x3x1
        @end
        """)
        #expect(errors.contains("t.lesson:14:8: the conv-explorer has no `rf` a task can check; it has filled, filter, filters, fits, input, maps, output, output.depth, output.width, pad, stride, window"))
        #expect(errors.contains("t.lesson:15:14: `fits` is one of yes, no; `maybe` is none of them"))
        #expect(errors.contains { $0.hasPrefix("t.lesson:15:24: `<` compares numbers") })
    }

    @Test func checkReportsBadValuesLayersAndPlacement() {
        let errors = Self.check("""
        @widget dashboard small

        @task
        goal: Select it.
        check: selected = conv9 and lr = fast
        @end

        ---
        No widget here.

        @task
        goal: Nothing to do it on.
        check: stride = 2
        @end
        """)
        #expect(errors.contains("t.lesson:14:19: `small` has no layer `conv9` (layers: input, conv1, relu1, pool1)"))
        #expect(errors.contains("t.lesson:14:34: `lr` is a number, so `fast` can never match it"))
        #expect(errors.contains { $0.hasPrefix("t.lesson:20:1: a task is checked on the step's live widget, and this step has no widget") })
    }

    @Test func inspectorSubjectsAreTheNetworksFields() {
        #expect(Self.check("""
        @widget inspector small

        @task
        goal: Make conv1 output 16x16x32.
        check: conv1.output = 16x16x32 and conv1.rf > 5 and total.params < 10000
        @end
        """).isEmpty)
        let errors = Self.check("""
        @widget inspector small

        @task
        goal: Make conv1 output 16x16x32.
        check: conv7.output = 16x16x32 and conv1.output = 12
        @end
        """)
        #expect(errors.contains { $0.hasPrefix("t.lesson:14:8: the inspector has no `conv7.output` a task can check") })
        #expect(errors.contains("t.lesson:14:51: `conv1.output` is a volume, written like 16x16x32, so `12` can never match it"))
    }

    @Test func syntaxErrorsPointAtTheirPlace() {
        let errors = Self.check("""
        @widget conv-explorer --input 7x7x1

        @task
        goal: Go.
        then: stride = 2
        check: stride 2
        check: = 2
        hint: no hints in tasks
        """)
        #expect(errors.contains("t.lesson:14:1: `then:` comes after a `check:` line: the first stage is `check:`"))
        #expect(errors.contains("t.lesson:15:8: `stride 2` has no comparison: write `SUBJECT OP VALUE` with one of = != < <= > >="))
        #expect(errors.contains("t.lesson:16:8: `` is not a subject: one word such as `stride` or `conv1.output` before `=`"))
        #expect(errors.contains { $0.hasPrefix("t.lesson:17:1: inside @task, expected `goal:`, `check:`, `then:` or `done:`") })
        #expect(errors.contains("t.lesson:12:1: unclosed `@task`: end it with a line `@end`"))
    }

    @Test func aTaskNeedsAGoalAndACheckAndOneAStep() {
        let errors = Self.check("""
        @widget conv-explorer --input 7x7x1

        @task
        @end

        @task
        goal: Again.
        check: fits = no
        @end
        """)
        #expect(errors.contains("t.lesson:12:1: the task has no `goal:` (what the student should do, in a sentence)"))
        #expect(errors.contains { $0.hasPrefix("t.lesson:12:1: the task has no `check:` line") })
        #expect(errors.contains { $0.hasPrefix("t.lesson:15:1: a step holds one task; this is its second") })
    }

    @Test func liveWidgetsHideOnlyWhatTheyShow() {
        #expect(Self.check("@widget conv-explorer --input 7x7x1 --hide output,stride").isEmpty)
        #expect(Self.check("@widget inspector small --hide conv1.output").isEmpty)
        let errors = Self.check("@widget conv-explorer --input 7x7x1 --hide answer")
        #expect(errors.contains { $0.hasPrefix("t.lesson:10:1: widget `conv-explorer`: `--hide answer` is nothing it shows") })
    }

    @Test func progressKeepsTasks() throws {
        var p = LessonProgress()
        p.tasks = ["05-train-live": [3: "done", 4: "skipped"]]
        #expect(p.text.contains("task 05-train-live 3 done\ntask 05-train-live 4 skipped\n"))
        let back = try LessonProgress.parse(p.text)
        #expect(back.tasks == p.tasks)
        #expect(back.openTasks("05-train-live") == [4])
        #expect(throws: LessonProgress.Corrupt.self) { try LessonProgress.parse("convterm-progress 1\ntask x 3 maybe\n") }
    }

    @Test func lnAndExpCompute() throws {
        let text = Self.lesson("Chance loss {{ ln(10) | fixed 3 }}, e = {{ exp(1) | fixed 2 }}, {{ ln(0) }}")
        let errors = LessonChecker.check(text, file: "t.lesson").map(\.description)
        #expect(errors == ["t.lesson:10:68: `ln` of 0: the logarithm is defined for positive numbers only"])
        let lesson = LessonParser.parse(Self.lesson("{{ ln(10) | fixed 3 }} {{ exp(1) | fixed 2 }}"), file: "t").lesson
        #expect(try LessonRenderer.renderStep(lesson.steps[0], evaluator: lesson.evaluator, showAnswers: true).contains("2.303 2.72"))
    }
}
