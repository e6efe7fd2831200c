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

    /// Runs a program's host on `backend` until the program finishes or a signal arrives. The
    /// backend is closed on every way out. Frames (a `frame(now)` message, then a draw) come at
    /// most every `minimumKeyFrameGap` after keys (so held keys do not flood a slow link) and at
    /// least every `frameInterval`.
    @discardableResult
    public static func run<P: Program>(
        _ host: inout ProgramHost<P>, on backend: any TerminalBackend, minimumKeyFrameGap: Duration = .milliseconds(16)
    ) -> Outcome {
        defer { backend.close() }
        let clock = ContinuousClock()
        let started = clock.now
        var lastDraw = clock.now
        func frame() {
            host.frame(now: (clock.now - started).seconds)
            guard !host.isFinished else { return }
            var grid = backend.makeGrid()
            host.view(into: &grid)
            backend.draw(grid)
            lastDraw = clock.now
        }
        frame()
        if host.isFinished { return .finished }
        var dirty = false
        while true {
            if let s = backend.interruption { return .interrupted(signal: s) }
            let since = clock.now - lastDraw
            let interval = host.program.frameInterval
            let wait = dirty ? minimumKeyFrameGap - since : interval - since
            var forced = false
            if let key = backend.readKey(timeout: max(0, milliseconds(wait))) {
                host.key(key)
                if host.isFinished { return .finished }
                dirty = true
                forced = key == .resize
                // Keys typed in a burst are applied together; the frame follows within the gap.
                if !forced && clock.now - lastDraw < minimumKeyFrameGap { continue }
            }
            if let s = backend.interruption { return .interrupted(signal: s) }
            let elapsed = clock.now - lastDraw
            if forced || elapsed >= host.program.frameInterval || (dirty && elapsed >= minimumKeyFrameGap) {
                frame()
                if host.isFinished { return .finished }
                dirty = false
            }
        }
    }

    /// Opens the real terminal, runs the host, and closes it. Returns the exit status
    /// (0, 130, 143); throws `TerminalError` if there is no usable terminal (exit 2).
    public static func runInTerminal<P: Program>(_ host: inout ProgramHost<P>) throws -> Int32 {
        let backend = try CursesBackend()
        return run(&host, on: backend).exitStatus
    }

    static func milliseconds(_ d: Duration) -> Int {
        let (s, atto) = d.components
        return Int(s) * 1000 + Int(atto / 1_000_000_000_000_000)
    }
}
