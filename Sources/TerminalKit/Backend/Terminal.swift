/// The app loop: poll keys, draw at a bounded rate, always give the terminal back.
public enum Terminal {
    /// How a run ended, with the exit status the shell expects.
    public enum Outcome: Hashable, Sendable {
        case finished
        case interrupted(signal: Int32)

        /// 0, or 128 + signal (130 for Ctrl-C, 143 for SIGTERM).
        public var exitStatus: Int32 {
            switch self {
            case .finished: return 0
            case .interrupted(let s): return SignalTrap.exitStatus(for: s)
            }
        }
    }

    /// Runs `app` on `backend` until it quits or a signal arrives. The backend is closed on
    /// every way out, including a thrown error. Frames are drawn at most every
    /// `minimumKeyFrameGap` after keys (so held keys do not flood a slow link) and at
    /// least every `app.frameInterval`.
    @discardableResult
    public static func run<App: TerminalApp>(
        _ app: inout App, on backend: any TerminalBackend, minimumKeyFrameGap: Duration = .milliseconds(16)
    ) -> Outcome {
        defer { backend.close() }
        let clock = ContinuousClock()
        var lastDraw = clock.now
        func draw() {
            var grid = backend.makeGrid()
            app.render(into: &grid)
            backend.draw(grid)
            lastDraw = clock.now
        }
        guard app.tick() else { return .finished }
        draw()
        var dirty = false
        while true {
            if let s = backend.interruption { return .interrupted(signal: s) }
            let since = clock.now - lastDraw
            let wait = dirty ? minimumKeyFrameGap - since : app.frameInterval - since
            var forced = false
            if let key = backend.readKey(timeout: max(0, milliseconds(wait))) {
                guard app.update(key) else { return .finished }
                dirty = true
                forced = key == .resize
                // Keys typed in a burst are applied together; the frame follows within the gap.
                if !forced && clock.now - lastDraw < minimumKeyFrameGap { continue }
            }
            if let s = backend.interruption { return .interrupted(signal: s) }
            let elapsed = clock.now - lastDraw
            if forced || elapsed >= app.frameInterval || (dirty && elapsed >= minimumKeyFrameGap) {
                guard app.tick() else { return .finished }
                draw()
                dirty = false
            }
        }
    }

    /// Opens the real terminal, runs `app`, and closes it. Returns the exit status
    /// (0, 130, 143); throws `TerminalError` if there is no usable terminal (exit 2).
    public static func runInTerminal<App: TerminalApp>(_ app: inout App) throws -> Int32 {
        let backend = try CursesBackend()
        return run(&app, on: backend).exitStatus
    }

    static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}
