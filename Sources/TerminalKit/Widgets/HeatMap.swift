/// One channel of numbers drawn as colours. The caller supplies min and max so that several
/// maps (all channels of a layer) share one scale and can be compared by eye.
public struct HeatMap: SizedWidget {
    public var values: [Float]
    public var width: Int
    public var height: Int
    public var minimum: Float
    public var maximum: Float
    public var colorMap: ColorMap
    public var scale: Int

    /// `values` are row-major, `width * height` of them. With a diverging map, zero is the
    /// middle colour and the scale is symmetric: ±max(|minimum|, |maximum|).
    public init(
        values: [Float], width: Int, height: Int, minimum: Float, maximum: Float,
        colorMap: ColorMap = .grey, scale: Int = 1
    ) {
        precondition(values.count == width * height, "HeatMap: \(values.count) values for \(width)x\(height)")
        self.values = values
        self.width = width
        self.height = height
        self.minimum = minimum
        self.maximum = maximum
        self.colorMap = colorMap
        self.scale = max(1, scale)
    }

    /// A heat map scaled by its own range (convenient for a single map shown alone).
    public static func autoScaled(values: [Float], width: Int, height: Int, colorMap: ColorMap = .grey, scale: Int = 1) -> HeatMap {
        let finite = values.filter(\.isFinite)
        return HeatMap(values: values, width: width, height: height, minimum: finite.min() ?? 0, maximum: finite.max() ?? 0,
                       colorMap: colorMap, scale: scale)
    }

    public var size: Size { PixelRenderer.size(width: width, height: height, scale: scale) }

    /// The position of `v` in the map's domain: 0...1, or -1...1 for a diverging map.
    public func normalized(_ v: Float) -> Float {
        guard v.isFinite else { return colorMap.isDiverging ? 0 : 0 }
        if colorMap.isDiverging {
            let bound = max(abs(minimum), abs(maximum))
            return bound > 0 ? min(1, max(-1, v / bound)) : 0
        }
        let span = maximum - minimum
        return span > 0 ? min(1, max(0, (v - minimum) / span)) : 0
    }

    /// Colour shown for non-finite values, so a NaN stands out instead of posing as zero.
    public static let nonFiniteColor = Color.palette(201)

    public func render(into grid: inout CellGrid, area: Rect) {
        let caps = grid.capabilities
        // Eight colours cannot show a ramp; shades (tinted by sign when diverging) can.
        let mode: PixelRenderer.Mode =
            caps.colorMode != .colors256 ? .shade : (caps.glyphMode == .ascii ? .colorBlock : .halfBlock)
        let mono = caps.colorMode == .monochrome
        let map = self
        PixelRenderer.draw(into: &grid, area: area, width: width, height: height, scale: scale, mode: mode) { x, y in
            let v = map.values[y * map.width + x]
            let t = map.normalized(v)
            let color = v.isFinite ? map.colorMap.color(t) : HeatMap.nonFiniteColor
            if map.colorMap.isDiverging {
                // Monochrome has no sign colour, so the sign becomes darker/brighter than mid grey.
                if mono { return PixelSample(color: color, intensity: (t + 1) / 2) }
                return PixelSample(color: color, intensity: abs(t), tint: t < 0 ? .blue : .yellow)
            }
            return PixelSample(color: color, intensity: t)
        }
    }
}
