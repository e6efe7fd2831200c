/// An interactive program in the Elm style: keys update a value, the value renders a grid.
public protocol TerminalApp {
    /// How often to redraw when no key arrives (live data such as training progress).
    var frameInterval: Duration { get }
    /// Handles a key; returns false to quit.
    mutating func update(_ key: Key) -> Bool
    /// Called before every frame, to pull in new data; returns false to quit.
    mutating func tick() -> Bool
    func render(into grid: inout CellGrid)
}

extension TerminalApp {
    public var frameInterval: Duration { .milliseconds(100) }
    public mutating func tick() -> Bool { true }
}
