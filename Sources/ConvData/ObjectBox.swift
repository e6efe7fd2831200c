/// An axis-aligned box in pixels: x from `left` to `right`, y from `top` to `bottom` (edges, so
/// a box around pixels 3...5 runs from 3 to 6 and is 3 wide).
public struct ObjectBox: Sendable, Equatable, Codable {
    public var left: Float
    public var top: Float
    public var right: Float
    public var bottom: Float

    public init(left: Float, top: Float, right: Float, bottom: Float) {
        self.left = left
        self.top = top
        self.right = right
        self.bottom = bottom
    }

    public var area: Float { max(0, right - left) * max(0, bottom - top) }

    /// Intersection over union: the shared area over the area either box covers; 1 for the same
    /// box, 0 for boxes that do not overlap (or two empty ones).
    public func iou(_ other: ObjectBox) -> Float {
        let w = min(right, other.right) - max(left, other.left)
        let h = min(bottom, other.bottom) - max(top, other.top)
        let shared = max(0, w) * max(0, h)
        let union = area + other.area - shared
        return union > 0 ? shared / union : 0
    }

    /// The tightest box around the true pixels of a row-major `width`-wide mask; nil when none is.
    public static func around(_ mask: [Bool], width: Int) -> ObjectBox? {
        var x0 = Int.max, y0 = Int.max, x1 = -1, y1 = -1
        for (k, inside) in mask.enumerated() where inside {
            let x = k % width, y = k / width
            x0 = min(x0, x); x1 = max(x1, x)
            y0 = min(y0, y); y1 = max(y1, y)
        }
        guard x1 >= 0 else { return nil }
        return ObjectBox(left: Float(x0), top: Float(y0), right: Float(x1 + 1), bottom: Float(y1 + 1))
    }
}
