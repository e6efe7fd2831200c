import ConvEngine
import TerminalKit

/// The dashboard as a viewer of a saved checkpoint (`convterm eval --checkpoint CKPT --dashboard`):
/// nothing trains. `n` and `N` step through the data's images, and each is run through the net
/// at test time (`Trainer.look`), so the layers show its activations and the example its top 3.
/// An imported ImageNet net names its guesses by its own classes, not the data's, and right and
/// wrong are then not coloured: the data's label is not one of its classes.
public struct DashboardViewing: Sendable, Hashable {
    /// The checkpoint's path, for the notes.
    public var checkpoint: String
    /// The net's class names when they are not the data's (an imported ImageNet net); nil otherwise.
    public var netClassNames: [String]?
    /// How the images were fitted to the net (resized, normalised), said when the viewer opens.
    public var notes: [String]
    /// The image shown, an index into the test set.
    public var image = 0

    public init(checkpoint: String, netClassNames: [String]?, notes: [String]) {
        self.checkpoint = checkpoint
        self.netClassNames = netClassNames
        self.notes = notes
    }

    /// The checkpoint's file name, for lines too short for its path.
    public var fileName: String { checkpoint.split(separator: "/").last.map(String.init) ?? checkpoint }

    /// Whether the data's labels are among the net's classes (so right and wrong mean something).
    public var ownClasses: Bool { netClassNames == nil }

    var opening: String {
        (["viewing \(fileName), nothing trains: n/N next/previous image"] + notes).joined(separator: "; ")
    }

    /// A key in the viewer: nil for the keys that work as in training (layers, views, zoom,
    /// pictures, help, quit), which the dashboard's own handler then takes.
    static func handle(_ key: Key, _ s: inout DashboardState) -> [DashboardEffect]? {
        guard var viewing = s.viewing else { return nil }
        switch key {
        case .char("n"), .char("N"):
            let count = max(1, s.testCount)
            viewing.image = (viewing.image + (key == .char("n") ? 1 : count - 1)) % count
            s.viewing = viewing
            s.note = "image \(viewing.image) of \(count)"
            return [.look(image: viewing.image)]
        case .char(" "), .char("."), .char("+"), .char("="), .char("-"), .char("_"), .char("["), .char("]"),
             .char("b"), .char("B"), .char("o"), .char("r"), .char("R"), .char("s"), .char("t"):
            s.note = "viewing \(viewing.fileName): nothing trains here, so nothing changes; n/N step through the images"
            return []
        default:
            return nil
        }
    }

    /// A frame in the viewer: the first one shows the first image and asks for the strip of test
    /// images with the net's guesses; nothing else is scheduled.
    static func frame(_ now: Double, _ s: inout DashboardState) -> [DashboardEffect] {
        s.now = now
        defer { s.frame += 1 }
        guard s.frame == 0, let viewing = s.viewing else { return [] }
        s.note = viewing.opening
        s.validationPending = true
        s.lastValidationAt = 0
        return [.look(image: viewing.image), .validate(count: min(8, max(1, s.testCount)))]
    }
}
