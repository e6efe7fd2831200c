import ConvEngine
import Foundation
import Lessons
import Testing
import TerminalKit
@testable import ConvTermApp

/// The live lesson demos (lessons 8, 9, 11, 12): each trains or computes for real with small
/// step counts, then is drawn into an in-memory grid. Every key is tried; none may crash.
@Suite(.serialized) struct DemoTests {
    static let cifar = LessonDemoRequest.Net(name: "convnetjs-cifar10", spec: Zoo.spec(named: "convnetjs-cifar10")!)

    func spec(_ text: String) throws -> NetworkSpec { try SpecParser.parse(text) }

    static let allKeys: [Key] = [.char("n"), .char("p"), .char("c"), .char("o"), .char(" "), .char("r"), .char("+"), .char("-"),
                                 .up, .down, .left, .right, .enter, .char("x"), .ctrl("x"), .function(5), .unknown(999), .resize,
                                 .char("?"), .char("z"), .pageUp, .home]

    func tryEveryKey(_ d: inout DemoDriver) {
        for key in DemoTests.allKeys {
            let stayed = d.press(key)
            #expect(stayed, "key \(key) left the demo")
            d.tick()
            _ = d.screen()
            _ = d.screen(width: 60, height: 16)
            _ = d.screen(width: 30, height: 8)
        }
    }

    /// Each way back leaves the demo and cancels its work (on a copy: nothing is performed).
    func backKeys(_ d: DemoDriver) {
        for key in [Key.char("q"), .tab, .escape, .backTab] {
            var copy = d.app
            let effects = copy.update(.input(.key(key)))
            #expect(copy.isFinished, "\(key) should return to the lesson")
            #expect(effects.count == 1 && { if case .cancel = effects[0] { true } else { false } }())
        }
    }

    @Test func seeingTrainsThenShowsSaliencyAndTheAscent() throws {
        var d = DemoDriver(LessonDemoRequest(kind: .seeing, networks: [DemoTests.cifar], options: ["steps": "20", "dream-steps": "6"]))
        defer { d.worker.stop() }
        d.tick()
        #expect(d.screen().contains("Training convnetjs-cifar10"))
        try d.finish()
        let demo = try #require(d.app.demo as? SeeingDemo)
        let shown = try #require(demo.shown)
        let s = shown.saliency
        // The picture is the engine's saliency of this image for this class.
        let again = Saliency.compute(network: try #require(demo.network), image: DemoTraining.floats(demo.test, 0), classIndex: s.classIndex)
        #expect(again.gradient == s.gradient)
        #expect(demo.dream.count == 7)
        #expect(demo.dream.last!.objective > demo.dream.first!.objective)
        let text = d.screen()
        #expect(text.contains("Trained 20 steps (\(20 * demo.batch) images"))
        // The measured share over the test images, and this image's own.
        let m = try #require(demo.measurement)
        #expect(text.contains("Over \(m.images) test images, \(DemoText.percent(m.saliencyInObject)) of the saliency of the true class lies on the object"))
        #expect(text.contains("On this image's object:"))
        #expect(text.contains("Saliency of the score of"))
        #expect(text.contains("ascent step 6/6"))
        #expect(text.contains("Gradient ascent on the score of"))
        #expect(text.contains("back to the lesson"))
        _ = d.press(.char("o"))
        try d.finish()
        #expect(d.screen().contains("mean of conv1"))
        tryEveryKey(&d)
        try d.finish()
        backKeys(d)
    }

    @Test func presentDoublesThePictures() throws {
        var small = DemoDriver(LessonDemoRequest(kind: .seeing, networks: [DemoTests.cifar], options: ["steps": "2", "dream-steps": "1"]))
        var big = DemoDriver(LessonDemoRequest(kind: .seeing, networks: [DemoTests.cifar], options: ["steps": "2", "dream-steps": "1"], present: true))
        defer { small.worker.stop(); big.worker.stop() }
        try small.finish()
        try big.finish()
        func imageWidth(_ d: DemoDriver) -> Int {
            var grid = CellGrid(width: 230, height: 60)
            d.host.view(into: &grid)
            // The row under the "image" caption: count half-block cells.
            let row = grid.lines.firstIndex { $0.range(of: #"^\s*image\s+saliency"#, options: .regularExpression) != nil }! + 1
            return grid.text(row: row).filter { $0 == "▀" }.count
        }
        #expect(imageWidth(small) == 32 * 3)
        #expect(imageWidth(big) == 64 * 3)
        // Too small for double size: all three pictures still show, at single size.
        // (In projector mode the third caption has no step counter: "gradient ascent".)
        #expect(big.screen(width: 120, height: 40).range(of: #"image\s+saliency\s+gradient ascent"#, options: .regularExpression) != nil)
    }

    @Test func parallelChecksTheAveragedGradientAndPlansVGG() throws {
        let vgg = LessonDemoRequest.Net(name: "vgg16", spec: Zoo.spec(named: "vgg16")!)
        var d = DemoDriver(LessonDemoRequest(kind: .parallel, networks: [vgg], options: ["workers": "2"]))
        defer { d.worker.stop() }
        try d.finish()
        let demo = try #require(d.app.demo as? ParallelDemo)
        let check = try #require(demo.check)
        #expect(check.shares == [4, 4])
        #expect(check.relativeDifference < 1e-5)
        let text = d.screen(width: 130)
        #expect(text.contains("the same gradient up to round-off"))
        #expect(text.contains("\(check.gradientCount.grouped) gradient numbers"))
        let shapes = NetworkShapes(vgg.spec)
        let balanced = ParallelPlan.model(shapes, batch: 32)
        #expect(text.contains("split after \(balanced.splitAfter!)"))
        #expect(text.contains("conv | fc"))
        #expect(text.contains("each worker sends its whole gradient, \(shapes.totalParams.grouped) numbers"))
        _ = d.press(.char("+"))
        #expect(d.screen(width: 130).contains("batch 64"))
        tryEveryKey(&d)
        try d.finish()
        backKeys(d)
    }

    static let plain = """
    input 32x32x3
    conv1: conv 8 3x3 pad 1
    relu
    conv2: conv 8 3x3 pad 1
    relu
    pool1: maxpool 2x2 stride 2
    fc1: fc 10
    softmax
    """
    static let residual = """
    input 32x32x3
    conv1: conv 8 3x3 pad 1
    relu
    block1: residual {
      conv 8 3x3 pad 1
    }
    relu
    pool1: maxpool 2x2 stride 2
    fc1: fc 10
    softmax
    """

    @Test func raceTrainsBothOnTheSameBatches() throws {
        let nets = [LessonDemoRequest.Net(name: "plain", spec: try spec(DemoTests.plain)),
                    LessonDemoRequest.Net(name: "residual", spec: try spec(DemoTests.residual))]
        var d = DemoDriver(LessonDemoRequest(kind: .race, networks: nets, options: ["steps": "6"]))
        defer { d.worker.stop() }
        try d.finish()
        let demo = try #require(d.app.demo as? ResidualRaceDemo)
        #expect(demo.runners.map(\.losses.count) == [6, 6])
        #expect(demo.runners.allSatisfy { $0.testAccuracy != nil })
        // Same seed, same batches, different nets: different curves.
        #expect(demo.runners[0].losses != demo.runners[1].losses)
        let text = d.screen()
        #expect(text.contains("step 6/6  done"))
        #expect(text.contains("plain: \(NetworkShapes(nets[0].spec).totalParams.grouped) params"))
        #expect(text.contains("residual loss") && text.contains("plain loss"))
        #expect(text.contains("test accuracy"))
        tryEveryKey(&d)
        try d.finish()
        backKeys(d)
    }

    static let transfer = """
    input 32x32x3
    conv1: conv 8 5x5 pad 2 frozen
    relu
    pool1: maxpool 2x2 stride 2
    conv2: conv 8 5x5 pad 2 frozen
    relu
    pool2: maxpool 4x4 stride 4
    fc1: fc 10
    softmax
    """

    @Test func transferKeepsFrozenFiltersStillAndTrainsTheHead() throws {
        let net = LessonDemoRequest.Net(name: "transfer", spec: try spec(DemoTests.transfer))
        var d = DemoDriver(LessonDemoRequest(kind: .transfer, networks: [net], options: ["pretrain": "8", "steps": "8", "examples": "4"]))
        defer { d.worker.stop() }
        try d.finish()
        let demo = try #require(d.app.demo as? TransferDemo)
        #expect(demo.frozenLayers == ["conv1", "conv2"])
        let p = demo.progress
        #expect(p.finished)
        let shapes = NetworkShapes(net.spec)
        // Frozen layers report as non-trainable, exactly the spec's count.
        #expect(p.runners[0].trainable == shapes.trainableParams)
        #expect(p.runners[0].frozen == shapes.frozenParams)
        #expect(p.runners[1].trainable == shapes.totalParams)
        // Measured after training: frozen weights did not move at all, the head did.
        #expect(p.runners[0].frozenMove == 0)
        #expect((p.runners[0].trainableMove ?? 0) > 0)
        #expect(p.filtersBefore == p.filtersAfter && !p.filtersBefore.isEmpty)
        #expect(p.runners.allSatisfy { $0.accuracy != nil && $0.losses.count == 8 })
        let text = d.screen()
        #expect(text.contains("0 (exactly)"))
        #expect(text.contains("frozen in (a): conv1, conv2"))
        #expect(text.contains("New-task test accuracy"))
        #expect(text.contains("conv filters before:"))
        tryEveryKey(&d)
        backKeys(d)
    }

    @Test func runsOnTheMemoryBackendAndReturnsOnQ() throws {
        var (app, worker) = LessonDemoApp.hosted(LessonDemoRequest(kind: .race, networks: [DemoTests.cifar], options: ["steps": "2"]))
        defer { worker.stop() }
        let backend = MemoryBackend(width: 100, height: 30, keys: [.char("?"), .char("x"), .char("r"), .char("q")])
        let outcome = Terminal.run(&app, on: backend)
        #expect(outcome == .finished)
        #expect(backend.isClosed)
        let text = try #require(backend.lastGrid).trimmedLines.joined(separator: "\n")
        #expect(text.contains("Depth without shortcuts, live: convnetjs-cifar10"))
        #expect(text.contains("back to the lesson"))
    }

    // MARK: Routing from the lesson player

    func player(present: Bool = false) throws -> LessonPlayerState {
        LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: LessonProgress(), present: present)
    }

    /// Opens the step of `lesson` (0-based) whose widget is `widget`, presses tab, returns the demo asked for.
    func tab(lesson: Int, widget: String, show: String? = nil, present: Bool = false) throws -> LessonDemoRequest? {
        var s = try player(present: present)
        _ = s.open(lesson: lesson, step: 0)
        let index = try #require(s.lesson.steps.firstIndex { $0.widget?.name == widget && (show == nil || $0.widget?.option("show") == show) })
        s.go(to: index)
        #expect(screen(s).contains("tab"))
        for effect in s.update(.tab) {
            if case .launch(let l) = effect { return l.demo }
        }
        return nil
    }

    func screen(_ s: LessonPlayerState) -> String {
        var grid = CellGrid(width: 120, height: 40)
        s.render(into: &grid)
        return grid.trimmedLines.joined(separator: "\n")
    }

    /// On a projector, a quiz answered earlier on this machine stays closed until revealed.
    @Test func presentKeepsEarlierAnswersHiddenUntilRevealed() throws {
        var progress = LessonProgress()
        progress.quizzes["02-convolution"] = [6: "right"]
        for present in [false, true] {
            var s = LessonPlayerState(library: try LessonLibrary(directory: LessonPlayerTests.directory), progress: progress, present: present)
            _ = s.open(lesson: 1, step: 5)
            #expect(screen(s).contains("You answered this one.") == !present)
            #expect(screen(s).contains("= 3,072 * 4,704 = 14,450,688") == !present)
            _ = s.update(.char("r"))
            #expect(screen(s).contains("14,450,688"))
        }
    }

    @Test func lessonsOpenTheirDemosWithTab() throws {
        #expect(try tab(lesson: 7, widget: "race")?.kind == .race)
        #expect(try tab(lesson: 7, widget: "race")?.networks.map(\.name) == ["plain8-cifar", "plain32-cifar", "resnet32-cifar"])
        #expect(try tab(lesson: 8, widget: "transfer")?.kind == .transfer)
        #expect(try tab(lesson: 10, widget: "visualize", show: "saliency")?.kind == .seeing)
        #expect(try tab(lesson: 10, widget: "visualize", show: "dream")?.kind == .seeing)
        #expect(try tab(lesson: 11, widget: "parallel")?.kind == .parallel)
        #expect(try tab(lesson: 11, widget: "parallel", present: true)?.present == true)
        #expect(try tab(lesson: 11, widget: "parallel")?.present == false)
        // Filters and activations still open the dashboard.
        #expect(try tab(lesson: 10, widget: "visualize", show: "filters") == nil)
    }
}
