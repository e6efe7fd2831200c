import ConvData
import ConvEngine
import Testing
import TerminalKit
@testable import ConvTermApp

/// The edge explorer's update and picture as pure functions: the filters light up on edges of
/// their own direction, and every key does what the help says.
@Suite struct EdgeExploreStateTests {
    /// One 32x32 picture: black left half, white right half (a vertical edge between columns 15 and 16).
    static let halves: ImageSet = {
        let plane = (0..<32).flatMap { _ in (0..<32).map { x in UInt8(x < 16 ? 0 : 255) } }
        return ImageSet(pixels: plane + plane + plane, labels: [0], classNames: ["halves"])
    }()

    /// Output columns where |output| is above half its largest value.
    func litColumns(_ s: EdgeExploreState) -> Set<Int> {
        let w = s.conv.outputVolume.width, top = s.largestMagnitude
        return Set(s.conv.output.indices.filter { abs(s.conv.output[$0]) > top / 2 }.map { $0 % w })
    }

    @Test func theVerticalFilterLightsUpOnAVerticalEdgeAndTheHorizontalOneDoesNot() {
        var s = EdgeExploreState(pictures: EdgeExploreStateTests.halves, name: "test")
        #expect(s.conv.outputVolume == Volume(width: 30, height: 30, depth: 1))
        // Windows at output columns 14 and 15 straddle the edge: 4 (= 1 + 2 + 1) brightness steps of 1.
        #expect(litColumns(s) == [14, 15])
        #expect(abs(s.largestMagnitude - 4) < 1e-5)
        _ = s.update(.char("h"))
        #expect(s.edge == .horizontal)
        #expect(s.largestMagnitude < 1e-5)
    }

    @Test func theSweepFillsARowAPerTickAndOnlyTheSweptCellsShow() {
        var s = EdgeExploreState(pictures: EdgeExploreStateTests.halves, name: "test")
        #expect(s.playing && s.filled == 0)
        #expect(s.sweptMagnitudes.allSatisfy { $0 == 0 })
        s.tick()
        #expect(s.filled == 30)
        #expect(s.sweptMagnitudes.prefix(30).max() == s.largestMagnitude)
        #expect(s.sweptMagnitudes.dropFirst(30).allSatisfy { $0 == 0 })
        for _ in 0..<40 { s.tick() }
        #expect(s.filled == s.stepCount && !s.playing)
    }

    @Test func keysSwitchFiltersAndPicturesAndStepTheSweep() {
        var s = EdgeExploreState.builtIn()
        #expect(s.pictures.count == ExploreSettings.imageCount)
        _ = s.update(.char("e"))
        #expect(s.filled == s.stepCount && !s.playing)
        // Another filter or picture starts the sweep again.
        _ = s.update(.char("f"))
        #expect(s.edge == .horizontal && s.filled == 0 && s.playing)
        _ = s.update(.char("v"))
        #expect(s.edge == .vertical)
        _ = s.update(.char("p"))
        #expect(s.index == ExploreSettings.imageCount - 1)
        #expect(s.conv.input == EdgeExploreState.convolve(s.pictures, s.index, .vertical).input)
        _ = s.update(.char("n"))
        #expect(s.index == 0)
        _ = s.update(.char(" "))
        #expect(!s.playing)
        _ = s.update(.char("."))
        _ = s.update(.down)
        #expect(s.filled == 31)
        _ = s.update(.char(","))
        #expect(s.filled == 30)
        _ = s.update(.char("?"))
        #expect(s.showHelp)
        // With help open, q only closes it; then it quits.
        let stayed = s.update(.char("q"))
        #expect(stayed && !s.showHelp)
        let again = s.update(.char("q"))
        #expect(!again)
    }

    @Test func theAppSweepsOnTheFrameClock() {
        var app = EdgeExploreApp(state: EdgeExploreState(pictures: EdgeExploreStateTests.halves, name: "test"))
        _ = app.update(.frame(now: 0.05))
        #expect(app.state.filled == 0)
        _ = app.update(.frame(now: 0.1))
        #expect(app.state.filled == 30)
        _ = app.update(.key(.char("q")))
        #expect(app.isFinished)
    }

    @Test func itFitsEightyByTwentyFourWithTheFilterBesideThePictures() throws {
        var s = EdgeExploreState.builtIn(edge: .horizontal)
        _ = s.update(.char("e"))
        var grid = CellGrid(width: 80, height: 24)
        s.render(into: &grid)
        let text = grid.trimmedLines.joined(separator: "\n")
        #expect(text.contains("a horizontal-edge filter over a real picture"))
        #expect(text.contains("filter") && text.contains(" -1  -2  -1"))
        #expect(text.contains("|output|: bright = a horizontal edge"))
        #expect(text.contains("30x30 outputs = 32 - 3 + 1"))
        #expect(text.contains("v/h filter"))
        // The two pictures: 32 and 30 half-block columns on their first row.
        let row = grid.lines[3]
        #expect(row.filter { $0 == "▀" }.count == 62)
        // A narrow pane: the filter on one line under the pictures.
        var pane = CellGrid(width: 66, height: 22)
        s.render(into: &pane, minimum: EdgeExploreState.paneMinimum)
        let narrow = pane.trimmedLines.joined(separator: "\n")
        #expect(narrow.contains("filter [1   2   1] [0   0   0] [-1  -2  -1]; at 29,29:"))
    }
}
