import ConvEngine
import Foundation
import TerminalKit

/// The inspector as a program: keys go to `InspectState`; writing the spec is an effect the host
/// carries out (`perform`), whose result comes back as a message.
public struct InspectApp: Program {
    public enum Message: Sendable {
        case input(TerminalInput)
        /// What became of a write the inspector asked for.
        case wrote(InspectState.EffectResult)
    }

    public var state: InspectState
    public private(set) var isFinished = false

    public init(state: InspectState) {
        self.state = state
    }

    public static func message(_ input: TerminalInput) -> Message { .input(input) }

    public var frameInterval: Duration { .seconds(1) }

    /// Returns only `.write` effects; `.quit` ends the program here.
    public mutating func update(_ message: Message) -> [InspectEffect] {
        switch message {
        case .input(.key(let key)):
            let effects = state.update(key)
            if effects.contains(.quit) { isFinished = true }
            return effects.filter { $0 != .quit }
        case .input(.frame):
            return []
        case .wrote(let result):
            state.receive(result)
            return []
        }
    }

    public func view(into grid: inout CellGrid) {
        state.render(into: &grid)
    }

    /// Carries out a write and reports back through `inbox`.
    public static func perform(_ effect: InspectEffect, inbox: Inbox<Message>) {
        guard case .write(let path, let text, let overwrite) = effect else { return }
        inbox.post(.wrote(write(text, to: path, overwrite: overwrite)))
    }

    /// A host whose effects write files.
    public static func host(_ state: InspectState) -> ProgramHost<InspectApp> {
        let inbox = Inbox<Message>()
        return ProgramHost(InspectApp(state: state), inbox: inbox, perform: { perform($0, inbox: inbox) })
    }

    /// Writes the spec; an existing file is reported, never replaced, unless `overwrite` says so.
    static func write(_ text: String, to path: String, overwrite: Bool) -> InspectState.EffectResult {
        let expanded = (path as NSString).expandingTildeInPath
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: expanded, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return .writeFailed("\(path) is a directory") }
            if !overwrite { return .fileExists(path: path) }
        }
        do {
            // withoutOverwriting closes the gap between the check above and the write.
            try Data(text.utf8).write(to: URL(fileURLWithPath: expanded), options: overwrite ? [.atomic] : [.withoutOverwriting])
            return .written(path: path)
        } catch {
            return .writeFailed("\(path): \((error as NSError).localizedDescription)")
        }
    }
}
