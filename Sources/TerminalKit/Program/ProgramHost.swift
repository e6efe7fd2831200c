/// A program together with what carries out its effects and the inbox their results come back
/// through. The terminal runtime drives a host; tests drive one directly (keys, frames, no terminal).
public struct ProgramHost<P: Program> {
    public var program: P
    public let inbox: Inbox<P.Message>
    private let perform: (P.Effect) -> Void

    /// `perform` runs each effect as it is returned (it may post results to `inbox`).
    public init(_ program: P, inbox: Inbox<P.Message> = Inbox(), perform: @escaping (P.Effect) -> Void) {
        self.program = program
        self.inbox = inbox
        self.perform = perform
    }

    public var isFinished: Bool { program.isFinished }

    /// Updates with `message`, performs the effects, then applies whatever they posted.
    public mutating func send(_ message: P.Message) {
        var queue = [message]
        // Bounded: results of effects posted while we apply them are taken in this same pass,
        // but a program that keeps answering its own results would spin, so stop at a limit.
        var budget = 10_000
        while !queue.isEmpty && budget > 0 {
            budget -= 1
            let next = queue.removeFirst()
            for effect in program.update(next) { perform(effect) }
            if program.isFinished { return }
            queue += inbox.drain()
        }
        // Out of budget: what is left waits for the next frame rather than being lost.
        let rest = queue
        if !rest.isEmpty { inbox.post { $0.insert(contentsOf: rest, at: 0) } }
    }

    public mutating func key(_ key: Key) {
        send(P.message(.key(key)))
    }

    /// What arrived since the last frame, then the frame message itself.
    public mutating func frame(now: Double) {
        for message in inbox.drain() {
            send(message)
            if program.isFinished { return }
        }
        send(P.message(.frame(now: now)))
    }

    public func view(into grid: inout CellGrid) {
        program.view(into: &grid)
    }
}

extension ProgramHost where P.Effect == NoEffect {
    /// A host for a program with no effects.
    public init(_ program: P) {
        self.init(program, perform: { _ in })
    }
}

extension ProgramHost {
    /// A key, for drivers that only care whether the program goes on (tests, scripted frames).
    @discardableResult
    public mutating func press(_ key: Key) -> Bool {
        self.key(key)
        return !isFinished
    }
}
