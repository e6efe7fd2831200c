import ConvEngine
import Foundation

/// The drawing kit of the synthetic set: a 32x32 RGB float canvas, colours, soft clutter and
/// shapes given as signed distance functions (negative inside, in pixels).
///
/// Shapes are composited with coverage `clamp(0.5 - distance, 0, 1)`, a one-pixel ramp that
/// anti-aliases edges for free, so small rings and thin stripes look like shapes rather than
/// staircases, and so no class is recognisable by aliasing artefacts.
struct SyntheticPainter {
    static let size = 32
    static let plane = size * size

    /// Colour planes R, G, B, values nominally in [0, 1].
    var r = [Float](repeating: 0, count: plane)
    var g = [Float](repeating: 0, count: plane)
    var b = [Float](repeating: 0, count: plane)
    /// How much of each pixel the class's shape covers (0...1), recorded by `paint` when asked
    /// for (saliency is measured against it). Recording reads no random numbers and changes
    /// no colour, so an image drawn with it has the same bytes as one drawn without.
    var coverage: [Float]?

    // MARK: Colours

    struct Colour {
        var r: Float, g: Float, b: Float
        func distance(to o: Colour) -> Float {
            let dr = r - o.r, dg = g - o.g, db = b - o.b
            return (dr * dr + dg * dg + db * db).squareRoot()
        }
        func mixed(with o: Colour, _ t: Float) -> Colour {
            Colour(r: r + (o.r - r) * t, g: g + (o.g - g) * t, b: b + (o.b - b) * t)
        }
    }

    /// A random colour from HSV with every hue equally likely, so no class owns a hue.
    static func randomColour(_ rng: inout SeededRandom) -> Colour {
        let h = rng.nextUnitFloat() * 6
        let s = 0.15 + 0.85 * rng.nextUnitFloat()
        let v = 0.12 + 0.88 * rng.nextUnitFloat()
        let sector = Int(h) % 6
        let f = h - Float(Int(h))
        let p = v * (1 - s), q = v * (1 - s * f), t = v * (1 - s * (1 - f))
        switch sector {
        case 0: return Colour(r: v, g: t, b: p)
        case 1: return Colour(r: q, g: v, b: p)
        case 2: return Colour(r: p, g: v, b: t)
        case 3: return Colour(r: p, g: q, b: v)
        case 4: return Colour(r: t, g: p, b: v)
        default: return Colour(r: v, g: p, b: q)
        }
    }

    /// A random colour at least `minimum` away from `other` (in RGB distance), so the shape can be
    /// seen; a few tries, then the brightness is inverted, which always separates enough.
    static func contrastingColour(to other: Colour, minimum: Float, _ rng: inout SeededRandom) -> Colour {
        for _ in 0..<8 {
            let c = randomColour(&rng)
            if c.distance(to: other) >= minimum { return c }
        }
        return Colour(r: 1 - other.r, g: 1 - other.g, b: 1 - other.b)
    }

    // MARK: Background and clutter

    /// A linear gradient between two colours along a random direction.
    mutating func fillGradient(_ a: Colour, _ c: Colour, angle: Float) {
        let dx = cos(angle), dy = sin(angle)
        let half = Float(Self.size) / 2
        for y in 0..<Self.size {
            for x in 0..<Self.size {
                let u = ((Float(x) + 0.5 - half) * dx + (Float(y) + 0.5 - half) * dy) / Float(Self.size) + 0.5
                let t = min(max(u, 0), 1)
                let k = y * Self.size + x
                r[k] = a.r + (c.r - a.r) * t
                g[k] = a.g + (c.g - a.g) * t
                b[k] = a.b + (c.b - a.b) * t
            }
        }
    }

    /// A soft round blob with no edge (polynomial falloff): clutter that changes the colour
    /// statistics without looking like any class's shape.
    mutating func softBlob(centre cx: Float, _ cy: Float, radius: Float, colour: Colour, opacity: Float) {
        let r2 = radius * radius
        let x0 = max(0, Int(cx - radius)), x1 = min(Self.size - 1, Int(cx + radius))
        let y0 = max(0, Int(cy - radius)), y1 = min(Self.size - 1, Int(cy + radius))
        guard x0 <= x1, y0 <= y1 else { return }
        for y in y0...y1 {
            for x in x0...x1 {
                let px = Float(x) + 0.5 - cx, py = Float(y) + 0.5 - cy
                let q = 1 - (px * px + py * py) / r2
                guard q > 0 else { continue }
                let w = q * q * opacity
                let k = y * Self.size + x
                r[k] += (colour.r - r[k]) * w
                g[k] += (colour.g - g[k]) * w
                b[k] += (colour.b - b[k]) * w
            }
        }
    }

    // MARK: Shapes

    /// Paints a region: `field(x, y)` returns (signed distance to the region's edge, pattern mix t).
    /// Inside, the colour is `first` mixed towards `second` by t (t = 0 for plain shapes).
    mutating func paint(first: Colour, second: Colour, _ field: (Float, Float) -> (distance: Float, mix: Float)) {
        for y in 0..<Self.size {
            for x in 0..<Self.size {
                let (d, t) = field(Float(x) + 0.5, Float(y) + 0.5)
                let a = min(max(0.5 - d, 0), 1)
                guard a > 0 else { continue }
                let c = first.mixed(with: second, t)
                let k = y * Self.size + x
                if coverage != nil { coverage![k] = max(coverage![k], a) }
                r[k] += (c.r - r[k]) * a
                g[k] += (c.g - g[k]) * a
                b[k] += (c.b - b[k]) * a
            }
        }
    }

    /// Adds noise (approximately Gaussian: the sum of four uniforms) and writes bytes as CHW planes.
    func write(into out: UnsafeMutablePointer<UInt8>, noise sigma: Float, _ rng: inout SeededRandom) {
        // Sum of four 16-bit uniforms has standard deviation sqrt(4/12) in units of 65,536.
        let scale = sigma / 0.577_35 / 65_536
        for (c, planeValues) in [r, g, b].enumerated() {
            let dst = out + c * Self.plane
            for k in 0..<Self.plane {
                let w = rng.next()
                let sum = Float(w & 0xFFFF) + Float((w >> 16) & 0xFFFF) + Float((w >> 32) & 0xFFFF) + Float(w >> 48)
                let v = planeValues[k] + (sum - 131_072) * scale
                dst[k] = UInt8(min(max(v * 255 + 0.5, 0), 255))
            }
        }
    }
}

// MARK: Signed distance functions (pixels; negative inside)

enum SDF {
    @inline(__always) static func circle(_ x: Float, _ y: Float, radius: Float) -> Float {
        (x * x + y * y).squareRoot() - radius
    }

    @inline(__always) static func box(_ x: Float, _ y: Float, halfWidth: Float, halfHeight: Float) -> Float {
        let qx = abs(x) - halfWidth, qy = abs(y) - halfHeight
        let ox = max(qx, 0), oy = max(qy, 0)
        return (ox * ox + oy * oy).squareRoot() + min(max(qx, qy), 0)
    }

    /// Equilateral triangle with half side `r`, apex pointing towards negative y (up on screen).
    /// After Inigo Quilez's exact 2D distance functions.
    @inline(__always) static func triangle(_ x: Float, _ y: Float, halfSide r: Float) -> Float {
        let k: Float = 1.732_050_8
        var px = abs(x) - r
        var py = -y + r / k
        if px + k * py > 0 {
            (px, py) = ((px - k * py) / 2, (-k * px - py) / 2)
        }
        px -= min(max(px, -2 * r), 0)
        let len = (px * px + py * py).squareRoot()
        return py < 0 ? len : -len
    }

    /// Signed distance to the edge of a 50%-duty square wave of `period` along `u` (pixels),
    /// negative inside the "second colour" half: turned into a mix with clamp(0.5 - d, 0, 1).
    @inline(__always) static func squareWave(_ u: Float, period: Float) -> Float {
        let f = u / period - (u / period).rounded(.down)
        return (abs(f - 0.5) - 0.25) * period
    }
}
