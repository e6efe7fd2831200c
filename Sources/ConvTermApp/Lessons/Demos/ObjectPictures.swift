import ConvData
import TerminalKit

/// The demos' pictures of where an object is: a test image with a mask tinted over it, or with
/// boxes outlined on it. Drawn from the net's own predictions, unsmoothed.
enum ObjectPictures {
    /// CHW bytes [3, 32, 32] -> the picture.
    static func image(_ chw: [UInt8]) -> RGBImage {
        RGBImage(width: SyntheticObjects.side, height: SyntheticObjects.side, planar: chw)
    }

    /// The image with `mask` [32 * 32] painted over it: masked pixels half way to `tint`, the
    /// rest darkened, so the mask's edge reads on any background.
    static func tinted(_ chw: [UInt8], mask: [Bool], tint: RGB) -> RGBImage {
        let picture = image(chw)
        let pixels = picture.pixels.enumerated().map { k, p in
            let inside = mask[k]
            func mix(_ a: UInt8, _ b: UInt8) -> UInt8 { inside ? UInt8((Int(a) + Int(b)) / 2) : UInt8(Int(a) * 2 / 5) }
            return RGB(mix(p.r, tint.r), mix(p.g, tint.g), mix(p.b, tint.b))
        }
        return RGBImage(width: picture.width, height: picture.height, pixels: pixels)
    }

    /// The image with each box's outline drawn in its colour (pixels whose square the edge
    /// crosses), later boxes over earlier ones; a box of no area is not drawn.
    static func boxed(_ chw: [UInt8], boxes: [(ObjectBox, RGB)]) -> RGBImage {
        let side = SyntheticObjects.side
        var pixels = image(chw).pixels
        // A runaway box head can predict edges far outside the image (even infinite): clamp in
        // Float first, since converting such a value to Int would trap.
        func pixel(_ v: Float) -> Int { Int(min(Float(side), max(-1, v))) }
        for (box, colour) in boxes where box.area > 0 && box.area.isFinite {
            let x0 = clamp(pixel(box.left.rounded(.down)), side), x1 = clamp(pixel((box.right - 1).rounded(.up)), side)
            let y0 = clamp(pixel(box.top.rounded(.down)), side), y1 = clamp(pixel((box.bottom - 1).rounded(.up)), side)
            guard x0 <= x1, y0 <= y1 else { continue }
            for x in x0...x1 {
                pixels[y0 * side + x] = colour
                pixels[y1 * side + x] = colour
            }
            for y in y0...y1 {
                pixels[y * side + x0] = colour
                pixels[y * side + x1] = colour
            }
        }
        return RGBImage(width: side, height: side, pixels: pixels)
    }

    static func clamp(_ v: Int, _ side: Int) -> Int { min(side - 1, max(0, v)) }
}
