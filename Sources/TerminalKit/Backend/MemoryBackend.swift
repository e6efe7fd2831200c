/// A terminal in memory for tests: keeps the last frame drawn and replays a scripted queue
/// of keys (and, optionally, a signal once the keys run out).
public final class MemoryBackend: TerminalBackend {
    public var size: Size
    public var capabilities: Capabilities
    public private(set) var lastGrid: CellGrid?
    public private(set) var drawCount = 0
    public private(set) var isClosed = false
    public var keys: [Key]
    /// Delivered as `interruption` once the key queue is empty, to script Ctrl-C.
    public var signalWhenKeysRunOut: Int32?
    public private(set) var interruption: Int32?

    public init(width: Int = 80, height: Int = 24, capabilities: Capabilities = .full, keys: [Key] = []) {
        size = Size(width: width, height: height)
        self.capabilities = capabilities
        self.keys = keys
    }

    public func draw(_ grid: CellGrid) {
        lastGrid = grid
        drawCount += 1
    }

    public func readKey(timeout: Int) -> Key? {
        if keys.isEmpty {
            if let s = signalWhenKeysRunOut { interruption = s }
            return nil
        }
        return keys.removeFirst()
    }

    /// Changes the size and queues the `.resize` key a real terminal would send.
    public func resize(width: Int, height: Int) {
        size = Size(width: width, height: height)
        keys.append(.resize)
    }

    public func close() { isClosed = true }
}
