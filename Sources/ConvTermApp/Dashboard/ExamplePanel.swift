import ConvEngine
import TerminalKit

/// The current training example: the image the network just saw (augmented, as it saw it), its
/// true class, the top-3 predictions as bars (green for the true class, red otherwise), and a
/// strip of recent test images labelled with what the network predicted.
struct ExamplePanel: Widget {
    var state: DashboardState
    var tier: DashboardLayout.Tier

    func render(into grid: inout CellGrid, area: Rect) {
        guard area.height >= 3, area.width >= 20 else { return }
        guard let snap = state.snapshot else {
            grid.write("Example", x: area.x, y: area.y, style: DashboardStyle.heading, clip: area)
            grid.write("(after the first step)", x: area.x, y: area.y + 1, style: DashboardStyle.label, clip: area)
            return
        }
        let input = state.layers[0].output
        var image = DashboardImages.image(planes: snap.input, width: input.width, height: input.height)
        // An ImageNet net's 224x224 input is shown at CIFAR's size (1/7), as the strip's images.
        if image.width > 64 { image = DashboardImages.downsample(image, factor: image.width / 32) }
        var body = area
        if tier != .compact {
            grid.write("Example", x: area.x, y: area.y, style: DashboardStyle.heading, clip: area)
            body = area.inset(top: 1)
        }
        // Compact halves the image (16x16 px in 16x8 cells); the others show it pixel for pixel.
        if tier == .compact || (image.height + 1) / 2 > body.height { image = DashboardImages.downsample(image, factor: 2) }
        let picture = ImageView(image)
        picture.render(into: &grid, area: Rect(x: body.x, y: body.y, width: picture.size.width, height: picture.size.height))

        let info = Rect(x: body.x + picture.size.width + 1, y: body.y,
                        width: tier == .compact ? body.maxX - body.x - picture.size.width - 1 : min(tier == .large ? 32 : 24, body.maxX - body.x - picture.size.width - 1),
                        height: body.height)
        // The data's label names the truth; the net's own names, its guesses (`predictedName`).
        let truth = className(snap.label)
        let judged = state.viewing?.ownClasses ?? true
        // Compact has 14 columns here: the class name alone (the bars below say which is true).
        let prefix = tier == .compact ? "" : "true: "
        grid.write(prefix, x: info.x, y: info.y, style: DashboardStyle.label, clip: info)
        grid.write(truth, x: info.x + prefix.count, y: info.y, style: .bold, clip: info)
        let top = snap.probabilities.enumerated().sorted { $0.element > $1.element }.prefix(3)
        let nameWidth = min(tier == .compact ? 9 : 12, state.classNames.map(\.count).max() ?? 5)
        for (i, p) in top.enumerated() {
            let style = !judged ? DashboardStyle.value : p.offset == snap.label ? DashboardStyle.correct : DashboardStyle.wrong
            Bar(label: state.predictedName(p.offset), value: Double(p.element), valueText: DashboardFormat.short(Double(p.element), significant: 2),
                labelWidth: nameWidth, barStyle: style, labelStyle: style)
                .render(into: &grid, area: Rect(x: info.x, y: info.y + 1 + i, width: info.width, height: 1))
        }
        let stripArea: Rect
        if tier == .compact {
            stripArea = Rect(x: info.x, y: info.y + 5, width: info.width, height: info.maxY - info.y - 5)
        } else {
            let x = info.maxX + 2
            stripArea = Rect(x: x, y: body.y, width: body.maxX - x, height: body.height)
        }
        testStrip(&grid, stripArea)
    }

    func className(_ i: Int) -> String { i >= 0 && i < state.classNames.count ? state.classNames[i] : "\(i)" }

    /// Recent test images with their predicted class (green when right, red when wrong); in the
    /// compact tier just the tally, there is no room for pictures.
    func testStrip(_ grid: inout CellGrid, _ area: Rect) {
        guard !area.isEmpty else { return }
        let strip = state.testStrip
        if strip.isEmpty {
            grid.write("test images: soon", x: area.x, y: area.y, style: DashboardStyle.label, clip: area)
            return
        }
        let right = strip.filter(\.isCorrect).count
        if let viewing = state.viewing, !viewing.ownClasses {
            unjudgedStrip(&grid, area, strip)
            return
        }
        if tier == .compact || area.width < 9 || area.height < 6 {
            grid.write("test: \(right)/\(strip.count) right", x: area.x, y: area.y, style: DashboardStyle.label, clip: area)
            if area.height >= 2 {
                var x = area.x
                for p in strip where x < area.maxX {
                    x += grid.write(p.isCorrect ? "+" : "x", x: x, y: area.y + 1,
                                    style: p.isCorrect ? DashboardStyle.correct : DashboardStyle.wrong, clip: area)
                }
            }
            return
        }
        grid.write("test \(right)/\(strip.count) right", x: area.x, y: area.y, style: DashboardStyle.heading, clip: area)
        let tilesArea = area.inset(top: 1)
        let factor = (tier == .large ? 2 : 4) * max(1, strip[0].image.width / 32)
        let tiles = strip.map { p in
            TileGrid.Tile(label: className(p.predicted), content: ImageView(DashboardImages.downsample(p.image, factor: factor)),
                          labelStyle: p.isCorrect ? DashboardStyle.correct : DashboardStyle.wrong)
        }
        TileGrid(tiles: tiles).render(into: &grid, area: tilesArea)
    }

    /// The strip of a viewed net whose classes are not the data's: each image with the net's top
    /// class, uncoloured (its label is not one of the net's classes, so nothing is right or wrong).
    func unjudgedStrip(_ grid: inout CellGrid, _ area: Rect, _ strip: [TestPrediction]) {
        grid.write("the net's top class", x: area.x, y: area.y, style: DashboardStyle.heading, clip: area)
        guard tier != .compact, area.width >= 9, area.height >= 6 else { return }
        let factor = (tier == .large ? 2 : 4) * max(1, (strip.first?.image.width ?? 32) / 32)
        let tiles = strip.map { p in
            TileGrid.Tile(label: state.predictedName(p.predicted), content: ImageView(DashboardImages.downsample(p.image, factor: factor)),
                          labelStyle: DashboardStyle.value)
        }
        TileGrid(tiles: tiles).render(into: &grid, area: area.inset(top: 1))
    }
}
