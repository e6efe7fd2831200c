import ConvEngine
import Foundation
import TerminalKit
@testable import ConvTermApp

/// Keys for typing a string into an editor or prompt.
func typing(_ text: String) -> [Key] { text.map { Key.char($0) } }

extension InspectState {
    static func zoo(_ name: String) throws -> InspectState {
        try InspectState(source: NetworkSource.load(name))
    }

    mutating func press(_ keys: [Key]) -> [InspectEffect] {
        var effects: [InspectEffect] = []
        for k in keys { effects += update(k) }
        return effects
    }

    mutating func press(_ keys: Key...) -> [InspectEffect] { press(keys) }

    func grid(width: Int = 120, height: Int = 40) -> CellGrid {
        var g = CellGrid(width: width, height: height)
        render(into: &g)
        return g
    }

    /// Selects a layer through the `g` prompt, as a user would.
    mutating func go(to name: String) {
        _ = press([.char("g")] + typing(name) + [.enter])
    }
}

extension CellGrid {
    /// The first row containing `text`, if any.
    func row(containing text: String) -> Int? { lines.firstIndex { $0.contains(text) } }

    /// Writes a PNG of the grid to /tmp (for looking at a screen while developing).
    func savePNG(_ name: String) {
        let url = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(name)
        try? Data(GridSnapshot.png(self)).write(to: url)
    }
}
