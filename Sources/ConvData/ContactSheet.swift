/// A grid of example images, one row per class: how a person checks at a glance that a data
/// set looks right (classes distinct, colours varied, nothing shifted or transposed).
/// `convterm snapshot contact-sheet FILE.png` writes one.
public enum ContactSheet {
    /// RGB bytes of a sheet with up to `perClass` images of each class in its own row, every
    /// image scaled up `scale` times, `gap` pixels of dark grey between them.
    public static func render(_ set: ImageSet, perClass: Int = 10, scale: Int = 3, gap: Int = 2)
        -> (width: Int, height: Int, rgb: [UInt8])
    {
        let classes = max(set.classCount, 1)
        var rows = [[Int]](repeating: [], count: classes)
        for i in 0..<set.count {
            let label = set.label(at: i)
            if label < classes && rows[label].count < perClass { rows[label].append(i) }
        }
        let cellW = set.width * scale, cellH = set.height * scale
        let width = perClass * (cellW + gap) + gap, height = classes * (cellH + gap) + gap
        var rgb = [UInt8](repeating: 40, count: width * height * 3)
        let plane = set.planeSize
        for (row, indices) in rows.enumerated() {
            for (column, index) in indices.enumerated() {
                let ox = gap + column * (cellW + gap), oy = gap + row * (cellH + gap)
                set.withPixels(at: index) { px in
                    for y in 0..<cellH {
                        for x in 0..<cellW {
                            let k = (y / scale) * set.width + x / scale
                            let o = ((oy + y) * width + ox + x) * 3
                            for c in 0..<3 {
                                rgb[o + c] = px[min(c, set.channels - 1) * plane + k]
                            }
                        }
                    }
                }
            }
        }
        return (width, height, rgb)
    }
}
