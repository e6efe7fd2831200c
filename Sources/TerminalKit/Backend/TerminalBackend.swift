/// Where frames go and keys come from: a real terminal (`CursesBackend`) or memory (`MemoryBackend`).
public protocol TerminalBackend: AnyObject {
    /// The current size in cells (changes after a `.resize` key).
    var size: Size { get }
    var capabilities: Capabilities { get }
    /// Shows a whole frame. A grid of another size than the terminal is clipped.
    func draw(_ grid: CellGrid)
    /// The next key, waiting at most `timeout` milliseconds (0 polls); nil if none came.
    func readKey(timeout: Int) -> Key?
    /// The signal (SIGINT 2, SIGTERM 15) that asked the app to stop, if one arrived.
    var interruption: Int32? { get }
    /// Gives the terminal back. Safe to call more than once.
    func close()
}

extension TerminalBackend {
    /// A blank grid of the terminal's current size and capabilities, ready to render into.
    public func makeGrid() -> CellGrid {
        CellGrid(width: size.width, height: size.height, capabilities: capabilities)
    }
}
