/// Maps (foreground, background) colour numbers to curses colour pairs.
///
/// ncurses' own `alloc_pair` recycles the least recently *allocated* pair even if it is still
/// on screen, which repaints visible cells in wrong colours. This table instead only evicts a
/// pair not used in the current frame; since every visible cell is re-sent each frame, an
/// evicted pair can no longer be on screen after the frame is drawn.
struct ColorPairTable {
    struct Colors: Hashable {
        var foreground: Int32
        var background: Int32
    }

    /// Pair numbers available are 1..<capacity (pair 0 is the terminal default and fixed).
    let capacity: Int32
    private var numbers: [Colors: Int32] = [:]
    private var owners: [Int32: Colors] = [:]
    private var lastUsed: [Int32: Int] = [:]
    private var nextFree: Int32 = 1
    private var frame = 0

    init(capacity: Int32) { self.capacity = max(1, capacity) }

    /// Marks the start of a frame: pairs used from now on are protected from eviction.
    mutating func beginFrame() { frame += 1 }

    /// The pair for these colours, and whether it is new (so the caller must `init_pair` it).
    /// Nil when every pair is in use by this frame; the caller falls back to pair 0.
    mutating func pair(foreground: Int32, background: Int32) -> (number: Int32, isNew: Bool)? {
        if foreground == -1 && background == -1 { return (0, false) }
        let key = Colors(foreground: foreground, background: background)
        if let n = numbers[key] {
            lastUsed[n] = frame
            return (n, false)
        }
        var number: Int32
        if nextFree < capacity {
            number = nextFree
            nextFree += 1
        } else {
            guard let victim = lastUsed.first(where: { $0.value < frame })?.key else { return nil }
            number = victim
            if let old = owners[victim] { numbers[old] = nil }
        }
        numbers[key] = number
        owners[number] = key
        lastUsed[number] = frame
        return (number, true)
    }

    var count: Int { numbers.count }
}
