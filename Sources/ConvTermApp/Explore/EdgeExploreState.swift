import ConvData
import ConvEngine
import TerminalKit

/// `convterm explore conv --image`: a hand-set edge filter slid over a real picture, its output
/// drawn as a heat map that lights up where the picture has edges of the filter's direction.
/// A value with a pure update, like every screen; the sweep advances on the frame clock
/// (`EdgeExploreApp`).
public struct EdgeExploreState: Sendable {
    /// The two hand-set filters (Sobel's): each responds to brightness changing across it.
    public enum Edge: String, Sendable, CaseIterable {
        /// Responds where brightness changes from left to right: vertical edges.
        case vertical
        /// Responds where brightness changes from top to bottom: horizontal edges.
        case horizontal

        /// The 3x3 kernel [kh, kw], row-major.
        public var kernel: [Float] {
            switch self {
            case .vertical: return [1, 0, -1,
                                    2, 0, -2,
                                    1, 0, -1]
            case .horizontal: return [1, 2, 1,
                                      0, 0, 0,
                                      -1, -2, -1]
            }
        }

        var other: Edge { self == .vertical ? .horizontal : .vertical }
    }

    /// The pictures to choose from and what to call them ("the built-in set", "CIFAR-10 test").
    public let pictures: ImageSet
    public let picturesName: String
    public private(set) var index = 0
    public private(set) var edge: Edge = .vertical
    /// The engine's convolution of picture `index` with `edge`'s filter: [1, OH, OW].
    public private(set) var conv: ConvolutionWalkthrough
    /// Output cells swept so far, row by row; the heat map shows only these.
    public private(set) var filled = 0
    /// The sweep plays when the explorer opens: a row of the output every `stepInterval`.
    public var playing = true
    public var showHelp = false
    /// What q does: "quit" alone, "back" inside a lesson.
    public var quitAction = "quit"

    public static let stepInterval: Duration = .milliseconds(80)

    /// At most `limit` pictures of `pictures` (a handful is enough to look at; n and p walk them).
    /// `first` is the picture it opens on.
    public init(pictures: ImageSet, name: String, edge: Edge = .vertical, first: Int = 0, limit: Int = 10) {
        precondition(pictures.count > 0 && pictures.channels == 3, "the edge explorer needs colour pictures")
        self.pictures = pictures.subset(0..<min(limit, pictures.count))
        picturesName = name
        self.edge = edge
        index = min(max(0, first), self.pictures.count - 1)
        conv = EdgeExploreState.convolve(self.pictures, index, edge)
    }

    /// The first pictures of the built-in set: the same ones as the conv explorer's `i`.
    public static func builtIn(edge: Edge = .vertical, first: Int = 0) -> EdgeExploreState {
        EdgeExploreState(pictures: ExploreSettings.images, name: "the built-in set", edge: edge, first: first)
    }

    /// Stride 1 and no padding: zero padding would draw a bright frame of false edges around
    /// every picture. The kernel is the same in R, G and B, divided by 3, so the filter sees the
    /// picture's brightness (pixels as 0...1).
    static func convolve(_ pictures: ImageSet, _ index: Int, _ edge: Edge) -> ConvolutionWalkthrough {
        let input = pictures.pixels(at: index).map { Float($0) / 255 }
        let volume = Volume(width: pictures.width, height: pictures.height, depth: 3)
        let weights = Array([[Float]](repeating: edge.kernel.map { $0 / 3 }, count: 3).joined())
        // A 3x3 filter always fits a picture of at least 3x3 at stride 1.
        return try! ConvolutionWalkthrough(input: input, volume: volume, filters: weights, filterCount: 1,
                                           filterHeight: 3, filterWidth: 3, bias: [0], stride: 1, pad: 0)
    }

    public var stepCount: Int { conv.stepCount }
    public var className: String { pictures.classNames[pictures.label(at: index)] }

    /// The output as the heat map draws it: |output| where swept, 0 where the filter has not been yet.
    public var sweptMagnitudes: [Float] {
        conv.output.enumerated().map { i, v in i < filled ? abs(v) : 0 }
    }

    /// The largest |output| over the whole picture: the heat map's top colour, fixed for the
    /// sweep so that a cell's colour does not change as more of the picture is swept.
    public var largestMagnitude: Float { conv.output.map(abs).max() ?? 0 }

    // MARK: Update

    /// One key; false to quit.
    public mutating func update(_ key: Key) -> Bool {
        if key == .resize { return true }
        if showHelp {
            showHelp = false
            return true
        }
        switch key {
        case .char("q"), .char("Q"), .escape: return false
        case .char("?"): showHelp = true
        case .char("v"): set(edge: .vertical)
        case .char("h"): set(edge: .horizontal)
        case .char("f"): set(edge: edge.other)
        case .char("n"), .right: show(index + 1)
        case .char("p"), .left: show(index - 1)
        case .char(" "):
            if filled >= stepCount { filled = 0 }
            playing.toggle()
        case .char("."): step(by: 1)
        case .char(","): step(by: -1)
        case .down, .char("j"): step(by: conv.outputVolume.width)
        case .up, .char("k"): step(by: -conv.outputVolume.width)
        case .home, .char("r"):
            filled = 0
            playing = true
        case .end, .char("e"):
            filled = stepCount
            playing = false
        default: break
        }
        return true
    }

    /// One step of the sweep (the app calls it every `stepInterval` while playing): a row.
    public mutating func tick() {
        guard playing else { return }
        filled = min(stepCount, filled + conv.outputVolume.width)
        if filled >= stepCount { playing = false }
    }

    private mutating func step(by n: Int) {
        playing = false
        filled = max(0, min(stepCount, filled + n))
    }

    /// Another filter over the same picture: the sweep starts again so the two can be compared.
    private mutating func set(edge new: Edge) {
        guard new != edge else { return }
        edge = new
        restart()
    }

    private mutating func show(_ i: Int) {
        index = ((i % pictures.count) + pictures.count) % pictures.count
        restart()
    }

    private mutating func restart() {
        conv = EdgeExploreState.convolve(pictures, index, edge)
        filled = 0
        playing = true
    }
}
