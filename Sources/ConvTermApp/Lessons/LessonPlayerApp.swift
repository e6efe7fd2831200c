import ConvEngine
import Lessons
import TerminalKit

/// The lesson player as a program. It hosts the home screen's tools (explorer, inspector) and
/// the lesson steps' live demos full-screen in place of the player until their own `q`, mapping
/// their messages and effects; a lesson step's explorer or inspector lives inside the player's
/// state instead (its widget pane). Saving progress, writing specs and a demo's background work
/// are effects; their results come back as messages.
public struct LessonPlayerApp: Program {
    public enum Message: Sendable {
        case input(TerminalInput)
        /// The progress file was written (nil) or could not be (why).
        case progressSaved(problem: String?)
        /// What became of the spec the step's inspector asked to write.
        case specWritten(InspectState.EffectResult)
        /// A message for the full-screen inspector.
        case inspector(InspectApp.Message)
        /// A message for the live demo (the reports of its background work).
        case demo(LessonDemoApp.Message)
    }

    public enum Effect {
        case saveProgress(LessonProgress)
        case writeSpec(path: String, text: String, overwrite: Bool)
        /// The full-screen inspector's own effect (a write), answered with `.inspector(.wrote)`.
        case inspector(InspectEffect)
        /// The live demo's background work, started or cancelled; its reports come back as `.demo`.
        case demo(DemoEffect)
    }

    public var state: LessonPlayerState
    /// Set when the player steps aside for the training dashboard (run by the caller).
    public private(set) var launch: LessonLaunch?
    public private(set) var launchTraining = false
    public private(set) var isFinished = false
    var explorer: ExploreApp?
    var inspector: InspectApp?
    var demo: LessonDemoApp?

    public init(state: LessonPlayerState) {
        self.state = state
    }

    public static func message(_ input: TerminalInput) -> Message { .input(input) }

    public var frameInterval: Duration { demo?.frameInterval ?? explorer?.frameInterval ?? state.live?.frameInterval ?? .seconds(1) }

    public mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .input(.key(let key)):
            return handle(key)
        case .input(.frame(let now)):
            if demo != nil { return demo!.update(.input(.frame(now: now))).map { .demo($0) } }
            _ = explorer?.update(.frame(now: now))
            state.live?.frame(now: now)
            // The explorer's animation moves on frames: a task about it can be met without a key.
            return state.observeTask().isEmpty ? [] : [.saveProgress(state.progress)]
        case .progressSaved(let problem):
            if let problem { state.message = problem }
            return []
        case .specWritten(let result):
            state.live?.receive(result)
            return []
        case .inspector(let m):
            return (inspector?.update(m) ?? []).map { .inspector($0) }
        case .demo(let m):
            // Reports that arrive after the demo closed belong to cancelled work.
            return (demo?.update(m) ?? []).map { .demo($0) }
        }
    }

    mutating func handle(_ key: Key) -> [Effect] {
        if demo != nil {
            let effects = demo!.update(.input(.key(key)))
            if demo!.isFinished {
                demo = nil
                state.message = "Back from the live demo."
            }
            return effects.map { .demo($0) }
        }
        if explorer != nil {
            _ = explorer!.update(.key(key))
            if explorer!.isFinished { explorer = nil }
            return []
        }
        if inspector != nil {
            let effects = inspector!.update(.input(.key(key)))
            if inspector!.isFinished { inspector = nil }
            return effects.map { .inspector($0) }
        }
        var out: [Effect] = []
        for effect in state.update(key) {
            switch effect {
            case .save:
                out.append(.saveProgress(state.progress))
            case .quit:
                isFinished = true
                return out
            case .openExplorer(let s):
                explorer = ExploreApp(state: s)
            case .openInspector(let s):
                inspector = InspectApp(state: s)
            case .writeSpec(let path, let text, let overwrite):
                out.append(.writeSpec(path: path, text: text, overwrite: overwrite))
            case .launch(let l) where l.demo != nil:
                // Its work starts on the next frame, which goes to the demo from now on.
                demo = LessonDemoApp(l.demo!)
                return out
            case .launch(let l):
                launch = l
                isFinished = true
                return out
            case .launchTraining:
                launchTraining = true
                isFinished = true
                return out
            }
        }
        return out
    }

    public func view(into grid: inout CellGrid) {
        if let demo { demo.view(into: &grid); return }
        if let explorer { explorer.view(into: &grid); return }
        if let inspector { inspector.view(into: &grid); return }
        state.render(into: &grid)
    }

    /// A host whose effects write the progress file and specs and run the demos' work.
    public static func host(state: LessonPlayerState, store: ProgressStore) -> ProgramHost<LessonPlayerApp> {
        hosted(state: state, store: store).host
    }

    /// The host, and the worker of its demos, which the caller stops on every way out.
    public static func hosted(state: LessonPlayerState, store: ProgressStore) -> (host: ProgramHost<LessonPlayerApp>, demos: DemoWorker) {
        let inbox = Inbox<Message>()
        let demos = DemoWorker { job, report in inbox.post(.demo(.work(job: job, report))) }
        let host = ProgramHost(LessonPlayerApp(state: state), inbox: inbox) { effect in
            switch effect {
            case .saveProgress(let progress):
                inbox.post(.progressSaved(problem: store.save(progress)))
            case .writeSpec(let path, let text, let overwrite):
                inbox.post(.specWritten(InspectApp.write(text, to: path, overwrite: overwrite)))
            case .inspector(let e):
                if case .write(let path, let text, let overwrite) = e {
                    inbox.post(.inspector(.wrote(InspectApp.write(text, to: path, overwrite: overwrite))))
                }
            case .demo(let e):
                demos.perform(e)
            }
        }
        return (host, demos)
    }
}
