import ConvEngine
@testable import ConvTermApp
import TerminalKit
import Testing

/// The dashboard drawn into the in-memory grid at the three sizes it is designed for.
@Suite struct DashboardViewTests {
    typealias F = DashboardFixtures

    static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    @Test(arguments: sizes) func everySizeShowsEveryPanel(size: Size) {
        let s = F.trainedState()
        let grid = F.render(s, width: size.width, height: size.height)
        let text = grid.lines
        #expect(text[0].contains("ConvTerm  convnetjs-cifar10  PAUSED  step 30"))
        // Network column: every layer, with its output volume and parameter count.
        let all = text.joined(separator: "\n")
        for layer in s.layers { #expect(all.contains(layer.name), "layer \(layer.name) missing at \(size)") }
        #expect(text.contains { $0.hasPrefix("conv1    conv 5x5/1  32x32x16") })
        #expect(all.contains("1,216"))
        // Layer view title, stats, curves, example, message and footer.
        #expect(all.contains("input image  32x32x3"))
        #expect(all.contains("examples") && all.contains("120"))
        #expect(all.contains("training loss"))
        #expect(text[size.height - 2].contains("paused — space resumes"))
        #expect(text[size.height - 1].hasPrefix("? help  q quit  space pause  n step"))
    }

    @Test func layoutTiersAndPanelsStayInsideTheScreen() {
        for (size, tier) in zip(Self.sizes, [DashboardLayout.Tier.compact, .medium, .large]) {
            let l = DashboardLayout(size: size, layerCount: 12)
            #expect(l.tier == tier)
            let screen = Rect(x: 0, y: 0, width: size.width, height: size.height)
            let panels = [l.status, l.network, l.layerView, l.example, l.curves, l.stats, l.message, l.footer]
            for p in panels { #expect(p.intersection(screen) == p && !p.isEmpty, "\(p) at \(size)") }
            for (i, a) in panels.enumerated() {
                for b in panels[(i + 1)...] { #expect(a.intersection(b).isEmpty, "\(a) overlaps \(b) at \(size)") }
            }
            // The whole network fits: 12 rows and a header.
            #expect(l.network.height >= 13)
        }
    }

    @Test func mediumAndLargeShowMinMaxColumnsAndTheLargeOneTheFormula() {
        let s = F.trainedState()
        let medium = F.render(s, width: 120, height: 40).lines.joined(separator: "\n")
        #expect(medium.contains("act min..max") && medium.contains("grad min..max"))
        let large = F.render(s, width: 200, height: 60).lines
        #expect(large.contains { $0.contains("conv1") && $0.contains("16x5x5x3+16 = 1,216") })
        // conv1's activation range is the snapshot's.
        let r = DashboardFormat.range(s.statistics["conv1"]?.activations)
        #expect(large.contains { $0.hasPrefix("conv1") && $0.contains(r) })
    }

    @Test func selectedLayerIsHighlightedAndDescribed() {
        var s = F.trainedState()
        s.selectedLayer = 1  // conv1
        let grid = F.render(s, width: 120, height: 40)
        let row = grid.lines.firstIndex { $0.hasPrefix("conv1 ") }!
        #expect(grid[0, row].background == .palette(75))
        #expect(grid.lines.contains { $0.contains("conv1 activations  32x32x16  range") })
        #expect(grid.lines.contains { $0.contains("16 filters 5x5x3, stride 1, pad 2 -> 32x32x16") })
        // 16 activation maps, labelled 0...15, all shown (no "+N more" in the layer view).
        let view = DashboardLayout(size: Size(width: 120, height: 40), layerCount: s.layers.count).layerView
        let viewText = (view.y..<view.maxY).map { String(Array(grid.lines[$0])[view.x..<view.maxX]) }
        #expect(!viewText.contains { $0.contains("more") })
        #expect(viewText.contains { $0.contains("15") })
    }

    @Test func weightsViewsShowFiltersAndNames() {
        var s = F.trainedState()
        s.selectedLayer = 1
        s.viewMode = .weights
        let first = F.render(s, width: 120, height: 40).lines
        #expect(first.contains { $0.contains("conv1 weights") })
        s.selectedLayer = 4  // conv2: grey tiles per input channel, one row per filter
        let deeper = F.render(s, width: 200, height: 60).lines
        #expect(deeper.contains { $0.contains("conv2 weights") })
        #expect(deeper.contains { $0.contains("f0") } && deeper.contains { $0.contains("f1") })
        s.selectedLayer = 10  // fc1: one tile per class, named
        s.viewMode = .weightGradients
        let fc = F.render(s, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(fc.contains("fc1 weight gradients") && fc.contains("stripes-h"))
    }

    @Test func softmaxShowsClassProbabilities() {
        var s = F.trainedState()
        s.selectedLayer = s.layers.count - 1
        let text = F.render(s, width: 120, height: 40).lines
        #expect(text.contains { $0.contains("softmax1 activations") })
        #expect(text.contains { $0.contains("triangle") })
    }

    @Test func inputGradientIsTheSaliencyPicture() {
        var s = F.trainedState()
        s.viewMode = .activationGradients
        let text = F.render(s, width: 200, height: 60).lines.joined(separator: "\n")
        #expect(text.contains("input gradient (saliency)"))
        #expect(text.contains("saliency max|grad|"))
    }

    @Test func zoomGivesTheLayerViewTheScreen() {
        var s = F.trainedState()
        s.zoomed = true
        s.selectedLayer = 1
        let text = F.render(s, width: 120, height: 40).lines
        #expect(!text.contains { $0.hasPrefix("layer    type") })
        #expect(text[1].hasPrefix("conv1 activations"))
        #expect(text[1].hasSuffix("tab view  z back"))
    }

    @Test func tooSmallSaysWhatIsNeeded() {
        let text = F.render(F.trainedState(), width: 79, height: 24).lines.joined(separator: "\n")
        #expect(text.contains("need 80x24, have 79x24"))
        let ok = F.render(F.trainedState(), width: 80, height: 24).lines.joined(separator: "\n")
        #expect(!ok.contains("need 80x24"))
    }

    @Test func helpOverlayListsEveryKey() {
        var s = F.trainedState()
        s.showHelp = true
        let text = F.render(s, width: 80, height: 24).lines.joined(separator: "\n")
        for b in DashboardKeys.help { #expect(text.contains(b.action), "help lacks \(b.key)") }
    }

    @Test func confirmationIsShownAsAPrompt() {
        let s = F.key(F.trainedState(), .char("q")).0
        let grid = F.render(s, width: 80, height: 24)
        #expect(grid.lines[22].hasPrefix(" Quit? 30 steps (120 examples)"))
        #expect(grid[0, 22].background == .palette(214))
        // Monochrome: reverse video instead of a colour nobody would see.
        let mono = F.render(s, width: 80, height: 24, capabilities: .monochromeASCII)
        #expect(mono[0, 22].attributes.contains(.reverse))
    }

    @Test func statusBarSaysWhatIsHappening() {
        var s = F.trainedState(paused: false)
        #expect(F.render(s, width: 80, height: 24).lines[0].contains("TRAINING"))
        s.progress.diverged = true
        s.progress.divergedAtStep = 31
        let grid = F.render(s, width: 80, height: 24)
        #expect(grid.lines[0].contains("DIVERGED"))
        #expect(grid.lines[22].contains("loss became NaN at step 31"))
    }

    @Test func beforeTheFirstStepItSaysSo() {
        let text = F.render(F.state(paused: true), width: 120, height: 40).lines.joined(separator: "\n")
        #expect(text.contains("no snapshot yet: press n to run one batch"))
    }

    @Test func exampleShowsTheTruthAndTopThreeColouredByCorrectness() {
        let s = F.trainedState()
        let grid = F.render(s, width: 200, height: 60)
        let truth = s.classNames[s.snapshot!.label]
        #expect(grid.lines.contains { $0.contains("true: \(truth)") })
        let right = s.testStrip.filter(\.isCorrect).count
        #expect(grid.lines.contains { $0.contains("test \(right)/8 right") })
        // The bar of the true class, when among the top 3, is green; the others red.
        let top = s.snapshot!.probabilities.enumerated().sorted { $0.element > $1.element }.prefix(3)
        for p in top {
            let name = s.classNames[p.offset]
            guard let y = grid.lines.firstIndex(where: { $0.contains(" \(name) ") && $0.contains("0.") }) else { continue }
            let x = Array(grid.lines[y]).indices.first { i in String(Array(grid.lines[y])[i...]).hasPrefix(name) }!
            #expect(grid[x, y].foreground == (p.offset == s.snapshot!.label ? .palette(40) : .palette(196)))
        }
    }
}
