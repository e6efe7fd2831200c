/// One shape for every screen (Bubble Tea's model, update, view): the screen is a value,
/// messages change it, and what it wants done outside itself comes back as effects.
///
/// `update` is pure: no clock, thread, file or terminal inside. Time arrives as a
/// `TerminalInput.frame(now:)` message, and the results of effects (a file written, a training
/// step finished) arrive later as messages through the host's `Inbox`. That is what lets pause,
/// speed and schedules be tested as plain functions.
public protocol Program {
    associatedtype Message: Sendable
    associatedtype Effect
    /// How the runtime's own events (a key, a resize, a frame) reach this program.
    static func message(_ input: TerminalInput) -> Message
    /// Applies one message; returns what the host must do.
    mutating func update(_ message: Message) -> [Effect]
    func view(into grid: inout CellGrid)
    /// True once the program is done; the runtime returns after that update's effects ran.
    var isFinished: Bool { get }
    /// How often a frame message arrives when no key does (live data, animations).
    var frameInterval: Duration { get }
}

/// What the runtime itself sends: keys (a resize is `Key.resize`) and the frame clock.
public enum TerminalInput: Hashable, Sendable {
    case key(Key)
    /// Seconds since the program started; sent once per frame, before it is drawn.
    case frame(now: Double)
}

/// A program for which nothing happens outside it.
public enum NoEffect: Hashable, Sendable {}
