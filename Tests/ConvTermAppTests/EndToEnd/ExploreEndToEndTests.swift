import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// `convterm explore` in a real terminal (tmux).
@Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: end-to-end explore tests skipped"))
struct ExploreEndToEndTests {
    /// The engine's own convolution of the demo's numbers, [K][OH][OW].
    func referenceOutput(_ w: ConvolutionWalkthrough) -> [Float] {
        let g = ConvGeometry(inChannels: w.inputVolume.depth, inHeight: w.inputVolume.height, inWidth: w.inputVolume.width,
                             outChannels: w.filterCount, kernelHeight: w.filterHeight, kernelWidth: w.filterWidth,
                             strideY: w.stride, strideX: w.stride, padTop: w.pad, padLeft: w.pad,
                             outHeight: w.outputVolume.height, outWidth: w.outputVolume.width)
        var out = [Float](repeating: .nan, count: g.outputCount)
        ConvKernels.referenceForward(g, input: w.input, weights: w.filters, bias: w.bias, output: &out)
        return out
    }

    @Test func stepThreeTimesAndSeeTheRightCellsFilled() throws {
        let tmux = try TmuxSession.start(["explore", "conv"], width: 100, height: 30)
        defer { tmux.kill() }
        try tmux.waitFor("output 4x4x2")
        tmux.send("n", "n", "n")
        let screen = try tmux.waitFor("cell 3/32")
        let lines = screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let header = try #require(lines.firstIndex { $0.contains("o[:,:,0]") })
        let column = lines[header].range(of: "o[:,:,0]")!.lowerBound
        let rows = (1...2).map { r in lines[header + r][column...].split(separator: " ").prefix(4).map(String.init) }
        let expected = referenceOutput(try ConvolutionWalkthrough.smallIntegers())
        #expect(rows[0] == expected[0..<3].map(ExploreFormat.number) + ["·"])
        #expect(rows[1] == ["·", "·", "·", "·"])
        #expect(screen.contains("o[0,2,0] = sum of 27 products + bias"))
        tmux.send("q")
        #expect(try tmux.waitForExit() == 0)
        #expect(tmux.terminalModes() == TmuxSession.Modes(alternateScreen: false, cursorVisible: true))
    }

    @Test func lectureOptionsGiveTheLecturesSizes() throws {
        for (args, size) in [(["--input", "32x32x3", "--filter", "5x5", "--filters", "6"], "28x28x6"),
                             (["--input", "7x7", "--filter", "3x3", "--stride", "2"], "3x3x1")] {
            let tmux = try TmuxSession.start(["explore", "conv"] + args, width: 120, height: 40)
            defer { tmux.kill() }
            try tmux.waitFor("output \(size)")
            tmux.send("q")
            #expect(try tmux.waitForExit() == 0)
        }
    }

    @Test func poolShowsTheWinnerAndAStrideThatDoesNotFit() throws {
        let tmux = try TmuxSession.start(["explore", "pool"], width: 90, height: 26)
        defer { tmux.kill() }
        try tmux.waitFor("max pool 2x2 stride 2")
        tmux.send("n")
        try tmux.waitFor(#"max\(1, 1, 5, 6\) = 6"#)
        tmux.send("S")
        try tmux.waitFor("is not a whole number")
        tmux.send("C-c")
        #expect(try tmux.waitForExit() == 130)
        #expect(tmux.terminalModes() == TmuxSession.Modes(alternateScreen: false, cursorVisible: true))
    }
}
