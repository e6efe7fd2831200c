import ConvEngine
import Foundation
import TerminalKit

/// The one way in: `convterm train` (with a terminal) and lessons call `Dashboard.run`.
public enum Dashboard {
    /// Runs the live training dashboard in the terminal until the user quits or a signal
    /// arrives. Returns the exit status: 0 after `q`, 130 after Ctrl-C, 143 after SIGTERM, 129
    /// after SIGHUP (a dropped SSH connection). After a signal, a run given a save path
    /// (`--save`) is saved there first, so nothing is lost, and stderr says where.
    /// Throws a readable error when the network cannot train or there is no usable terminal.
    /// `statsFile`, if given, receives "examples seconds images/s" of the run when it ends
    /// (how the README's UI-overhead figure was measured).
    /// `finished`, if given, sees the last state (a lesson reads its task's result there).
    public static func run(configuration: DashboardConfiguration, statsFile: String? = nil,
                           finished: (DashboardState) -> Void = { _ in }) throws -> Int32 {
        var app = try makeApp(configuration: configuration)
        defer { app.stop() }
        defer { finished(app.state) }
        var status = try Terminal.runInTerminal(&app.host)
        let stopped = app.worker.stop()
        // What the last effects reported after the screen closed (a save asked for with `q` `s`).
        for message in app.host.inbox.drain() {
            if case .failed(let text) = message {
                FileHandle.standardError.write(Data("convterm: \(text)\n".utf8))
                if status == 0 { status = 1 }
            }
        }
        if status != 0, let path = configuration.interruptSavePath {
            guard stopped else {
                FileHandle.standardError.write(Data("convterm: interrupted; the training step did not finish in time, so nothing was saved to \(path)\n".utf8))
                return status
            }
            // The worker has stopped: the session is this thread's now.
            do {
                try app.worker.session.save(to: path)
                FileHandle.standardError.write(Data("convterm: interrupted; saved step \(app.worker.trainer.step) to \(path)\n".utf8))
            } catch {
                FileHandle.standardError.write(Data("convterm: interrupted, and the checkpoint could not be saved: \(error)\n".utf8))
            }
        }
        if let statsFile {
            let s = app.state
            let rate = s.trainingSeconds > 0 ? Double(s.progress.examplesSeen) / s.trainingSeconds : 0
            try? "\(s.progress.examplesSeen) \(s.trainingSeconds) \(rate)\n".write(toFile: statsFile, atomically: true, encoding: .utf8)
        }
        return status
    }

    /// The same training with no screen at all (no snapshots, no validation): the baseline the
    /// dashboard's cost is measured against.
    public static func benchmark(configuration: DashboardConfiguration, seconds: Double) throws
        -> (examples: Int, seconds: Double, imagesPerSecond: Double) {
        let worker = try DashboardWorker(configuration: configuration)
        worker.perform(.resume)
        let t0 = Date()
        Thread.sleep(forTimeInterval: seconds)
        let examples = worker.session.runner?.status.lastEvent?.examplesSeen ?? 0
        let elapsed = Date().timeIntervalSince(t0)
        worker.stop()
        return (examples, elapsed, Double(examples) / elapsed)
    }

    /// A dashboard whose worker waits for its first frame, for tests and for snapshots.
    public static func makeApp(configuration: DashboardConfiguration) throws -> DashboardApp {
        DashboardApp(worker: try DashboardWorker(configuration: configuration))
    }

    /// Trains `steps` batches without a screen, then renders one frame at `size`: what
    /// `convterm dashboard --snapshot` saves as PNG and text for the README.
    public static func renderFrame(configuration: DashboardConfiguration, steps: Int, size: Size,
                                   capabilities: Capabilities = .full,
                                   prepare: (inout DashboardApp) -> Void = { _ in }) throws -> CellGrid {
        var c = configuration
        c.startPaused = true
        var app = try makeApp(configuration: c)
        defer { app.stop() }
        app.tick()
        // A viewer trains nothing: its first frame asked for the image and the strip.
        if configuration.viewing == nil { app.worker.perform(.trainBatches(steps)) }
        // Wait for the batches, the first validation (the test strip) and a snapshot.
        let deadline = Date().addingTimeInterval(300)
        let steps = configuration.viewing == nil ? steps : 0
        while (app.state.progress.step < steps || app.state.snapshot == nil || app.state.testStrip.isEmpty) && Date() < deadline {
            Thread.sleep(forTimeInterval: 0.01)
            app.tick()
        }
        prepare(&app)
        var grid = CellGrid(width: size.width, height: size.height, capabilities: capabilities)
        app.render(into: &grid)
        return grid
    }
}
