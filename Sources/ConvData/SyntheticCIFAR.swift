import ConvEngine
import Dispatch
import Foundation

/// The built-in data set: CIFAR-shaped (32x32x3, 10 classes) images drawn from a seed, so
/// ConvTerm works with no download and every run is reproducible.
///
/// The class is in *shape, orientation and texture*, never in colour or position:
///
/// | label | name | drawn as |
/// |---|---|---|
/// | 0 | `stripes-h` | a rectangular patch of horizontal stripes (period 4-7 px) |
/// | 1 | `stripes-v` | the same with vertical stripes |
/// | 2 | `stripes-up` | diagonal stripes rising left to right, like `/` |
/// | 3 | `stripes-down` | diagonal stripes falling left to right, like `\` |
/// | 4 | `ring` | a circle outline, radius 6-12, 1.5-3 px thick |
/// | 5 | `disc` | a filled circle, radius 5-11 |
/// | 6 | `square` | a square outline, half side 6-12, 1.5-3 px thick |
/// | 7 | `cross` | a plus sign, arms 7-13 px, 2.5-4.5 px thick |
/// | 8 | `checker` | a rectangular checkerboard patch, cells 3-5 px |
/// | 9 | `triangle` | a filled equilateral triangle pointing up |
///
/// Every image: a two-colour gradient background in a random direction, 2-4 soft edgeless
/// blobs of random colour as clutter, the class's shape at a random position and size (small
/// shapes anywhere, large ones nearer the middle, mostly inside the frame), rotated by up to about ±12°, then pixel noise
/// (σ ≈ 10/255). All colours are drawn from the same HSV distribution for every class, with the
/// shape's colour kept at least a fixed RGB distance from the background so it can be seen —
/// so a mean-colour classifier is at chance level, and position alone says nothing.
///
/// Why these classes: stripes at four orientations make the first layer's 5x5 filters grow
/// into oriented edge detectors; random colours on both sides of each edge make colour-opponent
/// filters useful; and since each shape appears anywhere at any size, a ConvNet's shared,
/// translation-equivariant filters beat a fully connected net of the same parameter count,
/// which must learn every position separately.
///
/// Image `i` is drawn from its own generator, seeded from `seed` and `i`, so generation runs
/// in parallel and gives the same bytes on any number of cores; labels are balanced (counts
/// differ by at most one) and shuffled from `seed`. See `SYNTHETIC.md`.
public enum SyntheticCIFAR {
    public static let classNames = [
        "stripes-h", "stripes-v", "stripes-up", "stripes-down", "ring",
        "disc", "square", "cross", "checker", "triangle",
    ]

    /// Sizes the app uses for `--data synthetic`: as large as ConvNetJS's in-browser CIFAR demo
    /// works with at a time, small enough to generate in a blink.
    public static let defaultTrainCount = 10_000
    public static let defaultTestCount = 2_000

    /// `count` images with balanced, shuffled labels; the same `seed` gives the same bytes.
    public static func make(count: Int, seed: UInt64) -> ImageSet {
        precondition(count >= 0, "count must not be negative")
        let (labels, imageSeedBase) = shuffledLabels(count: count, seed: seed)
        let drawnLabels = labels

        let size = CIFARFormat.pixelBytes
        var data = Data(count: count * size)
        data.withUnsafeMutableBytes { raw in
            let out = UnsafeMutableSendablePointer(raw.bindMemory(to: UInt8.self).baseAddress)
            let chunks = min(max(count / 256, 1), 64)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let lo = count * chunk / chunks, hi = count * (chunk + 1) / chunks
                for i in lo..<hi {
                    var rng = imageRandom(base: imageSeedBase, index: i)
                    draw(label: Int(drawnLabels[i]), into: out.pointer! + i * size, &rng)
                }
            }
        }
        return ImageSet(
            blocks: [ImageSet.Block(bytes: data, recordSize: size, pixelOffset: 0, firstRecord: 0, count: count)],
            // No mirror: it turns stripes-up into stripes-down (see SYNTHETIC.md, "Augmentation").
            labels: labels, classNames: classNames, augmentation: .shiftsOnly)
    }

    /// Balanced labels shuffled from `seed`, and the base the images' own generators are seeded from.
    static func shuffledLabels(count: Int, seed: UInt64) -> (labels: [UInt8], imageSeedBase: UInt64) {
        var labelRNG = SeededRandom(seed: seed)
        var labels = (0..<count).map { UInt8($0 % classNames.count) }
        labels.shuffle(using: &labelRNG)
        return (labels, labelRNG.next())
    }

    /// Image `index`'s own generator. Mixing the index with an odd constant keeps every image's stream distinct.
    static func imageRandom(base: UInt64, index: Int) -> SeededRandom {
        SeededRandom(seed: base ^ (UInt64(index) &* 0xD1B5_4A32_D192_ED03))
    }

    /// A training set and an independent test set from one seed.
    public static func makeSplit(seed: UInt64, trainCount: Int = defaultTrainCount, testCount: Int = defaultTestCount) -> (train: ImageSet, test: ImageSet) {
        (make(count: trainCount, seed: seed), make(count: testCount, seed: testSeed(splitSeed: seed)))
    }

    /// The seed `makeSplit(seed:)` draws its test set from: a different stream of the same seed,
    /// so no test image is a training image.
    public static func testSeed(splitSeed seed: UInt64) -> UInt64 {
        var split = SeededRandom(seed: seed ^ 0x7E57_5E7_0000_0001)
        return split.next()
    }

    /// Image `index` of `make(count:seed:)` drawn again, with where its object is: what the set's
    /// bytes are, plus the painter's knowledge of the shape (for measuring saliency).
    public static func drawn(index: Int, count: Int, seed: UInt64) -> DrawnImage {
        precondition((0..<count).contains(index), "image \(index) outside a set of \(count)")
        // The same label shuffle and per-image generator as `make`, for this one image.
        let (labels, imageSeedBase) = shuffledLabels(count: count, seed: seed)
        var rng = imageRandom(base: imageSeedBase, index: index)
        var pixels = [UInt8](repeating: 0, count: CIFARFormat.pixelBytes)
        var coverage = [Float](repeating: 0, count: SyntheticPainter.plane)
        pixels.withUnsafeMutableBufferPointer { out in
            draw(label: Int(labels[index]), into: out.baseAddress!, &rng, coverage: &coverage)
        }
        return DrawnImage(label: Int(labels[index]), pixels: pixels, coverage: coverage)
    }

    /// Draws one image of class `label` as CHW bytes at `out`.
    static func draw(label: Int, into out: UnsafeMutablePointer<UInt8>, _ rng: inout SeededRandom) {
        var unused: [Float]? = nil
        draw(label: label, into: out, &rng, recording: &unused)
    }

    static func draw(label: Int, into out: UnsafeMutablePointer<UInt8>, _ rng: inout SeededRandom, coverage: inout [Float]) {
        var recorded: [Float]? = coverage
        draw(label: label, into: out, &rng, recording: &recorded)
        coverage = recorded!
    }

    /// The one drawing routine; `recording`, when not nil, receives the shape's coverage.
    private static func draw(label: Int, into out: UnsafeMutablePointer<UInt8>, _ rng: inout SeededRandom, recording: inout [Float]?) {
        var p = SyntheticPainter()
        p.coverage = recording
        defer { recording = p.coverage }
        let bgA = SyntheticPainter.randomColour(&rng)
        let bgB = bgA.mixed(with: SyntheticPainter.randomColour(&rng), 0.2 + 0.4 * rng.nextUnitFloat())
        p.fillGradient(bgA, bgB, angle: 2 * .pi * rng.nextUnitFloat())
        for _ in 0..<(2 + rng.nextInt(below: 3)) {
            p.softBlob(centre: 32 * rng.nextUnitFloat(), 32 * rng.nextUnitFloat(),
                       radius: 5 + 7 * rng.nextUnitFloat(), colour: SyntheticPainter.randomColour(&rng),
                       opacity: 0.15 + 0.25 * rng.nextUnitFloat())
        }
        let background = bgA.mixed(with: bgB, 0.5)
        let fg = SyntheticPainter.contrastingColour(to: background, minimum: 0.45, &rng)
        let second = SyntheticPainter.contrastingColour(to: fg, minimum: 0.45, &rng)

        let jitter = (rng.nextUnitFloat() * 2 - 1) * 0.21   // about ±12°
        func uniform(_ lo: Float, _ hi: Float) -> Float { lo + (hi - lo) * rng.nextUnitFloat() }
        // A centre that keeps most of a shape reaching `extent` px from it inside the image:
        // small shapes roam the whole frame, large ones stay nearer the middle.
        var cx: Float = 16, cy: Float = 16
        func place(extent: Float) {
            let margin = min(extent * 0.85, 15.5)
            cx = uniform(margin, 32 - margin)
            cy = uniform(margin, 32 - margin)
        }

        switch label {
        case 0...3:
            // Stripe direction: the normal along which colour alternates.
            let base: Float = [Float.pi / 2, 0, Float.pi / 4, -Float.pi / 4][label]
            let hw = uniform(7, 13), hh = uniform(7, 13)
            let period = uniform(4, 7), phase = uniform(0, period)
            place(extent: max(hw, hh))
            let a = base + jitter * 0.6
            let nx = cos(a), ny = sin(a)
            p.paint(first: fg, second: second) { x, y in
                let dx = x - cx, dy = y - cy
                let d = SDF.box(dx, dy, halfWidth: hw, halfHeight: hh)
                let w = SDF.squareWave(dx * nx + dy * ny + phase, period: period)
                return (d, min(max(0.5 - w, 0), 1))
            }
        case 4:
            let radius = uniform(6, 12), half = uniform(0.75, 1.5)
            place(extent: radius + half)
            p.paint(first: fg, second: fg) { x, y in
                (abs(SDF.circle(x - cx, y - cy, radius: radius)) - half, 0)
            }
        case 5:
            let radius = uniform(5, 11)
            place(extent: radius)
            p.paint(first: fg, second: fg) { x, y in (SDF.circle(x - cx, y - cy, radius: radius), 0) }
        case 6:
            let half = uniform(6, 12), thick = uniform(0.75, 1.5)
            place(extent: half * 1.1 + thick)
            let c = cos(jitter), s = sin(jitter)
            p.paint(first: fg, second: fg) { x, y in
                let dx = x - cx, dy = y - cy
                let u = c * dx + s * dy, v = -s * dx + c * dy
                return (abs(SDF.box(u, v, halfWidth: half, halfHeight: half)) - thick, 0)
            }
        case 7:
            let arm = uniform(7, 13), half = uniform(1.25, 2.25)
            place(extent: arm)
            let c = cos(jitter), s = sin(jitter)
            p.paint(first: fg, second: fg) { x, y in
                let dx = x - cx, dy = y - cy
                let u = c * dx + s * dy, v = -s * dx + c * dy
                return (min(SDF.box(u, v, halfWidth: arm, halfHeight: half),
                            SDF.box(u, v, halfWidth: half, halfHeight: arm)), 0)
            }
        case 8:
            let hw = uniform(7, 13), hh = uniform(7, 13), cell = uniform(3, 5)
            let ox = uniform(0, 2 * cell), oy = uniform(0, 2 * cell)
            place(extent: max(hw, hh))
            let c = cos(jitter * 0.6), s = sin(jitter * 0.6)
            p.paint(first: fg, second: second) { x, y in
                let dx = x - cx, dy = y - cy
                let u = c * dx + s * dy, v = -s * dx + c * dy
                let a = min(max(0.5 - SDF.squareWave(u + ox, period: 2 * cell), 0), 1)
                let b = min(max(0.5 - SDF.squareWave(v + oy, period: 2 * cell), 0), 1)
                return (SDF.box(dx, dy, halfWidth: hw, halfHeight: hh), a + b - 2 * a * b)
            }
        default:
            let half = uniform(7, 12.5)
            place(extent: half * 1.15)
            let c = cos(jitter), s = sin(jitter)
            p.paint(first: fg, second: fg) { x, y in
                let dx = x - cx, dy = y - cy
                return (SDF.triangle(c * dx + s * dy, -s * dx + c * dy, halfSide: half), 0)
            }
        }
        p.write(into: out, noise: 10.0 / 255.0, &rng)
    }
}

/// One image of the built-in set with its object's footprint.
public struct DrawnImage: Sendable, Equatable {
    public var label: Int
    /// CHW bytes, exactly as the set holds them.
    public var pixels: [UInt8]
    /// [32 * 32], row-major: how much of each pixel the class's shape covers, 0...1 (the
    /// anti-aliased edge gives fractions; the background and clutter blobs are 0).
    public var coverage: [Float]

    /// Pixels whose centre lies inside the shape (coverage at least one half), grown by
    /// `dilation` pixels in the 8 directions (a square neighbourhood): [32 * 32].
    public func objectMask(dilation: Int = 0) -> [Bool] {
        let n = SyntheticPainter.size
        let inside = coverage.map { $0 >= 0.5 }
        guard dilation > 0 else { return inside }
        var out = [Bool](repeating: false, count: n * n)
        for y in 0..<n {
            for x in 0..<n where inside[y * n + x] {
                for yy in max(0, y - dilation)...min(n - 1, y + dilation) {
                    for xx in max(0, x - dilation)...min(n - 1, x + dilation) { out[yy * n + xx] = true }
                }
            }
        }
        return out
    }
}

/// A raw pointer that may cross into `concurrentPerform`: each worker writes a disjoint range.
struct UnsafeMutableSendablePointer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<UInt8>?
    init(_ pointer: UnsafeMutablePointer<UInt8>?) { self.pointer = pointer }
}
