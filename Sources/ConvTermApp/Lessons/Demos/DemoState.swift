import TerminalKit

/// One live demo as a value, hosted by `LessonDemoApp` (which adds the title, the footer of keys,
/// `?` help and the way back). Like every program's update, its methods are pure: work that
/// takes time is asked for as a `DemoAction` and its reports come back through `receive`.
protocol DemoState {
    var title: String { get }
    /// Keys this demo adds to the footer and the help.
    var keys: [KeyBinding] { get }
    /// The background work it opens with (asked for on the first frame).
    func start() -> [DemoAction]
    /// Keys other than the common ones; anything unknown is ignored.
    mutating func handle(_ key: Key) -> [DemoAction]
    /// A report of the current background work.
    mutating func receive(_ report: DemoReport) -> [DemoAction]
    /// Seconds since the demo opened, once per frame (animations).
    mutating func frame(now: Double)
    func render(into grid: inout CellGrid, area: Rect)
    /// True once everything asked for has come back (tests and snapshots wait for it).
    var workDone: Bool { get }
}

extension DemoState {
    mutating func frame(now: Double) {}
}

/// What a demo wants run; `LessonDemoApp` turns it into effects with job numbers.
enum DemoAction {
    /// Run after whatever was asked for before (the seeing demo's next picture).
    case run(DemoWork.Kind)
    /// Drop all earlier work and its late reports, then run this (a race started again).
    case restart(DemoWork.Kind)
}
