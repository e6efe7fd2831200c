import Foundation
import TerminalKit

extension LessonDemoApp {
    /// Runs a demo to the end of its background work, then draws it at `size` after `keys`:
    /// what `convterm snapshot demo` writes as a picture for the README or a slide.
    public static func finishedFrame(_ request: LessonDemoRequest, keys: [Key] = [], size: Size,
                                     timeout: Duration = .seconds(600)) -> CellGrid {
        var (host, worker) = hosted(request)
        defer { worker.stop() }
        // Frames come on a made-up clock, a tenth of a second apart; after the work and after
        // each key a minute passes, so animations (the gradient ascent) have played to the end.
        var now = 0.0
        func settle() {
            let deadline = ContinuousClock.now + timeout
            repeat {
                now += 0.1
                host.frame(now: now)
                if host.program.workDone { break }
                Thread.sleep(forTimeInterval: 0.02)
            } while ContinuousClock.now < deadline
            now += 60
            host.frame(now: now)
        }
        settle()
        for key in keys {
            host.key(key)
            settle()
        }
        var grid = CellGrid(width: size.width, height: size.height)
        host.view(into: &grid)
        return grid
    }
}
