import Synchronization

/// Where work outside the program (a training thread, a file write) leaves its results as
/// messages. The host drains it after every update and once per frame, so posting never waits
/// for the screen: it is a short lock and an append.
public final class Inbox<Message: Sendable>: Sendable {
    private let pending = Mutex<[Message]>([])

    public init() {}

    public func post(_ message: Message) {
        pending.withLock { $0.append(message) }
    }

    /// Posts with a say over what is already waiting (merge into the last message, drop a
    /// stale picture), so a fast producer keeps the inbox small between two frames.
    public func post(merging body: (inout [Message]) -> Void) {
        pending.withLock { body(&$0) }
    }

    /// Everything posted since the last drain, oldest first.
    public func drain() -> [Message] {
        pending.withLock { p in
            let out = p
            p = []
            return out
        }
    }
}
