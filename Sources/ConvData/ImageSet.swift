import Foundation

/// N labelled images of `channels x height x width` bytes, each image stored as CHW planes
/// (all red bytes, then green, then blue — the CIFAR byte order, and the NCHW order the engine
/// wants, so turning an image into floats is one linear pass).
///
/// The pixels stay where they were loaded: in memory-mapped file data for CIFAR (a 150 MB
/// training set costs no copy and no start-up time) or in one contiguous buffer for the
/// synthetic set. A set read from several files is a short list of such blocks, one per file;
/// slicing a set only adjusts block bounds. Labels are copied out into one small array because
/// they are read on every batch and for class counts.
public struct ImageSet: Sendable {
    /// A run of consecutive records inside one buffer.
    struct Block: Sendable {
        var bytes: Data
        /// Bytes from one record to the next (3,073 for CIFAR-10; 3,072 for bare pixels).
        var recordSize: Int
        /// Where the pixels start inside a record (after the label bytes).
        var pixelOffset: Int
        /// First record of this block inside `bytes`.
        var firstRecord: Int
        var count: Int
    }

    public let channels: Int
    public let height: Int
    public let width: Int
    /// Class names indexed by label.
    public let classNames: [String]
    /// The random transforms that keep every image's label: the set's own declaration, because
    /// only it knows (a mirror keeps a CIFAR cat a cat, but turns the built-in `stripes-up`
    /// into `stripes-down`). Training draws from this and nothing else.
    public let augmentation: Augmentation

    let labelStore: [UInt8]
    let blocks: [Block]
    /// Index of the first image of each block, for finding an image's block.
    let blockStarts: [Int]

    public var count: Int { labelStore.count }
    public var isEmpty: Bool { labelStore.isEmpty }
    public var classCount: Int { classNames.count }
    public var pixelsPerImage: Int { channels * height * width }
    public var planeSize: Int { height * width }

    /// Builds a set from pixels already in memory: `labels.count` images of
    /// `channels*height*width` bytes each, CHW planes, back to back.
    /// Sets of unknown content get shifts only: a 2-pixel move keeps almost any label, a mirror not.
    public init(pixels: [UInt8], labels: [Int], classNames: [String], channels: Int = 3, height: Int = 32, width: Int = 32,
                augmentation: Augmentation = .shiftsOnly) {
        let size = channels * height * width
        precondition(pixels.count == labels.count * size, "pixels must hold labels.count images of \(size) bytes")
        precondition(labels.allSatisfy { $0 >= 0 && $0 < classNames.count && $0 < 256 }, "labels must index classNames")
        self.init(
            blocks: [Block(bytes: Data(pixels), recordSize: size, pixelOffset: 0, firstRecord: 0, count: labels.count)],
            labels: labels.map { UInt8($0) }, classNames: classNames,
            channels: channels, height: height, width: width, augmentation: augmentation)
    }

    init(blocks: [Block], labels: [UInt8], classNames: [String], channels: Int = 3, height: Int = 32, width: Int = 32,
         augmentation: Augmentation) {
        let nonEmpty = blocks.filter { $0.count > 0 }
        self.blocks = nonEmpty
        var starts: [Int] = []
        var total = 0
        for block in nonEmpty {
            starts.append(total)
            total += block.count
        }
        precondition(total == labels.count, "blocks and labels disagree on the number of images")
        self.blockStarts = starts
        self.labelStore = labels
        self.classNames = classNames
        self.augmentation = augmentation
        self.channels = channels
        self.height = height
        self.width = width
    }

    // MARK: Labels

    public func label(at index: Int) -> Int {
        Int(labelStore[index])
    }

    /// Every label, in image order.
    public var labels: [Int] { labelStore.map { Int($0) } }

    /// How many images each class has, indexed by label.
    public var classCounts: [Int] {
        var counts = [Int](repeating: 0, count: max(classNames.count, Int(labelStore.max() ?? 0) + 1))
        for label in labelStore { counts[Int(label)] += 1 }
        return counts
    }

    // MARK: Pixels

    /// Calls `body` with the image's `channels*height*width` bytes (CHW planes). The pointer is
    /// valid only inside `body`: it may point into a memory-mapped file.
    public func withPixels<R>(at index: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        precondition(index >= 0 && index < count, "image index \(index) out of range 0..<\(count)")
        let b = blockIndex(of: index)
        let block = blocks[b]
        let record = block.firstRecord + (index - blockStarts[b])
        let start = record * block.recordSize + block.pixelOffset
        let size = pixelsPerImage
        return try block.bytes.withUnsafeBytes { raw in
            let base = raw.baseAddress!.advanced(by: start).assumingMemoryBound(to: UInt8.self)
            return try body(UnsafeBufferPointer(start: base, count: size))
        }
    }

    /// A copy of the image's bytes (CHW planes). For tests and previews; the training path uses
    /// `writeFloats`, which copies nothing.
    public func pixels(at index: Int) -> [UInt8] {
        withPixels(at: index) { Array($0) }
    }

    /// Writes image `index` as `channels*height*width` floats (CHW) at `destination`, scaled by
    /// `preprocessing` and moved by `transform` (shift with zero fill, then mirror).
    public func writeFloats(
        at index: Int, into destination: UnsafeMutablePointer<Float>,
        preprocessing: Preprocessing = .convNetJS, transform: ImageTransform = .identity
    ) {
        withPixels(at: index) { source in
            preprocessing.apply(
                source: source.baseAddress!, destination: destination,
                channels: channels, height: height, width: width, transform: transform)
        }
    }

    /// Writes the images at `indices` one after another (NCHW) and their labels, unaugmented:
    /// the evaluation path. `destination` must hold `indices.count * pixelsPerImage` floats.
    public func writeBatch<C: Collection<Int>>(
        indices: C, into destination: UnsafeMutablePointer<Float>, labels: inout [Int],
        preprocessing: Preprocessing = .convNetJS
    ) {
        labels.removeAll(keepingCapacity: true)
        var out = destination
        for i in indices {
            writeFloats(at: i, into: out, preprocessing: preprocessing)
            labels.append(label(at: i))
            out += pixelsPerImage
        }
    }

    // MARK: Subsets

    /// The images in `range`, sharing storage with this set.
    public func subset(_ range: Range<Int>) -> ImageSet {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "range \(range) out of 0..<\(count)")
        var picked: [Block] = []
        for (b, block) in blocks.enumerated() {
            let start = blockStarts[b]
            let lo = max(range.lowerBound, start), hi = min(range.upperBound, start + block.count)
            if lo < hi {
                var part = block
                part.firstRecord += lo - start
                part.count = hi - lo
                picked.append(part)
            }
        }
        return ImageSet(blocks: picked, labels: Array(labelStore[range]), classNames: classNames,
                        channels: channels, height: height, width: width, augmentation: augmentation)
    }

    /// The first `n` images (all of them if there are fewer).
    public func prefix(_ n: Int) -> ImageSet {
        subset(0..<min(max(n, 0), count))
    }

    /// The images at `indices`, in that order, copied into one new buffer.
    public func subset(indices: [Int]) -> ImageSet {
        let size = pixelsPerImage
        var data = Data(count: indices.count * size)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: UInt8.self)
            for (k, i) in indices.enumerated() {
                withPixels(at: i) { src in
                    _ = UnsafeMutableBufferPointer(rebasing: out[(k * size)..<((k + 1) * size)]).update(fromContentsOf: src)
                }
            }
        }
        return ImageSet(
            blocks: [Block(bytes: data, recordSize: size, pixelOffset: 0, firstRecord: 0, count: indices.count)],
            labels: indices.map { labelStore[$0] }, classNames: classNames,
            channels: channels, height: height, width: width, augmentation: augmentation)
    }

    /// The sets one after another, sharing their storage (how the five CIFAR-10 training
    /// batches become one training set). Class names come from the first set.
    public static func concatenating(_ sets: [ImageSet]) -> ImageSet {
        guard let first = sets.first else {
            return ImageSet(blocks: [], labels: [], classNames: [], augmentation: .shiftsOnly)
        }
        precondition(sets.allSatisfy { $0.channels == first.channels && $0.height == first.height && $0.width == first.width },
                     "concatenated sets must have the same image shape")
        return ImageSet(blocks: sets.flatMap(\.blocks), labels: sets.flatMap(\.labelStore),
                        classNames: first.classNames,
                        channels: first.channels, height: first.height, width: first.width,
                        augmentation: first.augmentation)
    }

    /// The same images under other class names (same count of classes or more).
    public func renamingClasses(_ names: [String]) -> ImageSet {
        ImageSet(blocks: blocks, labels: labelStore, classNames: names,
                 channels: channels, height: height, width: width, augmentation: augmentation)
    }

    @inline(__always)
    func blockIndex(of index: Int) -> Int {
        if blocks.count == 1 { return 0 }
        var lo = 0, hi = blockStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if blockStarts[mid] <= index { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
