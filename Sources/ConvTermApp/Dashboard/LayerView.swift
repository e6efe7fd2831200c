import ConvEngine
import TerminalKit

/// The selected layer, drawn the ConvNetJS way: activation maps sharing one min/max per layer,
/// gradients in a diverging map, first-layer filters as RGB tiles, deeper filters as grey tiles
/// per input channel each scaled by its own min/max, the input as the colour image and its
/// gradient as a saliency picture. Zoom simply gives this view the whole screen.
struct LayerView: Widget {
    var state: DashboardState
    var tier: DashboardLayout.Tier

    static func describe(_ layer: DashboardLayerRow) -> String { layer.summary }

    static func modeTitle(_ mode: LayerViewMode, input: Bool) -> String {
        guard input else { return mode.title }
        return mode == .activations ? "image" : "gradient (saliency)"
    }

    func render(into grid: inout CellGrid, area: Rect) {
        guard area.height >= 3, area.width >= 10 else { return }
        let layer = state.selectedRow
        let mode = state.effectiveViewMode
        let stats = state.statistics[layer.name]
        let range: ClosedRange<Float>? = switch mode {
        case .activations: stats?.activations
        case .activationGradients: stats?.gradients
        case .weights: stats?.weights
        case .weightGradients: stats?.weightGradients
        }
        // Line 1: what is shown; line 2: the layer's arithmetic.
        var x = area.x
        x += grid.write("\(layer.name) \(LayerView.modeTitle(mode, input: layer.isInput))", x: x, y: area.y,
                        style: DashboardStyle.heading, clip: area)
        x += grid.write("  \(layer.output)  range \(DashboardFormat.range(range))", x: x, y: area.y,
                        style: DashboardStyle.label, clip: area)
        let hint = state.zoomed ? "tab view  z back" : "tab view  z zoom"
        if area.maxX - x > hint.count + 2 {
            grid.write(hint, x: area.maxX - hint.count, y: area.y, style: DashboardStyle.label, clip: area)
        }
        var second = layer.summary
        if let formula = layer.paramsFormula { second += "  params " + formula }
        grid.write(TextLayout.clip(second, width: area.width, ellipsis: grid.glyphs.ellipsis), x: area.x, y: area.y + 1,
                   style: DashboardStyle.value, clip: area)
        let body = area.inset(top: 3)
        guard !body.isEmpty else { return }

        guard let snap = state.snapshot else {
            let text = state.paused ? "no snapshot yet: press n to run one batch, or space to train"
                                    : "waiting for the first training step..."
            grid.write(text, x: body.x, y: body.y, style: DashboardStyle.label, clip: body)
            return
        }
        if layer.isInput {
            renderInput(snap, mode, &grid, body)
            return
        }
        if layer.type == "softmax" {
            if mode == .activations {
                vector(snap.probabilities, range: 0...1, labels: state.classNames, signed: false, &grid, body)
            } else {
                note("the softmax is folded into the loss: its gradient is the fc layer's (probability - 1 for the true class)", &grid, body)
            }
            return
        }
        guard let sl = snap.layers.first(where: { $0.name == layer.name }) else {
            note("no numbers for \(layer.name) in this snapshot", &grid, body)
            return
        }
        let isLastScores = layer.output.count == state.classNames.count && layer.name == state.layers.last(where: { $0.type != "softmax" })?.name
        switch mode {
        case .activations, .activationGradients:
            let signed = mode == .activationGradients
            guard let values = signed ? sl.activationGradients : sl.activations, let range else {
                note("no gradient reached this layer yet", &grid, body)
                return
            }
            maps(values, sl.output, range: range, signed: signed, labels: isLastScores ? state.classNames : nil, &grid, body)
        case .weights, .weightGradients:
            let signed = mode == .weightGradients
            guard let values = signed ? sl.weightGradients : sl.weights, let shape = sl.weightShape else {
                note("\(layer.name) has no weights", &grid, body)
                return
            }
            weights(values, shape: shape, signed: signed, labels: isLastScores ? state.classNames : nil, &grid, body)
        }
    }

    func note(_ text: String, _ grid: inout CellGrid, _ area: Rect) {
        for (i, line) in TextLayout.wrap(text, width: area.width).enumerated() where i < area.height {
            grid.write(line, x: area.x, y: area.y + i, style: DashboardStyle.label, clip: area)
        }
    }

    // MARK: Input

    func renderInput(_ snap: NetworkSnapshot, _ mode: LayerViewMode, _ grid: inout CellGrid, _ body: Rect) {
        let v = state.layers[0].output
        if mode == .activations {
            var image = DashboardImages.image(planes: snap.input, width: v.width, height: v.height)
            // Too little room even at scale 1 (compact tier): show it at half size rather than not at all.
            if (image.height + 1) / 2 + 1 > body.height || image.width > body.width { image = DashboardImages.downsample(image, factor: 2) }
            let s = DashboardImages.tileScale(pixelWidth: image.width, pixelHeight: image.height, count: 1, area: body)
            let label = "true class: " + className(snap.label)
            TileGrid(tiles: [TileGrid.Tile(label: label, content: ImageView(image, scale: s))]).render(into: &grid, area: body)
            return
        }
        guard let g = snap.inputGradient else {
            note("no gradient yet", &grid, body)
            return
        }
        // The RGB gradient (grey = 0) and its saliency: the largest |gradient| over the channels.
        let n = v.width * v.height
        var saliency = [Float](repeating: 0, count: n)
        for c in 0..<max(1, v.depth) {
            for i in 0..<n where c * n + i < g.count { saliency[i] = max(saliency[i], abs(g[c * n + i])) }
        }
        var gradient = DashboardImages.signedImage(planes: g, width: v.width, height: v.height)
        var saliencyImage = RGBImage(width: v.width, height: v.height, planes: saliency + saliency + saliency, range: nil)
        if (v.height + 1) / 2 + 1 > body.height || 2 * v.width + 2 > body.width {
            gradient = DashboardImages.downsample(gradient, factor: 2)
            saliencyImage = DashboardImages.downsample(saliencyImage, factor: 2)
        }
        let s = DashboardImages.tileScale(pixelWidth: gradient.width, pixelHeight: gradient.height, count: 2, area: body)
        TileGrid(tiles: [
            TileGrid.Tile(label: "gradient (grey = 0)", content: ImageView(gradient, scale: s)),
            TileGrid.Tile(label: "saliency max|grad|", content: ImageView(saliencyImage, scale: s)),
        ], spacing: 2).render(into: &grid, area: body)
    }

    func className(_ i: Int) -> String { i >= 0 && i < state.classNames.count ? state.classNames[i] : "\(i)" }

    // MARK: Activation maps

    func maps(_ values: [Float], _ volume: Volume, range: ClosedRange<Float>, signed: Bool, labels: [String]?,
              _ grid: inout CellGrid, _ body: Rect) {
        let hw = volume.width * volume.height
        if hw == 1 {
            vector(values, range: range, labels: labels, signed: signed, &grid, body)
            return
        }
        let map: ColorMap = signed ? .blueWhiteOrange : .grey
        let count = min(volume.depth, values.count / max(1, hw))
        // Enlarge when there is room; shrink (box average) when even scale 1 would hide maps.
        var f = DashboardImages.shrinkFactor(pixelWidth: volume.width, pixelHeight: volume.height, count: count, area: body)
        var s = f > 1 ? 1 : DashboardImages.tileScale(pixelWidth: volume.width, pixelHeight: volume.height, count: count, area: body)
        if state.present {
            // Whole maps, larger, and fewer of them on screen: a room cannot read shrunk specks.
            let big = DashboardImages.presentScale(s, pixelWidth: volume.width, pixelHeight: volume.height, area: body)
            if big > 1 {
                f = 1
                s = big
            } else if f > 1, DashboardImages.fitsOne(pixelWidth: volume.width, pixelHeight: volume.height, scale: 1, area: body) {
                f = 1
                s = 1
            }
        }
        let tiles = (0..<count).map { c in
            let m = DashboardImages.shrink(Array(values[(c * hw)..<((c + 1) * hw)]), width: volume.width, height: volume.height, factor: f)
            return TileGrid.Tile(label: "\(c)", content: HeatMap(
                values: m.values, width: m.width, height: m.height,
                minimum: range.lowerBound, maximum: range.upperBound, colorMap: map, scale: s))
        }
        TileGrid(tiles: tiles).render(into: &grid, area: body)
    }

    /// A vector (fc outputs, class scores, probabilities): one line per value when they fit,
    /// with the class names; otherwise a grid of cells sharing one scale.
    func vector(_ values: [Float], range: ClosedRange<Float>?, labels: [String]?, signed: Bool,
                _ grid: inout CellGrid, _ body: Rect) {
        let bound = max(abs(range?.lowerBound ?? 0), abs(range?.upperBound ?? 0))
        if values.count <= body.height {
            let names = labels ?? values.indices.map { "\($0)" }
            let nameWidth = min(14, names.map(\.count).max() ?? 1)
            for (i, v) in values.enumerated() {
                let y = body.y + i
                var x = body.x
                x += grid.write(TextLayout.align(i < names.count ? names[i] : "\(i)", width: nameWidth, .left), x: x, y: y,
                                style: DashboardStyle.label, clip: body)
                x += grid.write(" " + TextLayout.align(DashboardFormat.short(v, significant: 3), width: 8, .right) + " ",
                                x: x, y: y, clip: body)
                let width = body.maxX - x
                let fraction = bound > 0 && v.isFinite ? Double(abs(v) / bound) : 0
                let colour: Color = v < 0 ? .palette(33) : .palette(208)
                grid.write(Bar.barText(value: fraction, width: width, glyphs: grid.glyphs), x: x, y: y,
                           style: Style(foreground: colour), clip: body)
            }
            return
        }
        let columns = max(1, min(values.count, body.width))
        let rows = (values.count + columns - 1) / columns
        var padded = values
        padded += [Float](repeating: range?.lowerBound ?? 0, count: rows * columns - values.count)
        HeatMap(values: padded, width: columns, height: rows, minimum: range?.lowerBound ?? 0, maximum: range?.upperBound ?? 1,
                colorMap: signed ? .blueWhiteOrange : .grey).render(into: &grid, area: body)
    }

    // MARK: Weights

    func weights(_ values: [Float], shape: [Int], signed: Bool, labels: [String]?, _ grid: inout CellGrid, _ body: Rect) {
        switch shape.count {
        case 4 where shape[1] == 3:
            // First conv layer: each filter as a colour picture, scaled by its own min/max.
            let (f, kh, kw) = (shape[0], shape[2], shape[3])
            let size = 3 * kh * kw
            var s = DashboardImages.filterScale(pixelWidth: kw, pixelHeight: kh, count: f, area: body)
            if state.present { s = DashboardImages.presentScale(s, pixelWidth: kw, pixelHeight: kh, area: body) }
            let tiles = (0..<f).map { i in
                let planes = Array(values[(i * size)..<((i + 1) * size)])
                let image = signed ? DashboardImages.signedImage(planes: planes, width: kw, height: kh)
                                   : RGBImage(width: kw, height: kh, planes: planes, range: nil)
                return TileGrid.Tile(label: "\(i)", content: ImageView(image, scale: s))
            }
            TileGrid(tiles: tiles).render(into: &grid, area: body)
        case 4:
            filterRows(values, shape: shape, signed: signed, &grid, body)
        case 2:
            // Fully connected: each neuron's weights over its inputs as a near-square picture.
            let (out, inputs) = (shape[0], shape[1])
            var side = 1
            while side * side < inputs { side += 1 }
            var s = DashboardImages.tileScale(pixelWidth: side, pixelHeight: side, count: out, area: body)
            if state.present { s = DashboardImages.presentScale(s, pixelWidth: side, pixelHeight: side, area: body) }
            let tiles = (0..<out).map { i in
                var w = Array(values[(i * inputs)..<((i + 1) * inputs)])
                let finite = w.filter(\.isFinite)
                let lo = finite.min() ?? 0, hi = finite.max() ?? 0
                w += [Float](repeating: signed ? 0 : lo, count: side * side - inputs)
                let name = labels.map { i < $0.count ? $0[i] : "\(i)" } ?? "\(i)"
                return TileGrid.Tile(label: name, content: HeatMap(values: w, width: side, height: side, minimum: lo, maximum: hi,
                                                                   colorMap: signed ? .blueWhiteOrange : .grey, scale: s))
            }
            TileGrid(tiles: tiles).render(into: &grid, area: body)
        default:
            vector(values, range: LayerStatistics.range(values), labels: nil, signed: signed, &grid, body)
        }
    }

    /// Deeper conv layers: one row per filter, one small grey tile per input channel, each tile
    /// scaled by its own min/max (ConvNetJS's choice: the pattern matters, not the magnitude).
    func filterRows(_ values: [Float], shape: [Int], signed: Bool, _ grid: inout CellGrid, _ body: Rect) {
        let (f, c, kh, kw) = (shape[0], shape[1], shape[2], shape[3])
        let labelWidth = "f\(f - 1) ".count
        // Scale up only while a whole filter still fits on one line.
        // Projector mode starts at 2 where one channel still fits; the rest show as "+N".
        var s = state.present && labelWidth + kw * 2 <= body.width && (kh * 2 + 1) / 2 <= body.height ? 2 : 1
        while s < 6 && labelWidth + c * (kw * (s + 1) + 1) <= body.width && f * ((kh * (s + 1) + 1) / 2) <= body.height { s += 1 }
        let rowHeight = (kh * s + 1) / 2
        let map: ColorMap = signed ? .blueWhiteOrange : .grey
        var y = body.y
        for i in 0..<f {
            if y + rowHeight > body.maxY {
                let more = "+\(f - i) more filters" + (state.zoomed ? "" : " (z zooms)")
                grid.write(more, x: body.maxX - more.count, y: body.maxY - 1, style: DashboardStyle.label, clip: body)
                break
            }
            grid.write("f\(i)", x: body.x, y: y, style: DashboardStyle.label, clip: body)
            var x = body.x + labelWidth
            for ch in 0..<c {
                if x + kw * s > body.maxX {
                    grid.write("+\(c - ch)", x: x, y: y, style: DashboardStyle.label, clip: body)
                    break
                }
                let start = (i * c + ch) * kh * kw
                let tile = Array(values[start..<(start + kh * kw)])
                HeatMap.autoScaled(values: tile, width: kw, height: kh, colorMap: map, scale: s)
                    .render(into: &grid, area: Rect(x: x, y: y, width: kw * s, height: rowHeight))
                x += kw * s + 1
            }
            y += rowHeight
        }
    }
}
