import TerminalKit

/// Runs one demo full-screen until q, tab or esc returns to the lesson (or quits `convterm demo`).
/// A program like every screen: keys, frames and the reports of its background work are messages;
/// the work itself is a `DemoEffect` that the host hands to a `DemoWorker`.
public struct LessonDemoApp: Program {
    public enum Message: Sendable {
        case input(TerminalInput)
        /// A report of background job `job`. Reports of a job that was since replaced (r
        /// restarts the race) may still be waiting in the inbox; they are dropped.
        case work(job: Int, DemoReport)
    }

    public typealias Effect = DemoEffect

    var demo: any DemoState
    /// The number the next reports must carry; it grows with every restart.
    public private(set) var job = 0
    private var started = false
    /// Seconds since the demo opened, from the last frame.
    public private(set) var now: Double = 0
    public private(set) var showHelp = false
    public private(set) var isFinished = false
    public static let minimumSize = Size(width: 60, height: 16)
    /// Run by `convterm demo` rather than from a lesson: q quits instead of going back.
    public private(set) var standalone = false

    /// The demo, not yet started: its work is asked for on the first frame.
    public init(_ request: LessonDemoRequest, standalone: Bool = false) {
        self.standalone = standalone
        switch request.kind {
        case .seeing: demo = SeeingDemo(request)
        case .parallel: demo = ParallelDemo(request)
        case .race: demo = ResidualRaceDemo(request)
        case .transfer: demo = TransferDemo(request)
        case .segment: demo = SegmentDemo(request)
        case .localize: demo = LocalizeDemo(request)
        }
    }

    init(demo: any DemoState) {
        self.demo = demo
    }

    public var title: String { demo.title }
    /// Everything asked for has come back.
    public var workDone: Bool { started && demo.workDone }

    public var frameInterval: Duration { .milliseconds(100) }

    public static func message(_ input: TerminalInput) -> Message { .input(input) }

    public mutating func update(_ message: Message) -> [DemoEffect] {
        switch message {
        case .input(.key(let key)):
            return handle(key)
        case .input(.frame(let now)):
            self.now = now
            demo.frame(now: now)
            // Update is the one place effects come from, and the host sends a frame before it
            // first draws: so the work starts there.
            guard !started, !isFinished else { return [] }
            started = true
            return effects(demo.start())
        case .work(let job, let report):
            guard job == self.job, !isFinished else { return [] }
            return effects(demo.receive(report))
        }
    }

    mutating func handle(_ key: Key) -> [DemoEffect] {
        if showHelp {
            showHelp = false
            return []
        }
        switch key {
        case .char("q"), .tab, .backTab, .escape:
            isFinished = true
            // The student left: the training stops within one batch.
            return [.cancel]
        case .char("?"):
            showHelp = true
            return []
        case .resize:
            return []
        default:
            return effects(demo.handle(key))
        }
    }

    private mutating func effects(_ actions: [DemoAction]) -> [DemoEffect] {
        actions.flatMap { action -> [DemoEffect] in
            switch action {
            case .run(let work):
                return [.start(job: job, DemoWork(work))]
            case .restart(let work):
                job += 1
                return [.cancel, .start(job: job, DemoWork(work))]
            }
        }
    }

    public var footer: [KeyBinding] {
        demo.keys + [KeyBinding("?", "help"), standalone ? KeyBinding("q", "quit") : KeyBinding("tab/q", "back to the lesson")]
    }

    public func view(into grid: inout CellGrid) {
        grid.fill(grid.bounds)
        if TooSmallScreen.isTooSmall(grid, required: LessonDemoApp.minimumSize) {
            TooSmallScreen(required: LessonDemoApp.minimumSize, actual: Size(width: grid.width, height: grid.height),
                           hint: "enlarge the window, or press q to go back").render(into: &grid, area: grid.bounds)
            return
        }
        StatusLine(left: " " + demo.title, right: "live demo ").render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: 1))
        demo.render(into: &grid, area: Rect(x: 1, y: 2, width: grid.width - 2, height: grid.height - 4))
        KeyFooter(footer).render(into: &grid, area: Rect(x: 0, y: grid.height - 1, width: grid.width, height: 1))
        if showHelp {
            HelpOverlay(title: demo.title, bindings: demo.keys + [KeyBinding("?", "this help"),
                                                                   KeyBinding("tab / q / esc", standalone ? "quit" : "back to the lesson")])
                .render(into: &grid, area: grid.bounds)
        }
    }
}

extension LessonDemoApp {
    /// The demo hosted with a worker of its own that posts into the host's inbox: what
    /// `convterm demo` runs and tests drive. The caller stops the worker on every way out
    /// (q already cancels the work, but a signal never reaches update).
    public static func hosted(_ request: LessonDemoRequest, standalone: Bool = false) -> (host: ProgramHost<LessonDemoApp>, worker: DemoWorker) {
        let inbox = Inbox<Message>()
        let worker = DemoWorker { job, report in inbox.post(.work(job: job, report)) }
        let host = ProgramHost(LessonDemoApp(request, standalone: standalone), inbox: inbox, perform: { worker.perform($0) })
        return (host, worker)
    }
}
