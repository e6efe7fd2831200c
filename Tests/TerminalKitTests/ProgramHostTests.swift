import Testing
@testable import TerminalKit

/// A program that asks for work and hears the answer: each `w` asks to double `value`; the
/// handler answers with a message, as a file write or a training thread would.
struct AskingProgram: Program {
    enum Message: Sendable, Equatable { case input(TerminalInput), doubled(Int) }
    enum Effect: Equatable { case double(Int) }
    var value = 1
    var log: [String] = []
    var isFinished = false
    var frameInterval: Duration { .milliseconds(100) }

    static func message(_ input: TerminalInput) -> Message { .input(input) }

    mutating func update(_ message: Message) -> [Effect] {
        switch message {
        case .input(.key(.char("w"))):
            log.append("ask \(value)")
            return [.double(value)]
        case .input(.key(.char("q"))):
            isFinished = true
            return [.double(-1)]
        case .input(.key): return []
        case .input(.frame(let now)):
            log.append("frame \(now)")
            return []
        case .doubled(let v):
            value = v
            log.append("got \(v)")
            return []
        }
    }

    func view(into grid: inout CellGrid) { grid.write("\(value)", x: 0, y: 0) }
}

@Suite struct ProgramHostTests {
    static func host(performed: Box) -> ProgramHost<AskingProgram> {
        let inbox = Inbox<AskingProgram.Message>()
        return ProgramHost(AskingProgram(), inbox: inbox) { effect in
            performed.effects.append(effect)
            if case .double(let v) = effect { inbox.post(.doubled(v * 2)) }
        }
    }

    final class Box { var effects: [AskingProgram.Effect] = [] }

    @Test func anEffectsResultIsAppliedBeforeTheNextKey() {
        let box = Box()
        var host = Self.host(performed: box)
        host.key(.char("w"))
        host.key(.char("w"))
        #expect(host.program.value == 4)
        #expect(host.program.log == ["ask 1", "got 2", "ask 2", "got 4"])
        #expect(box.effects == [.double(1), .double(2)])
    }

    @Test func aFrameDeliversWhatArrivedThenTheFrame() {
        let box = Box()
        var host = Self.host(performed: box)
        host.inbox.post(.doubled(10))   // as a worker thread would, between frames
        host.frame(now: 0.5)
        #expect(host.program.log == ["got 10", "frame 0.5"])
    }

    @Test func theLastEffectsRunBeforeTheProgramEnds() {
        let box = Box()
        var host = Self.host(performed: box)
        host.key(.char("q"))
        #expect(host.isFinished)
        #expect(box.effects == [.double(-1)], "quitting still performs what quitting asked for (a save)")
        #expect(host.program.value == 1, "but nothing is applied to a finished program")
    }

    @Test func theRuntimeSendsFramesWithTheClock() {
        let backend = MemoryBackend(width: 10, height: 2, keys: [.char("w")])
        backend.signalWhenKeysRunOut = 3
        let box = Box()
        var host = Self.host(performed: box)
        _ = Terminal.run(&host, on: backend)
        let frames = host.program.log.filter { $0.hasPrefix("frame") }.compactMap { Double($0.dropFirst(6)) }
        #expect(frames.count >= 1)
        #expect(frames == frames.sorted(), "frame times never go back")
        #expect(host.program.value == 2, "the key's effect came back through the inbox")
        #expect(backend.isClosed)
    }

    /// A program that answers every result with another request never finishes a `send`; the
    /// host stops after its budget and keeps what is left for the next frame instead of dropping it.
    @Test func aRunawayExchangeKeepsWhatIsLeft() {
        let inbox = Inbox<AskingProgram.Message>()
        var host = ProgramHost(AskingProgram(), inbox: inbox) { effect in
            if case .double(let v) = effect { inbox.post(.doubled(v)); inbox.post(.input(.key(.char("w")))) }
        }
        host.key(.char("w"))
        #expect(!inbox.drain().isEmpty, "the rest waits in the inbox")
    }
}
