import ConvData
import ConvEngine
import Foundation
import TerminalKit

/// PNG pictures for slides (`convterm snapshot`): a layer's filters, a layer's activation maps for
/// one image, and the image with the network's top-3 guesses. Real pixels: one weight or one
/// activation is a square of `zoom` x `zoom` pixels, never smoothed. Files are named by net,
/// layer and step, so pictures of one run at several steps sort together.
public struct SlidePictures {
    public struct Picture: Sendable {
        public var fileName: String
        public var width: Int
        public var height: Int
        /// Interleaved R, G, B bytes, row-major.
        public var rgb: [UInt8]

        public var png: [UInt8] { PNGEncoder.encode(width: width, height: height, rgb: rgb) }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public enum What: String, CaseIterable, Sendable {
        case filters, activations, example
    }

    public let trainer: Trainer
    /// The net's name in file names (a zoo name or a file's base name).
    public let name: String
    public let step: Int

    public init(trainer: Trainer, name: String, step: Int) {
        self.trainer = trainer
        self.name = name
        self.step = step
    }

    static let background = RGB(24, 24, 24)

    /// The layers with pictures of `what`, or just `layer` (refused when it has none).
    func layers(_ what: What, named layer: String?) throws -> [RuntimeLayer] {
        let all = trainer.network.allLayers
        let candidates = what == .filters ? all.filter { $0 is Convolution } : all.filter { $0.children.isEmpty }
        guard let layer else { return candidates }
        guard let found = candidates.first(where: { $0.name == layer }) else {
            let names = candidates.map(\.name).joined(separator: ", ")
            throw Failure(description: "--layer \(layer): no such \(what == .filters ? "convolution" : "layer") in \(name); choose one of \(names)")
        }
        return [found]
    }

    func fileName(_ layer: String, _ what: String) -> String {
        "\(name)-\(layer)-\(what)-step\(step).png"
    }

    // MARK: Filters

    /// One picture a conv layer: filters of 3 input channels as colour tiles, each scaled by its
    /// own range; deeper ones as a row a filter of grey tiles, one an input channel, zero mid grey.
    public func filters(layer: String? = nil, zoom: Int = 8, maxFilters: Int = 64, maxChannels: Int = 64) throws -> [Picture] {
        try layers(.filters, named: layer).compactMap { $0 as? Convolution }.map { conv in
            let s = conv.weight.shape   // [K, C, kh, kw]
            let (k, c, kh, kw) = (min(s[0], maxFilters), s[1], s[2], s[3])
            let w = conv.weight.value
            var rows: [[RGBImage]] = []
            if c == 3 {
                let images = (0..<k).map { f in
                    RGBImage(width: kw, height: kh, planes: Array(w[(f * 3 * kh * kw)..<((f + 1) * 3 * kh * kw)]), range: nil)
                }
                let columns = Int(Double(k).squareRoot().rounded(.up))
                rows = stride(from: 0, to: k, by: columns).map { Array(images[$0..<min(k, $0 + columns)]) }
            } else {
                for f in 0..<k {
                    let filter = Array(w[(f * c * kh * kw)..<((f + 1) * c * kh * kw)])
                    let bound = filter.lazy.filter(\.isFinite).map(abs).max() ?? 0
                    rows.append((0..<min(c, maxChannels)).map { ch in
                        let plane = Array(filter[(ch * kh * kw)..<((ch + 1) * kh * kw)])
                        return RGBImage(width: kw, height: kh, planes: plane + plane + plane, range: bound > 0 ? -bound...bound : -1...1)
                    })
                }
            }
            return Self.sheet(rows, zoom: zoom, name: fileName(conv.name, "filters"))
        }
    }

    // MARK: Activations

    /// Runs `image` (preprocessed floats) and draws each layer's maps, one grey tile a channel,
    /// all on the layer's own range, so the tiles compare with each other.
    public func activations(image: [Float], layer: String? = nil, zoom: Int? = nil, maxChannels: Int = 64) throws -> [Picture] {
        _ = trainer.network.scores(Tensor(batch: 1, volume: trainer.network.spec.input, data: image),
                                   PassContext(training: false, threads: trainer.threads))
        return try layers(.activations, named: layer).compactMap { l -> Picture? in
            guard let out = l.lastOutput else { return nil }
            let v = l.outputVolume
            let area = v.width * v.height
            let values = Array(out.data.prefix(v.count))
            let finite = values.filter(\.isFinite)
            let lo = finite.min() ?? 0, hi = finite.max() ?? 1
            let range = lo < hi ? lo...hi : lo...(lo + 1)
            let tiles = (0..<min(v.depth, maxChannels)).map { ch in
                let plane = Array(values[(ch * area)..<((ch + 1) * area)])
                return RGBImage(width: v.width, height: v.height, planes: plane + plane + plane, range: range)
            }
            let columns = Int(Double(tiles.count).squareRoot().rounded(.up))
            let rows = stride(from: 0, to: tiles.count, by: columns).map { Array(tiles[$0..<min(tiles.count, $0 + columns)]) }
            // Small maps (a 4x4 pool) get a bigger zoom than big ones, so each tile is readable.
            let z = zoom ?? max(1, 64 / max(v.width, v.height))
            return Self.sheet(rows, zoom: z, name: fileName(l.name, "activations"))
        }
    }

    // MARK: Example

    /// The image, zoomed, above its top-3 classes with their probabilities.
    public func example(set: ImageSet, index: Int, preprocessing: Preprocessing = .convNetJS, zoom: Int = 8) throws -> Picture {
        guard (0..<set.count).contains(index) else {
            throw Failure(description: "--image must be 0...\(set.count - 1) for this set; got \(index)")
        }
        var floats = [Float](repeating: 0, count: set.pixelsPerImage)
        floats.withUnsafeMutableBufferPointer { set.writeFloats(at: index, into: $0.baseAddress!, preprocessing: preprocessing) }
        let bytes = set.withPixels(at: index) { Array($0) }
        let image = set.channels == 3
            ? RGBImage(width: set.width, height: set.height, planar: bytes)
            : RGBImage(width: set.width, height: set.height, planar: Array(bytes.prefix(set.width * set.height)) + Array(bytes.prefix(set.width * set.height)) + Array(bytes.prefix(set.width * set.height)))
        let names = set.classNames
        func className(_ label: Int) -> String { label < names.count ? names[label] : "class \(label)" }
        var lines = ["true: \(className(set.label(at: index)))"]
        for (rank, p) in trainer.topK(floats, k: 3).enumerated() {
            lines.append(String(format: "%d. %@ %.1f%%", rank + 1, className(p.label), Double(p.probability) * 100))
        }
        var grid = CellGrid(width: max(20, (lines.map(\.count).max() ?? 0) + 2), height: lines.count)
        for (row, line) in lines.enumerated() { _ = grid.write(line, x: 1, y: row) }
        let text = GridSnapshot.pixels(grid)
        var picture = Self.sheet([[image]], zoom: zoom, name: "\(name)-example\(index)-step\(step).png")
        // Stack the text under the image, on the same background, as wide as the wider of the two.
        let width = max(picture.width, text.width)
        var rgb: [UInt8] = []
        func appendRows(_ source: [UInt8], _ w: Int, _ h: Int) {
            for y in 0..<h {
                rgb += source[(y * w * 3)..<((y + 1) * w * 3)]
                for _ in w..<width { rgb += [Self.background.r, Self.background.g, Self.background.b] }
            }
        }
        appendRows(picture.rgb, picture.width, picture.height)
        appendRows(text.rgb, text.width, text.height)
        picture.rgb = rgb
        picture.width = width
        picture.height += text.height
        return picture
    }

    /// Writes each picture as PNG into `directory` (created if missing); returns where.
    public static func write(_ pictures: [Picture], to directory: URL) throws -> [URL] {
        do { try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true) } catch {
            throw Failure(description: "\(directory.path): cannot create the directory (\(error.localizedDescription)); give a writable place")
        }
        return try pictures.map { picture in
            let url = directory.appendingPathComponent(picture.fileName)
            do { try Data(picture.png).write(to: url, options: .atomic) } catch {
                throw Failure(description: "\(url.path): cannot write (\(error.localizedDescription))")
            }
            return url
        }
    }

    // MARK: Layout

    /// Tiles in rows, each pixel a zoom x zoom square, `zoom` pixels of background between tiles.
    static func sheet(_ rows: [[RGBImage]], zoom: Int, name: String) -> Picture {
        let zoom = max(1, zoom)
        let gap = max(1, zoom / 2)
        let tileW = rows.flatMap { $0 }.map(\.width).max() ?? 1
        let tileH = rows.flatMap { $0 }.map(\.height).max() ?? 1
        let columns = rows.map(\.count).max() ?? 1
        let width = gap + columns * (tileW * zoom + gap)
        let height = gap + rows.count * (tileH * zoom + gap)
        var rgb = [UInt8](repeating: 0, count: width * height * 3)
        for i in 0..<(width * height) {
            rgb[3 * i] = background.r; rgb[3 * i + 1] = background.g; rgb[3 * i + 2] = background.b
        }
        for (r, row) in rows.enumerated() {
            for (c, tile) in row.enumerated() {
                let x0 = gap + c * (tileW * zoom + gap), y0 = gap + r * (tileH * zoom + gap)
                for y in 0..<(tile.height * zoom) {
                    for x in 0..<(tile.width * zoom) {
                        let p = tile.pixels[(y / zoom) * tile.width + x / zoom]
                        let o = 3 * ((y0 + y) * width + x0 + x)
                        rgb[o] = p.r; rgb[o + 1] = p.g; rgb[o + 2] = p.b
                    }
                }
            }
        }
        return Picture(fileName: name, width: width, height: height, rgb: rgb)
    }
}
