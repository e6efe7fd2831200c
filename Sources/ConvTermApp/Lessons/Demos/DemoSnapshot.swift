import ConvEngine
import Foundation
import TerminalKit

extension LessonDemoApp {
    /// Runs a demo to the end of its background work, then draws it at `size` after `keys`:
    /// what `convterm snapshot demo` writes as a picture for the README or a slide.
    public static func finishedFrame(_ request: LessonDemoRequest, keys: [Key] = [], size: Size,
                                     timeout: Duration = .seconds(600)) -> CellGrid {
        var app = LessonDemoApp(request)
        defer { app.stop() }
        let deadline = ContinuousClock.now + timeout
        while !app.demo.workDone && ContinuousClock.now < deadline {
            _ = app.update(.frame(now: 0))
            Thread.sleep(forTimeInterval: 0.02)
        }
        // Animations (the gradient ascent) advance one step a frame.
        for _ in 0..<40 { _ = app.update(.frame(now: 0)) }
        for key in keys {
            _ = app.update(.key(key))
            for _ in 0..<40 { _ = app.update(.frame(now: 0)) }
        }
        var grid = CellGrid(width: size.width, height: size.height)
        app.view(into: &grid)
        return grid
    }
}
