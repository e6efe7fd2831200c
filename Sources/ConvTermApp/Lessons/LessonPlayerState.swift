import ConvEngine
import Lessons
import TerminalKit

/// The lesson player as a value: which screen, which lesson and step, the quiz in progress, and the
/// progress that is saved after every step. `update` turns keys into a new state plus effects.
public struct LessonPlayerState {
    public enum Screen: Hashable, Sendable { case home, lesson }
    /// The home list: lessons, then the three tools.
    public enum HomeEntry: Hashable, Sendable { case lesson(Int), train, inspect, explore }
    public enum Focus: Hashable, Sendable { case text, widget }

    public enum Effect {
        case save
        case quit
        /// From the home screen's tools: full-screen, in place of the player.
        case openExplorer(ExploreState)
        case openInspector(InspectState)
        /// The inspector in the widget pane asked to write its spec to a file.
        case writeSpec(path: String, text: String, overwrite: Bool)
        case launch(LessonLaunch)
        /// From the home screen's Train entry: the dashboard on the ConvNetJS demo net.
        case launchTraining
    }

    public var library: LessonLibrary
    public var progress: LessonProgress
    public var present: Bool
    public var screen: Screen = .home
    public var homeSelection = 0
    /// The digits typed on the home screen just before, so 1 then 2 selects lesson 12.
    var typedDigits = ""
    public var lessonIndex = 0
    public var stepIndex = 0
    public var textScroll = 0
    public var focus: Focus = .text
    public var widgetSelection = 0
    /// The explorer or inspector of this step, live in the widget pane (nil on other steps).
    var live: LessonLiveWidget?
    /// Where `live` belongs, so it can be put away on the shelf when the student leaves it.
    var livePlace: LessonLiveShelf.Place?
    /// The live widgets of steps left earlier in this run, found again on coming back.
    var shelf = LessonLiveShelf()
    /// Set by a q that warned about unwritten inspector edits: the next key, if q, quits anyway.
    var quitWarned = false
    public var showHelp = false
    /// The answer being typed, when the prompt is open.
    public var answer: String?
    var quizView = LessonStepText.QuizView()
    /// The step's task, as far as the engine has seen it met (nil on steps without one).
    public internal(set) var task: LessonTaskRun?
    /// One line at the bottom: a save error, a corrupt progress file, "reached the end".
    public var message: String?

    public init(library: LessonLibrary, progress: LessonProgress, present: Bool = false, message: String? = nil) {
        self.library = library
        self.progress = progress
        self.present = present
        self.message = message
        quizView.present = present
        if let current = progress.current, let i = library.entries.firstIndex(where: { $0.id == current }) {
            homeSelection = i
        }
    }

    public var homeEntries: [HomeEntry] { library.entries.indices.map { .lesson($0) } + [.train, .inspect, .explore] }

    public var entry: LessonLibrary.Entry { library.entries[lessonIndex] }
    public var lesson: Lesson { entry.lesson }
    public var step: Step { lesson.steps[stepIndex] }
    public var evaluator: Evaluator { lesson.evaluator }

    /// Opens lesson `index` at `step` (0-based), or where the student left it.
    public mutating func open(lesson index: Int, step: Int? = nil) -> [Effect] {
        guard library.entries.indices.contains(index), !library.entries[index].lesson.steps.isEmpty else {
            message = "that lesson has problems; run `convterm lessons check`"
            return []
        }
        lessonIndex = index
        screen = .lesson
        let saved = (progress.steps[entry.id] ?? 1) - 1
        go(to: step ?? saved)
        return [.save]
    }

    mutating func go(to step: Int) {
        stepIndex = max(0, min(step, lesson.steps.count - 1))
        textScroll = 0
        widgetSelection = 0
        focus = .text
        if let live, let livePlace { shelf.park(live, at: livePlace) }
        let place = LessonLiveShelf.Place(lessonID: entry.id, step: stepIndex)
        livePlace = place
        live = shelf.take(at: place) ?? self.step.widget.flatMap { LessonWidgetPanel.liveWidget($0, library: lesson.library, present: present) }
        answer = nil
        quizView = LessonStepText.QuizView(present: present)
        task = self.step.task.map { LessonTaskRun($0, met: !present && progress.tasks[entry.id]?[stepIndex + 1] == "done") }
        // On a projector the room has not answered yet: a quiz someone answered earlier on this
        // machine stays closed until it is answered again or revealed with r.
        if !present, progress.quizzes[entry.id]?[stepIndex + 1] == "right" { quizView.answeredRight = true; quizView.feedback = "You answered this one." }
        if !present, progress.quizzes[entry.id]?[stepIndex + 1] == "revealed" { quizView.revealed = true }
        progress.current = entry.id
        progress.steps[entry.id] = stepIndex + 1
    }

    public var stepText: String {
        LessonStepText.text(step, evaluator: evaluator, quiz: quizView, task: task, widgetName: live?.name ?? step.widget?.name)
    }

    // MARK: Keys

    public mutating func update(_ key: Key) -> [Effect] {
        if showHelp { showHelp = false; return [] }
        if key == .resize { return [] }
        let warned = quitWarned
        quitWarned = false
        if warned, key == .char("q") || (screen == .home && key == .escape) { return screen == .lesson ? [.save, .quit] : [.quit] }
        switch screen {
        case .home: return updateHome(key)
        case .lesson: return answer != nil ? updateAnswer(key) : updateLesson(key)
        }
    }

    mutating func updateHome(_ key: Key) -> [Effect] {
        message = nil
        let count = homeEntries.count
        let previousDigits = typedDigits
        typedDigits = ""
        switch key {
        case .char("q"), .escape: return warnBeforeQuitting() ? [] : [.quit]
        case .char("?"): showHelp = true
        case .char("j"), .down: homeSelection = min(count - 1, homeSelection + 1)
        case .char("k"), .up: homeSelection = max(0, homeSelection - 1)
        case .home, .char("g"): homeSelection = 0
        case .end, .char("G"): homeSelection = count - 1
        case .char(let c) where c.isNumber:
            // Digits typed one after the other make one number, as long as a lesson has it:
            // 1 then 2 is lesson 12 (1 alone already selected lesson 1).
            if let n = Int(previousDigits + String(c)), n >= 1, n <= library.entries.count {
                homeSelection = n - 1
                typedDigits = previousDigits + String(c)
            } else if let n = Int(String(c)), n >= 1, n <= library.entries.count {
                homeSelection = n - 1
                typedDigits = String(c)
            }
        case .enter, .char("l"), .right:
            switch homeEntries[homeSelection] {
            case .lesson(let i): return open(lesson: i)
            case .train: return [.launchTraining]
            case .inspect:
                if let s = NetworkLibrary().shapes(named: "vgg16"), let state = try? InspectState(name: "vgg16", origin: "zoo", text: s.spec.text) {
                    return [.openInspector(state)]
                }
            case .explore: return [.openExplorer(ExploreState())]
            }
        default: break
        }
        return []
    }

    mutating func updateLesson(_ key: Key) -> [Effect] {
        message = nil
        if focus == .widget { return updateWidget(key) }
        switch key {
        case .char("q"): return warnBeforeQuitting() ? [] : [.save, .quit]
        case .char("?"): showHelp = true
        case .char("l"), .escape:
            screen = .home
            homeSelection = lessonIndex
            return [.save]
        case .char("n"), .right, .char(" "):
            skipQuizIfUnanswered(stepIndex)
            if stepIndex + 1 < lesson.steps.count {
                go(to: stepIndex + 1)
            } else {
                // Jumping in with --step can pass quizzes and tasks without seeing them: they are open too.
                for (i, s) in lesson.steps.enumerated() where s.quiz != nil || s.task != nil { skipQuizIfUnanswered(i) }
                progress.steps[entry.id] = lesson.steps.count
                screen = .home
                let open = LessonPlayerState.stillOpen(progress, entry.id)
                if open.isEmpty {
                    progress.done.insert(entry.id)
                    homeSelection = min(lessonIndex + 1, library.entries.count - 1)
                    message = "Finished \(lesson.title). Next up: lesson \(homeSelection + 1)."
                } else {
                    homeSelection = lessonIndex
                    message = "End of \(lesson.title); \(open): answer the quizzes (r shows an answer) and do the tasks to finish it."
                }
            }
            return [.save]
        case .char("p"), .left:
            if stepIndex > 0 { go(to: stepIndex - 1) }
            return [.save]
        case .char("j"), .down: textScroll += 1
        case .char("k"), .up: textScroll = max(0, textScroll - 1)
        case .pageDown: textScroll += 10
        case .pageUp: textScroll = max(0, textScroll - 10)
        case .char("h"):
            guard let q = step.quiz else { message = "no quiz on this step"; break }
            if quizView.hintsShown < q.hints.count { quizView.hintsShown += 1 } else { message = q.hints.isEmpty ? "this quiz has no hint" : "no more hints; r reveals the answer" }
        case .char("r"):
            guard step.quiz != nil else { message = "no quiz on this step"; break }
            quizView.revealed = true
            if progress.quizzes[entry.id]?[stepIndex + 1] != "right" {
                progress.quizzes[entry.id, default: [:]][stepIndex + 1] = "revealed"
                finishIfQuizzesDone()
                return [.save]
            }
        case .enter:
            guard step.quiz != nil else { message = "no quiz on this step: n goes on"; break }
            answer = ""
        case LessonLiveWidget.zoomKey where live != nil:
            focus = .widget
            live?.zoomed = true
        case .tab:
            guard let w = step.widget else { message = "no widget on this step"; break }
            if live != nil { focus = .widget; break }
            switch LessonWidgetPanel.action(w, library: lesson.library, lessonID: entry.id, step: stepIndex + 1) {
            case .launchDashboard(var l):
                l.present = present
                if l.demo == nil, let run = task {
                    l.task = run
                    l.taskGoal = run.task.goal.map { (try? $0.render(evaluator)) ?? $0.source }.joined(separator: " ")
                }
                return [.save, .launch(l)]
            case .none: focus = .widget
            }
        default: break
        }
        return []
    }

    mutating func updateWidget(_ key: Key) -> [Effect] {
        if live != nil {
            switch live!.handle(key) {
            case .stay: break
            case .leave: focus = .text
            case .write(let path, let text, let overwrite): return [.writeSpec(path: path, text: text, overwrite: overwrite)] + observeTask()
            }
            return observeTask()
        }
        let rows = step.widget.map { LessonWidgetPanel.rowCount($0, library: lesson.library) } ?? 0
        switch key {
        case .tab, .escape, .backTab: focus = .text
        case .char("j"), .down: widgetSelection = min(max(0, rows - 1), widgetSelection + 1)
        case .char("k"), .up: widgetSelection = max(0, widgetSelection - 1)
        case .pageDown: widgetSelection = min(max(0, rows - 1), widgetSelection + 10)
        case .pageUp: widgetSelection = max(0, widgetSelection - 10)
        case .char("q"): return warnBeforeQuitting() ? [] : [.save, .quit]
        case .char("?"): showHelp = true
        default: break
        }
        return []
    }

    /// Before q quits: a step's inspector may hold edits never written to a file, which quitting
    /// would lose. The first q says where they are (and returns true); a second q quits anyway.
    mutating func warnBeforeQuitting() -> Bool {
        var places = shelf.unwritten
        if let live, live.hasUnwrittenEdits, let livePlace { places.insert(livePlace, at: 0) }
        guard let first = places.first else { return false }
        let lesson = (library.entries.firstIndex { $0.id == first.lessonID } ?? 0) + 1
        quitWarned = true
        message = "Inspector edits in lesson \(lesson) step \(first.step + 1) are in no file: q again quits, w there saves"
        return true
    }

    mutating func updateAnswer(_ key: Key) -> [Effect] {
        switch key {
        case .escape: answer = nil
        case .backspace: if answer?.isEmpty == false { answer!.removeLast() }
        case .char(let c): answer!.append(c)
        case .enter:
            guard let q = step.quiz else { answer = nil; return [] }
            let verdict: QuizJudge.Verdict
            do { verdict = try QuizJudge.judge(answer!, quiz: q, evaluator: evaluator) } catch {
                message = error.description
                answer = nil
                return []
            }
            let typed = answer!
            switch verdict {
            case .right:
                quizView.answeredRight = true
                quizView.feedback = "**Right:** \(typed)."
                progress.quizzes[entry.id, default: [:]][stepIndex + 1] = "right"
                finishIfQuizzesDone()
                answer = nil
                return [.save]
            case .wrong(let why):
                // The judge's message is a whole sentence about what was typed ("75: that is a depth-3 filter...").
                quizView.feedback = "**Not quite:** \(why) Try again (enter), h for a hint, r to reveal."
                if progress.quizzes[entry.id]?[stepIndex + 1] != "right" {
                    progress.quizzes[entry.id, default: [:]][stepIndex + 1] = "wrong"
                }
                answer = nil
                return [.save]
            case .unreadable(let how):
                message = how
            }
        default: break
        }
        return []
    }

    // MARK: Keys shown

    public var footer: [KeyBinding] {
        if answer != nil { return [KeyBinding("enter", "check"), KeyBinding("esc", "cancel")] }
        switch screen {
        case .home:
            return [KeyBinding("enter", "open"), KeyBinding("j/k", "move"), KeyBinding(library.entries.count > 9 ? "1-\(library.entries.count)" : "1-9", "lesson"), KeyBinding("?", "help"), KeyBinding("q", "quit")]
        case .lesson:
            if focus == .widget, let live {
                // The widget's own keys are in its footer, inside the pane.
                let name = live.name
                // While the inspector's editor is open, o is a letter being typed.
                let zoom = live.isTyping ? [] : [KeyBinding("o", live.zoomed ? "back into the pane" : "full screen")]
                return [KeyBinding("tab/esc", "back to the text")] + zoom + [KeyBinding("keys", "go to the \(name)")]
            }
            if focus == .widget { return [KeyBinding("j/k", "scroll"), KeyBinding("tab", "back to text"), KeyBinding("q", "quit")] }
            var keys = [KeyBinding("n", "next"), KeyBinding("p", "prev")]
            if step.quiz != nil { keys += [KeyBinding("enter", "answer"), KeyBinding("h", "hint"), KeyBinding("r", "reveal")] }
            if let live {
                keys += [KeyBinding("tab", "into the \(live.name)"), KeyBinding("o", "full screen")]
            } else if let w = step.widget {
                keys.append(KeyBinding("tab", LessonWidgetPanel.opensFullScreen(w) ? "widget (full screen)" : "widget"))
            }
            keys += [KeyBinding("l", "list"), KeyBinding("?", "help"), KeyBinding("q", "quit")]
            return keys
        }
    }

    public static let helpBindings = [
        KeyBinding("n / space / right", "next step"), KeyBinding("p / left", "previous step"),
        KeyBinding("enter", "answer the quiz"), KeyBinding("h", "show a hint"), KeyBinding("r", "reveal the answer"),
        KeyBinding("tab", "into the widget and back (esc also comes back)"),
        KeyBinding("o", "explorer or inspector full-screen, and back"), KeyBinding("j / k", "scroll"),
        KeyBinding("l / esc", "lesson list"), KeyBinding("?", "this help"), KeyBinding("q", "quit (progress is saved)"),
    ]

    /// The keys, and in projector mode what that mode changes (an instructor may have forgotten
    /// they started with --present, and wonder where the answers went).
    /// On the lesson list, what its marks mean.
    public static let homeMarks = [
        KeyBinding("[x]", "done: every step seen, every quiz answered or revealed"),
        KeyBinding("[>]", "the lesson you are in"), KeyBinding("[~]", "started"), KeyBinding("[ ]", "not started"),
        KeyBinding("N quizzes open", "quizzes you went past without answering (or answered wrong)"),
        KeyBinding("N tasks open", "tasks you went past before the engine saw them done"),
    ]

    public var helpBindings: [KeyBinding] {
        if screen == .home { return LessonPlayerState.homeMarks + LessonPlayerState.helpBindings }
        guard present else { return LessonPlayerState.helpBindings }
        return LessonPlayerState.helpBindings + [
            KeyBinding("--present is on", "quiz answers stay hidden until r, no progress counters,"),
            KeyBinding("", "bigger pictures, no speeds or timings in the demos and dashboard"),
        ]
    }
}
