import ConvEngine
import Foundation
import TerminalKit

/// Runs `InspectState` in a terminal and performs its effects (writing files).
public struct InspectApp: TerminalApp {
    public var state: InspectState
    public private(set) var wantsQuit = false

    public init(state: InspectState) {
        self.state = state
    }

    public var frameInterval: Duration { .seconds(1) }

    public mutating func update(_ key: Key) -> Bool {
        for effect in state.update(key) {
            switch effect {
            case .quit:
                wantsQuit = true
                return false
            case .write(let path, let text, let overwrite):
                state.receive(InspectApp.write(text, to: path, overwrite: overwrite))
            }
        }
        return true
    }

    public func render(into grid: inout CellGrid) {
        state.render(into: &grid)
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
