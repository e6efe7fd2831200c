import ConvEngine
import TerminalKit

/// The convolution (or pooling) explorer as a value: settings, the engine's walkthrough for
/// them, how many output cells are filled in, and the animation's play state.
public struct ExploreState: Sendable {
    public enum Kind: String, Sendable { case conv, pool }

    public let kind: Kind
    public private(set) var settings: ExploreSettings
    public private(set) var poolSettings: PoolSettings
    public private(set) var conv: ConvolutionWalkthrough?
    public private(set) var pool: PoolWalkthrough?
    /// The engine's explanation when the current settings do not fit.
    public private(set) var problem: String?
    /// Output cells computed so far (0 = none; the last filled one is highlighted).
    public private(set) var filled = 0
    public var playing = false
    /// Index into `speeds`.
    public private(set) var speed = 2
    public var showHelp = false
    public var message: String?
    /// The output as heat maps (the lecture's stack of activation maps) instead of numbers.
    public var showMaps = false
    /// What q does, for the footer and help: "quit" alone, "back" inside a lesson.
    public var quitAction = "quit"
    /// Projector mode (a lesson run with `--present`): wider number cells, larger activation maps.
    public var present = false

    /// Seconds between animation steps for each speed setting.
    public static let speeds: [Duration] = [.seconds(2), .seconds(1), .milliseconds(500), .milliseconds(250),
                                            .milliseconds(100), .milliseconds(40)]

    public init(conv settings: ExploreSettings = ExploreSettings()) {
        kind = .conv
        self.settings = settings
        poolSettings = PoolSettings()
        rebuild()
    }

    public init(pool settings: PoolSettings) {
        kind = .pool
        self.settings = ExploreSettings()
        poolSettings = settings
        rebuild()
    }

    public var stepCount: Int { conv?.stepCount ?? pool?.stepCount ?? 0 }
    public var stepInterval: Duration { ExploreState.speeds[speed] }
    /// The step shown: the last filled cell, or the first window before anything is filled.
    public var currentStep: Int { max(0, filled - 1) }

    private mutating func rebuild() {
        conv = nil
        pool = nil
        problem = nil
        switch kind {
        case .conv:
            switch settings.walkthrough() {
            case .success(let w): conv = w
            case .failure(let p): problem = p.message
            }
        case .pool:
            switch poolSettings.walkthrough() {
            case .success(let w): pool = w
            case .failure(let p): problem = p.message
            }
        }
        filled = min(filled, stepCount)
        if stepCount == 0 { playing = false }
    }

    // MARK: Update

    /// One key; returns false to quit.
    public mutating func update(_ key: Key) -> Bool {
        if key == .resize { return true }
        if showHelp {
            showHelp = false
            return true
        }
        message = nil
        switch key {
        case .char("q"), .char("Q"), .escape: return false
        case .char("?"): showHelp = true
        case .char("v") where kind == .conv: showMaps.toggle()
        case .char("n"), .right, .char("l"): step(by: 1)
        case .char("p"), .left, .char("h"): step(by: -1)
        case .down, .char("j"): step(by: rowLength)
        case .up, .char("k"): step(by: -rowLength)
        case .char(" "):
            if filled >= stepCount { filled = 0 }
            playing.toggle()
            if stepCount == 0 { playing = false }
        case .char("+"), .char("="): speed = min(ExploreState.speeds.count - 1, speed + 1)
        case .char("-"), .char("_"): speed = max(0, speed - 1)
        case .home, .char("r"):
            filled = 0
            playing = false
        case .end, .char("e"):
            filled = stepCount
            playing = false
        case .char("f"): change { $0.filterSize = max(1, $0.filterSize - 1) } pool: { $0.window = max(1, $0.window - 1) }
        case .char("F"): change { $0.filterSize = min(11, $0.filterSize + 1) } pool: { $0.window = min(8, $0.window + 1) }
        case .char("s"): change { $0.stride = max(1, $0.stride - 1) } pool: { $0.stride = max(1, $0.stride - 1) }
        case .char("S"): change { $0.stride = min(8, $0.stride + 1) } pool: { $0.stride = min(8, $0.stride + 1) }
        case .char("z") where kind == .conv: change { $0.pad = max(0, $0.pad - 1) } pool: { _ in }
        case .char("Z") where kind == .conv: change { $0.pad = min(5, $0.pad + 1) } pool: { _ in }
        case .char("d") where kind == .conv: change { $0.filterCount = max(1, $0.filterCount - 1) } pool: { _ in }
        case .char("D") where kind == .conv: change { $0.filterCount = min(16, $0.filterCount + 1) } pool: { _ in }
        case .char("i") where kind == .conv:
            change {
                if case .image = $0.source { $0.source = .integers } else { $0.source = .image(index: 0) }
            } pool: { _ in }
        case .char("I") where kind == .conv:
            change {
                if case .image(let i) = $0.source { $0.source = .image(index: (i + 1) % ExploreSettings.imageCount) }
                else { $0.source = .image(index: 0) }
            } pool: { _ in }
        default: break
        }
        return true
    }

    /// Called by the app when `stepInterval` has passed while playing.
    public mutating func tick() {
        guard playing else { return }
        if filled < stepCount { filled += 1 }
        if filled >= stepCount { playing = false }
    }

    private var rowLength: Int {
        if let conv { return conv.outputVolume.width }
        if let pool { return pool.outputVolume.width }
        return 1
    }

    private mutating func step(by n: Int) {
        playing = false
        filled = max(0, min(stepCount, filled + n))
    }

    /// A setting changed: rebuild from the engine and start the sweep again (old cells would lie).
    private mutating func change(conv: (inout ExploreSettings) -> Void, pool: (inout PoolSettings) -> Void) {
        let before = (settings, poolSettings)
        switch kind {
        case .conv: conv(&settings)
        case .pool: pool(&poolSettings)
        }
        guard before != (settings, poolSettings) else { return }
        filled = 0
        playing = false
        rebuild()
    }
}
