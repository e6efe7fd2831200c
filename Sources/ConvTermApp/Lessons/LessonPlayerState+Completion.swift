import ConvEngine
import Lessons
import TerminalKit

/// What makes a lesson done: its tasks, checked on the live widget, and its quizzes; a step left
/// without either leaves it open, and the lesson list says which.
extension LessonPlayerState {
    /// Looks at the live widget once for the step's task; when the look finishes it, records it
    /// (and returns the save). The dashboard's tasks are checked by the dashboard itself.
    @discardableResult
    mutating func observeTask() -> [Effect] {
        guard var run = task, !run.isMet, let live else { return [] }
        let facts: (String) -> TaskValue?
        switch live.content {
        case .explorer(let app): facts = LessonTaskProbe.facts(app.state)
        case .inspector(let s): facts = LessonTaskProbe.facts(s, name: step.widget?.arguments.first ?? s.name)
        // The edge explorer has no subjects yet (`TaskFields` rejects a task on it).
        case .edges: facts = { _ in nil }
        }
        let finished = run.observe(facts)
        task = run
        guard finished else { return [] }
        taskDone(lessonID: entry.id, step: stepIndex + 1)
        return [.save]
    }

    /// The engine saw the task of `step` (1-based) of lesson `lessonID` met: here, or in the
    /// dashboard the step opened.
    public mutating func taskDone(lessonID: String, step: Int) {
        progress.tasks[lessonID, default: [:]][step] = "done"
        if lessonID == entry.id, step == stepIndex + 1, task != nil, !(task!.isMet) { task = LessonTaskRun(task!.task, met: true) }
        message = "Task done: the engine saw it on the widget."
        finishIfQuizzesDone()
    }

    /// Going on from step `index` without answering its quiz leaves the quiz open ("skipped"); a
    /// wrong answer stays "wrong" (open too), a right or revealed one stays closed.
    mutating func skipQuizIfUnanswered(_ index: Int) {
        if lesson.steps[index].task != nil, progress.tasks[entry.id]?[index + 1] == nil {
            progress.tasks[entry.id, default: [:]][index + 1] = "skipped"
        }
        guard lesson.steps[index].quiz != nil, progress.quizzes[entry.id]?[index + 1] == nil else { return }
        progress.quizzes[entry.id, default: [:]][index + 1] = "skipped"
    }

    /// A lesson is done when its quizzes are: once the student has been through it (every quiz
    /// step has a result), closing its last open quiz finishes it.
    mutating func finishIfQuizzesDone() {
        let quizSteps = lesson.steps.indices.filter { lesson.steps[$0].quiz != nil }.map { $0 + 1 }
        let taskSteps = lesson.steps.indices.filter { lesson.steps[$0].task != nil }.map { $0 + 1 }
        let results = progress.quizzes[entry.id] ?? [:]
        let tasks = progress.tasks[entry.id] ?? [:]
        guard !progress.done.contains(entry.id), quizSteps.allSatisfy({ results[$0] != nil }), taskSteps.allSatisfy({ tasks[$0] != nil }),
              LessonPlayerState.stillOpen(progress, entry.id).isEmpty else { return }
        progress.done.insert(entry.id)
        message = "All of \(lesson.title)'s quizzes and tasks are done: the lesson is finished."
    }

    /// "1 quiz open (step 3)", "2 quizzes open (steps 3, 6)".
    public static func quizzesOpen(_ steps: [Int]) -> String {
        let list = steps.map(String.init).joined(separator: ", ")
        return steps.count == 1 ? "1 quiz open (step \(list))" : "\(steps.count) quizzes open (steps \(list))"
    }

    /// "1 task open (step 4)", "2 tasks open (steps 2, 4)".
    public static func tasksOpen(_ steps: [Int]) -> String {
        let list = steps.map(String.init).joined(separator: ", ")
        return steps.count == 1 ? "1 task open (step \(list))" : "\(steps.count) tasks open (steps \(list))"
    }

    /// What keeps a lesson from being done, in words ("" when nothing): open quizzes and tasks.
    public static func stillOpen(_ progress: LessonProgress, _ lesson: String) -> String {
        let quizzes = progress.openQuizzes(lesson), tasks = progress.openTasks(lesson)
        return [quizzes.isEmpty ? nil : quizzesOpen(quizzes), tasks.isEmpty ? nil : tasksOpen(tasks)].compactMap { $0 }.joined(separator: ", ")
    }
}
