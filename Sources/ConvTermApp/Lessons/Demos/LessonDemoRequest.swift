import ConvEngine

/// What a lesson step asked for: which demo, on which networks, with which options.
public struct LessonDemoRequest: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        /// Lesson 11: saliency and gradient ascent on a briefly trained net.
        case seeing
        /// Lesson 12: data-parallel gradient check, and data vs model parallelism per worker.
        case parallel
        /// Lesson 8: a plain and a residual net trained side by side.
        case race
        /// Lesson 9: frozen features + new head vs training from scratch on a small new task.
        case transfer
        /// Lesson 10: an encoder-decoder learning object-vs-background masks.
        case segment
        /// Lesson 10: a classifier with a box head learning what and where.
        case localize
    }

    public struct Net: Sendable {
        public var name: String
        public var spec: NetworkSpec
        public init(name: String, spec: NetworkSpec) {
            self.name = name
            self.spec = spec
        }
    }

    public var kind: Kind
    public var networks: [Net]
    public var options: [String: String]
    /// Projector mode: pictures twice as large, and no step counts, seconds or speeds (the room
    /// should watch the loss and the accuracy, which are what the demos are about).
    public var present: Bool

    /// Everything random in a demo (its data, initial weights, batch order) follows from this
    /// seed; with the same thread count the same seed gives the same numbers.
    public var seed: UInt64
    /// Worker threads of its training sessions. 2 by default rather than all cores, so a seed
    /// means the same numbers on every machine.
    public var threads: Int

    public init(kind: Kind, networks: [Net], options: [String: String] = [:], present: Bool = false,
                seed: UInt64 = 1, threads: Int = 2) {
        self.kind = kind
        self.networks = networks
        self.options = options
        self.present = present
        self.seed = seed
        self.threads = threads
    }

    func int(_ key: String, default value: Int, in range: ClosedRange<Int>) -> Int {
        min(range.upperBound, max(range.lowerBound, options[key].flatMap { Int($0) } ?? value))
    }

    /// Image scale for pictures: 2 on a projector.
    var pixelScale: Int { present ? 2 : 1 }
}
