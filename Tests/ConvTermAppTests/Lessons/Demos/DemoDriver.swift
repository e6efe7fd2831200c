import Foundation
import Testing
import TerminalKit
@testable import ConvTermApp

/// A demo hosted with a real worker, driven like the terminal runtime would (frames on a made-up
/// clock, a tenth of a second apart), without a terminal.
struct DemoDriver {
    var host: ProgramHost<LessonDemoApp>
    let worker: DemoWorker

    init(_ request: LessonDemoRequest) {
        (host, worker) = LessonDemoApp.hosted(request)
    }

    var app: LessonDemoApp { host.program }

    /// One frame: what the worker reported since the last one, then the frame itself.
    mutating func tick() {
        host.frame(now: host.program.now + 0.1)
    }

    /// A key; false once it went back to the lesson.
    mutating func press(_ key: Key) -> Bool {
        host.press(key)
    }

    /// Frames until everything the demo asked for has come back (bounded), then a few more so
    /// that the animations have played.
    mutating func finish(timeout: Duration = .seconds(300)) throws {
        let deadline = ContinuousClock.now + timeout
        tick()
        while !app.workDone && ContinuousClock.now < deadline {
            Thread.sleep(forTimeInterval: 0.005)
            tick()
        }
        try #require(app.workDone, "the demo's work did not finish")
        for _ in 0..<50 { tick() }
    }

    func screen(width: Int = 120, height: Int = 40) -> String {
        var grid = CellGrid(width: width, height: height)
        host.view(into: &grid)
        return grid.trimmedLines.joined(separator: "\n")
    }
}
