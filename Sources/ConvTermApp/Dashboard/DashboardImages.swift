import TerminalKit

/// Picture helpers for the dashboard's panels: fitting tiles into a rectangle and shrinking
/// images (TerminalKit only enlarges, by integer factors, which keeps filters crisp).
enum DashboardImages {
    /// The largest integer scale (up to `maxScale`) at which `count` tiles of `pixelWidth` x
    /// `pixelHeight` pixels, each with a label row, fit into `area` as TileGrid lays them out.
    static func tileScale(pixelWidth: Int, pixelHeight: Int, count: Int, area: Rect, labelRows: Int = 1,
                          spacing: Int = 1, maxScale: Int = 8) -> Int {
        guard count > 0, pixelWidth > 0, pixelHeight > 0 else { return 1 }
        for s in stride(from: maxScale, through: 2, by: -1) {
            let cw = pixelWidth * s, ch = (pixelHeight * s + 1) / 2 + labelRows
            let perRow = (area.width + spacing) / (cw + spacing)
            let rows = area.height / ch
            if perRow >= 1 && perRow * rows >= count { return s }
        }
        return 1
    }

    /// The scale of conv1's filters. They are what a student reads as pictures (edges, colour
    /// blobs), so they are drawn at least `readablePixels` pixels across (an integer zoom of the
    /// real weights, never smoothed) whenever `minimumShown` of them still fit; the rest are
    /// counted as "+N more" and z shows them all. Only where even that does not fit (80x24) are
    /// they drawn as large as all of them fit.
    static func filterScale(pixelWidth: Int, pixelHeight: Int, count: Int, area: Rect,
                            readablePixels: Int = 10, minimumShown: Int = 8) -> Int {
        let all = tileScale(pixelWidth: pixelWidth, pixelHeight: pixelHeight, count: count, area: area)
        guard pixelWidth > 0, pixelHeight > 0 else { return all }
        let readable = max(2, (readablePixels + pixelWidth - 1) / pixelWidth)
        let wanted = min(count, minimumShown)
        // Tiles that fit above TileGrid's "+N more" line.
        let below = area.inset(bottom: 1)
        for s in stride(from: readable, to: all, by: -1) {
            let cw = pixelWidth * s, ch = (pixelHeight * s + 1) / 2 + 1
            let shown = cw <= below.width ? ((below.width + 1) / (cw + 1)) * (below.height / ch) : 0
            if shown >= wanted { return s }
        }
        return all
    }

    /// Projector mode's scale: at least 2 where one tile still fits at 2 (the rest are counted as
    /// "+N more" and z zooms), so a room sees filters and maps, not specks; otherwise `scale`.
    static func presentScale(_ scale: Int, pixelWidth: Int, pixelHeight: Int, area: Rect, labelRows: Int = 1) -> Int {
        guard scale < 2 else { return scale }
        return fitsOne(pixelWidth: pixelWidth, pixelHeight: pixelHeight, scale: 2, area: area, labelRows: labelRows) ? 2 : scale
    }

    /// Whether one tile fits at `scale` with TileGrid's "+N more" line under it.
    static func fitsOne(pixelWidth: Int, pixelHeight: Int, scale: Int, area: Rect, labelRows: Int = 1) -> Bool {
        pixelWidth * scale <= area.width && (pixelHeight * scale + 1) / 2 + labelRows + 1 <= area.height
    }

    /// The smallest shrink factor (1, 2 or 4) at which all `count` maps fit `area` at scale 1;
    /// 4 when none does (the rest are counted as "+N more", and zoom shows them larger).
    static func shrinkFactor(pixelWidth: Int, pixelHeight: Int, count: Int, area: Rect) -> Int {
        for f in [1, 2, 4] {
            let w = max(1, pixelWidth / f), h = max(1, pixelHeight / f)
            let perRow = (area.width + 1) / (w + 1)
            let rows = area.height / ((h + 1) / 2 + 1)
            if perRow * rows >= count { return f }
        }
        return min(4, max(1, min(pixelWidth, pixelHeight) / 4))
    }

    /// One channel shrunk by box averaging (non-finite values stay visible as non-finite).
    static func shrink(_ values: [Float], width: Int, height: Int, factor: Int) -> (values: [Float], width: Int, height: Int) {
        guard factor > 1 else { return (values, width, height) }
        let w = max(1, width / factor), h = max(1, height / factor)
        var out = [Float](repeating: 0, count: w * h)
        for y in 0..<h {
            for x in 0..<w {
                var sum: Float = 0
                var n: Float = 0
                for dy in 0..<factor {
                    for dx in 0..<factor where x * factor + dx < width && y * factor + dy < height {
                        sum += values[(y * factor + dy) * width + x * factor + dx]
                        n += 1
                    }
                }
                out[y * w + x] = sum / max(1, n)
            }
        }
        return (out, w, h)
    }

    /// Box-average shrink by an integer factor (32x32 -> 16x16 for thumbnails).
    static func downsample(_ image: RGBImage, factor: Int) -> RGBImage {
        guard factor > 1 else { return image }
        let w = max(1, image.width / factor), h = max(1, image.height / factor)
        var pixels: [RGB] = []
        pixels.reserveCapacity(w * h)
        for y in 0..<h {
            for x in 0..<w {
                var r = 0, g = 0, b = 0, n = 0
                for dy in 0..<factor {
                    for dx in 0..<factor {
                        let sx = x * factor + dx, sy = y * factor + dy
                        guard sx < image.width, sy < image.height else { continue }
                        let p = image[sx, sy]
                        r += Int(p.r); g += Int(p.g); b += Int(p.b); n += 1
                    }
                }
                n = max(1, n)
                pixels.append(RGB(UInt8(r / n), UInt8(g / n), UInt8(b / n)))
            }
        }
        return RGBImage(width: w, height: h, pixels: pixels)
    }

    /// An image from float planes [3, H, W] scaled by its own range (inputs are centred on zero).
    /// Other depths show their first channel in grey.
    static func image(planes: [Float], width: Int, height: Int) -> RGBImage {
        let n = width * height
        if planes.count == 3 * n { return RGBImage(width: width, height: height, planes: planes, range: nil) }
        let grey = Array(planes.prefix(n))
        return RGBImage(width: width, height: height, planes: grey + grey + grey, range: nil)
    }

    /// A signed RGB picture (a gradient): zero is mid grey, ±max|v| the extremes.
    static func signedImage(planes: [Float], width: Int, height: Int) -> RGBImage {
        let bound = planes.lazy.filter(\.isFinite).map(abs).max() ?? 0
        let range: ClosedRange<Float> = bound > 0 ? -bound...bound : -1...1
        if planes.count == 3 * width * height {
            return RGBImage(width: width, height: height, planes: planes, range: range)
        }
        let grey = Array(planes.prefix(width * height))
        return RGBImage(width: width, height: height, planes: grey + grey + grey, range: range)
    }
}
