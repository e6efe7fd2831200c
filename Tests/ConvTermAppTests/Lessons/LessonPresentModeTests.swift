import ConvEngine
import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// `--present` from the lesson player to what it launches (LessonSession's dashboard settings,
/// the demos, the explorers): pictures larger, no speeds, timings or step counts, while loss
/// and accuracy stay.
@Suite(.serialized) struct LessonPresentModeTests {
    func player(present: Bool) throws -> LessonPlayerState {
        LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: LessonProgress(), present: present)
    }

    func text(_ grid: CellGrid) -> String { grid.trimmedLines.joined(separator: "\n") }

    /// "1.2 s", "0.3 ms", "450 images/s", "step 3/8", "seed 1": what a room should not be reading.
    static let timings = [#"\d\s?ms\b"#, #"images/s"#, #"img/s"#, #"\d\.\d s\b"#, #"elapsed"#, #"step \d+/\d+"#, #"seed \d"#]

    func timingsIn(_ text: String) -> [String] {
        LessonPresentModeTests.timings.filter { text.range(of: $0, options: .regularExpression) != nil }
    }

    /// The longest run of half-block pixels on any row inside `area`: the width of the widest picture there.
    func widestPicture(_ grid: CellGrid, in area: Rect) -> Int {
        var best = 0
        for y in area.y..<area.maxY {
            var run = 0
            for x in area.x..<area.maxX {
                if grid[x, y].character == "▀" { run += 1; best = max(best, run) } else { run = 0 }
            }
        }
        return best
    }

    // MARK: Dashboard

    /// The lesson 5 dashboard step, tabbed in present mode, asks LessonSession for a dashboard
    /// whose state is in present mode.
    @Test func presentReachesTheDashboardFromALesson() throws {
        for present in [false, true] {
            var s = try player(present: present)
            _ = s.open(lesson: 4, step: 0)
            let index = try #require(s.lesson.steps.firstIndex { $0.widget?.name == "dashboard" })
            s.go(to: index)
            let launch = try #require(s.update(.tab).compactMap { effect -> LessonLaunch? in
                if case .launch(let l) = effect { return l } else { return nil }
            }.first)
            #expect(launch.present == present)
            let configuration = LessonSession.configuration(for: launch)
            #expect(configuration.present == present)
            let app = try Dashboard.makeApp(configuration: configuration)
            defer { app.stop() }
            #expect(app.state.present == present)
        }
    }

    @Test func dashboardInPresentModeShowsNoSpeedsOrTimings() {
        // Training, not paused: the speed is only shown while it trains.
        var normal = DashboardFixtures.trainedState(paused: false)
        normal.imagesPerSecond = 321
        normal.trainingSeconds = 75
        normal.progress.forwardMilliseconds = 1.5
        var present = normal
        present.present = true
        for size in [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)] {
            let before = text(DashboardFixtures.render(normal, width: size.width, height: size.height))
            let after = text(DashboardFixtures.render(present, width: size.width, height: size.height))
            // Without present they are there (so this test can fail), with present none is.
            #expect(before.contains("321"), "\(size)")
            #expect(timingsIn(after).isEmpty, "\(size): \(timingsIn(after))\n\(after)")
            #expect(!after.contains("321") && !after.contains("seed 7"), "\(size)")
            #expect(after.contains("loss") && after.contains("accuracy"), "\(size)")
        }
    }

    /// q and r in the dashboard ask first; on a projector the question carries no step counts
    /// (the trained fixture is at step 30, 120 examples seen).
    @Test func dashboardQuestionsInPresentModeShowNoStepCounts() {
        for present in [false, true] {
            var s = DashboardFixtures.trainedState()
            s.present = present
            for key in [Key.char("q"), .char("r")] {
                let (asking, _) = DashboardFixtures.key(s, key)
                let screen = text(DashboardFixtures.render(asking, width: 120, height: 40))
                #expect(screen.contains("would be lost"), "\(key)")
                #expect(screen.contains("30 steps (120 examples)") == !present, "present \(present), \(key)")
            }
        }
    }

    /// conv1 of the ConvNetJS net makes 16 maps of 32x32 pixels. Zoomed on a 200x60 screen the
    /// layer view has 200 columns and 54 rows for pictures: at scale 1 six maps (33 columns each
    /// with the gap) fit a row and three rows fit (16 rows + label), 18 >= 16, at scale 2 only
    /// three do, so the normal view draws them 32 wide; present mode draws them at 2x, 64 wide.
    /// Not zoomed, the normal view shrinks the maps to fit all 16; present mode keeps them whole.
    @Test func dashboardInPresentModeDrawsLargerMaps() {
        var normal = DashboardFixtures.trainedState()
        normal.selectedLayer = 1
        normal.viewMode = .activations
        #expect(normal.selectedRow.name == "conv1" && normal.selectedRow.output == Volume(width: 32, height: 32, depth: 16))
        var present = normal
        present.present = true
        let size = Size(width: 200, height: 60)
        for zoomed in [true, false] {
            normal.zoomed = zoomed
            present.zoomed = zoomed
            let area = DashboardLayout(size: size, layerCount: normal.layers.count, zoomed: zoomed).layerView
            let small = widestPicture(DashboardFixtures.render(normal, width: size.width, height: size.height), in: area)
            let big = widestPicture(DashboardFixtures.render(present, width: size.width, height: size.height), in: area)
            if zoomed {
                #expect(small == 32)
                #expect(big == 64)
            } else {
                #expect(small < 32)
                #expect(big == 32)
            }
        }
    }

    // MARK: Demos

    static let transferSpec = """
    input 32x32x3
    conv1: conv 8 5x5 pad 2 frozen
    relu
    pool1: maxpool 2x2 stride 2
    fc1: fc 10
    softmax
    """

    func finished(_ request: LessonDemoRequest) throws -> LessonDemoApp {
        var d = DemoDriver(request)
        defer { d.worker.stop() }
        try d.finish()
        return d.app
    }

    func frame(_ app: LessonDemoApp, width: Int = 120, height: Int = 40) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        app.view(into: &grid)
        return grid
    }

    /// Every demo, finished, in both modes: with present no timing, speed or step count is on
    /// screen; loss or accuracy still is. Without present the race and the seeing demo do show
    /// seconds and steps (so the check is not vacuous).
    @Test func demosInPresentModeShowNoTimings() throws {
        let cifar = LessonDemoRequest.Net(name: "convnetjs-cifar10", spec: Zoo.spec(named: "convnetjs-cifar10")!)
        let small = LessonDemoRequest.Net(name: "transfer", spec: try SpecParser.parse(LessonPresentModeTests.transferSpec))
        let vgg = LessonDemoRequest.Net(name: "vgg16", spec: Zoo.spec(named: "vgg16")!)
        let requests: [(LessonDemoRequest.Kind, [LessonDemoRequest.Net], [String: String], String)] = [
            (.seeing, [cifar], ["steps": "2", "dream-steps": "2"], "test accuracy"),
            (.race, [small, small], ["steps": "3"], "loss"),
            (.transfer, [small], ["pretrain": "3", "steps": "3", "examples": "2"], "test acc"),
            (.parallel, [vgg], [:], "losses"),
        ]
        for (kind, nets, options, kept) in requests {
            let normal = text(frame(try finished(LessonDemoRequest(kind: kind, networks: nets, options: options))))
            let present = text(frame(try finished(LessonDemoRequest(kind: kind, networks: nets, options: options, present: true))))
            #expect(timingsIn(present).isEmpty, "\(kind): \(timingsIn(present)) in\n\(present)")
            #expect(present.contains(kept), "\(kind) lost `\(kept)`")
            if kind != .parallel { #expect(!timingsIn(normal).isEmpty, "\(kind) shows its steps without present") }
        }
    }

    /// The transfer demo's first-layer filters are 5x5: 5 columns each, 10 at double scale.
    @Test func transferFiltersAreTwiceAsWideInPresentMode() throws {
        let net = LessonDemoRequest.Net(name: "transfer", spec: try SpecParser.parse(LessonPresentModeTests.transferSpec))
        let options = ["pretrain": "2", "steps": "2", "examples": "2"]
        func filterWidth(_ present: Bool) throws -> Int {
            let grid = frame(try finished(LessonDemoRequest(kind: .transfer, networks: [net], options: options, present: present)), width: 140, height: 50)
            let row = try #require(grid.lines.firstIndex { $0.contains("conv filters before:") })
            return widestPicture(grid, in: Rect(x: 0, y: row, width: grid.width, height: 1))
        }
        #expect(try filterWidth(false) == 5)
        #expect(try filterWidth(true) == 10)
    }

    // MARK: Explorer and help

    /// The explorer's numbers get two spaces each on a projector: lesson 2's 32x32x3 input holds
    /// one-digit integers, so a column is 2 wide normally and 3 wide in present mode.
    @Test func explorerCellsAreWiderInPresentMode() throws {
        func firstInputRow(_ present: Bool) throws -> String {
            var s = try player(present: present)
            _ = s.open(lesson: 1, step: 1)
            _ = s.update(.tab)
            _ = s.update(.char("o"))
            var grid = CellGrid(width: 120, height: 40)
            s.render(into: &grid)
            let caption = try #require(grid.lines.firstIndex { $0.hasPrefix("x[:,:,0]") })
            return grid.text(row: caption + 1)
        }
        let normal = try firstInputRow(false), present = try firstInputRow(true)
        // The first ten numbers of channel 0 take 20 columns, or 30 with the wider cells.
        let digitsNormal = normal.prefix(20).filter(\.isNumber).count
        let digitsPresent = present.prefix(30).filter(\.isNumber).count
        #expect(digitsNormal == 10)
        #expect(digitsPresent == 10)
        #expect(present.prefix(30).allSatisfy { $0 == " " || $0.isNumber })
        #expect(present.hasPrefix("  ") && !normal.hasPrefix("  "))
    }

    /// Lesson 2, step 4 has one 5x5x3 filter: one 28x28 activation map. In the pane, in present
    /// mode, that one map must be drawn (smaller if double size does not fit), never hidden.
    @Test func presentMapsStillShowInThePane() throws {
        var s = try player(present: true)
        _ = s.open(lesson: 1, step: 3)
        // The step's quiz asks for the output size the maps' title gives: answered first.
        _ = s.update(.char("r"))
        _ = s.update(.tab)
        _ = s.update(.char("v"))
        _ = s.update(.end)
        var grid = CellGrid(width: 120, height: 40)
        s.render(into: &grid)
        let screen = text(grid)
        #expect(screen.contains("activation maps: 1 of 28x28"))
        #expect(screen.contains("o[:,:,0]"))
        #expect(!screen.contains("+1 more"))
        #expect(widestPicture(grid, in: grid.bounds) >= 28)
    }

    @Test func helpMentionsPresentModeWhenItIsOn() throws {
        for present in [false, true] {
            var s = try player(present: present)
            _ = s.open(lesson: 1, step: 0)
            _ = s.update(.char("?"))
            var grid = CellGrid(width: 120, height: 40)
            s.render(into: &grid)
            #expect(text(grid).contains("--present is on") == present)
        }
    }

    /// The lesson list on a projector: no "step 2/8" counters beside lessons someone started on
    /// this machine (the header's progress bar is already hidden); without --present they show.
    @Test func homeListShowsNoStepCountersInPresentMode() throws {
        for present in [false, true] {
            var progress = LessonProgress()
            progress.steps["02-convolution"] = 2
            let s = LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: progress, present: present)
            var grid = CellGrid(width: 120, height: 40)
            s.render(into: &grid)
            #expect(text(grid).contains("The convolution layer"))
            #expect(timingsIn(text(grid)).isEmpty == present, "present \(present): \(timingsIn(text(grid)))")
        }
    }
}
