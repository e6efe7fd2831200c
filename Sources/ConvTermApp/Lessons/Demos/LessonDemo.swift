import ConvEngine
import Foundation
import TerminalKit

/// A live, engine-computed demo that a lesson step opens with tab (lessons 8, 9, 11 and 12).
/// The demo owns only its area of the screen; `LessonDemoApp` adds the title, the footer of keys,
/// `?` help and the way back (q, tab, esc).
protocol LessonDemo {
    var title: String { get }
    /// Keys this demo adds to the footer and the help.
    var keys: [KeyBinding] { get }
    /// Keys other than the common ones; anything unknown is ignored.
    mutating func handle(_ key: Key)
    /// Pulls in the background work's progress and advances animations (every frame).
    mutating func tick()
    func render(into grid: inout CellGrid, area: Rect)
    /// Stops background work (the student left the demo).
    func stop()
    /// True once the background work (training, a check) has finished.
    var workDone: Bool { get }
}

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

/// Runs one demo full-screen until q, tab or esc returns to the lesson.
public struct LessonDemoApp: Program {
    var demo: any LessonDemo
    public private(set) var showHelp = false
    public private(set) var isFinished = false
    public static let minimumSize = Size(width: 60, height: 16)
    /// Run by `convterm demo` rather than from a lesson: q quits instead of going back.
    public private(set) var standalone = false

    /// Builds the demo and starts its background work.
    public init(_ request: LessonDemoRequest, standalone: Bool = false) {
        self.standalone = standalone
        switch request.kind {
        case .seeing: demo = SeeingDemo(request)
        case .parallel: demo = ParallelDemo(request)
        case .race: demo = ResidualRaceDemo(request)
        case .transfer: demo = TransferDemo(request)
        }
    }

    init(demo: any LessonDemo) {
        self.demo = demo
    }

    public var title: String { demo.title }

    /// Stops the demo's background work (also done by q/tab; the session calls it on every way out).
    public func stop() { demo.stop() }

    public var frameInterval: Duration { .milliseconds(100) }

    public static func message(_ input: TerminalInput) -> TerminalInput { input }

    public mutating func update(_ message: TerminalInput) -> [NoEffect] {
        switch message {
        case .key(let key): handle(key)
        // The demo copies its background job's latest progress once per frame.
        case .frame: demo.tick()
        }
        return []
    }

    mutating func handle(_ key: Key) {
        if showHelp { showHelp = false; return }
        switch key {
        case .char("q"), .tab, .backTab, .escape:
            demo.stop()
            isFinished = true
        case .char("?"):
            showHelp = true
        case .resize:
            break
        default:
            demo.handle(key)
        }
    }

    public var footer: [KeyBinding] {
        demo.keys + [KeyBinding("?", "help"), standalone ? KeyBinding("q", "quit") : KeyBinding("tab/q", "back to the lesson")]
    }

    public func view(into grid: inout CellGrid) {
        grid.fill(grid.bounds)
        if TooSmallScreen.isTooSmall(grid, required: LessonDemoApp.minimumSize) {
            TooSmallScreen(required: LessonDemoApp.minimumSize, actual: Size(width: grid.width, height: grid.height),
                           hint: "enlarge the window, or press q to go back").render(into: &grid, area: grid.bounds)
            return
        }
        StatusLine(left: " " + demo.title, right: "live demo ").render(into: &grid, area: Rect(x: 0, y: 0, width: grid.width, height: 1))
        demo.render(into: &grid, area: Rect(x: 1, y: 2, width: grid.width - 2, height: grid.height - 4))
        KeyFooter(footer).render(into: &grid, area: Rect(x: 0, y: grid.height - 1, width: grid.width, height: 1))
        if showHelp {
            HelpOverlay(title: demo.title, bindings: demo.keys + [KeyBinding("?", "this help"),
                                                                   KeyBinding("tab / q / esc", standalone ? "quit" : "back to the lesson")])
                .render(into: &grid, area: grid.bounds)
        }
    }
}

/// Small drawing helpers shared by the demos.
enum DemoText {
    /// "[#####-----]" for a fraction 0...1.
    static func bar(_ fraction: Double, width: Int = 20) -> String {
        let f = fraction.isFinite ? min(1, max(0, fraction)) : 0
        let filled = Int((f * Double(width)).rounded(.down))
        return "[" + String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled) + "]"
    }

    static func percent(_ v: Double) -> String { String(format: "%.1f%%", 100 * v) }

    /// Writes a line clipped to the area; returns the next row.
    @discardableResult
    static func line(_ text: String, into grid: inout CellGrid, area: Rect, y: Int, style: Style = .plain) -> Int {
        guard y >= area.y, y < area.maxY else { return y + 1 }
        grid.write(TextLayout.clip(text, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: y, style: style, clip: area)
        return y + 1
    }

    /// Scientific notation short enough for a table: 1.9e-09.
    static func sci(_ v: Double) -> String { v == 0 ? "0" : String(format: "%.1e", v) }

    /// Heat colours for magnitudes (saliency): black, red, yellow, white.
    static let heat = ColorMap(anchors: [RGB(0, 0, 0), RGB(170, 20, 10), RGB(250, 200, 30), RGB(255, 255, 255)], diverging: false)
}
