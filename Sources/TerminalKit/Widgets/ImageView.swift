/// An RGB image drawn with half blocks, two pixels per cell, enlarged by an integer factor
/// (nearest neighbour, so a 5x5 filter stays crisp instead of blurring).
public struct ImageView: SizedWidget {
    public var image: RGBImage
    public var scale: Int

    public init(_ image: RGBImage, scale: Int = 1) {
        self.image = image
        self.scale = max(1, scale)
    }

    public var size: Size { PixelRenderer.size(width: image.width, height: image.height, scale: scale) }

    public func render(into grid: inout CellGrid, area: Rect) {
        let caps = grid.capabilities
        let mode: PixelRenderer.Mode =
            caps.colorMode == .monochrome ? .shade : (caps.glyphMode == .ascii ? .colorBlock : .halfBlock)
        let img = image
        PixelRenderer.draw(into: &grid, area: area, width: img.width, height: img.height, scale: scale, mode: mode) { x, y in
            let p = img[x, y]
            return PixelSample(color: .rgb(p.r, p.g, p.b), intensity: p.luminance)
        }
    }
}
