import ConvEngine
import Foundation

/// Endless minibatches from a training set: shuffled each epoch, optionally augmented, written
/// straight into the caller's float buffer (NCHW) so a training step allocates nothing.
///
/// Every batch has exactly `batchSize` images: when an epoch runs out mid-batch, the batch is
/// completed from the next epoch's shuffle. Each image is still seen once per epoch, and the
/// network never has to cope with an odd-sized last batch.
///
/// The whole position is `State`, seven integers: the epoch, the place in it, the seed the
/// epoch's shuffle is derived from, and the augmentation generator's four words. Each epoch's
/// order is recomputed from (seed, epoch) rather than stored, so a checkpoint that saves these
/// integers resumes bit-identically.
public struct BatchSource: Sendable {
    public struct State: Sendable, Hashable, Codable {
        /// Epochs completed.
        public var epoch: Int
        /// Images already taken from the current epoch's order.
        public var position: Int
        /// Each epoch's order is a shuffle seeded from this and the epoch number.
        public var permutationSeed: UInt64
        /// The augmentation generator's state words.
        public var rngState: [UInt64]

        /// The state as integers, for a checkpoint: epoch, position, permutation seed, 4 RNG words.
        public var integers: [UInt64] {
            [UInt64(epoch), UInt64(position), permutationSeed] + rngState
        }

        /// Rebuilds a state from `integers`; nil unless there are exactly seven.
        public init?(integers: [UInt64]) {
            guard integers.count == 7, integers[0] <= UInt64(Int.max), integers[1] <= UInt64(Int.max) else { return nil }
            self.init(epoch: Int(integers[0]), position: Int(integers[1]), permutationSeed: integers[2],
                      rngState: Array(integers[3...]))
        }

        /// The state as a checkpoint stores it: the seven integers, comma-separated.
        public var checkpointText: String { integers.map(String.init).joined(separator: ",") }

        /// Reads `checkpointText`; nil for anything else.
        public init?(checkpointText text: String) {
            let parts = text.split(separator: ",", omittingEmptySubsequences: false)
            let integers = parts.compactMap { UInt64($0.trimmingCharacters(in: .whitespaces)) }
            guard integers.count == parts.count else { return nil }
            self.init(integers: integers)
        }

        public init(epoch: Int, position: Int, permutationSeed: UInt64, rngState: [UInt64]) {
            precondition(rngState.count == 4, "the generator state is four words")
            self.epoch = epoch
            self.position = position
            self.permutationSeed = permutationSeed
            self.rngState = rngState
        }
    }

    /// What one call to `next` produced.
    public struct Batch: Sendable, Hashable {
        /// Images written (always `batchSize` unless the set is empty).
        public var count: Int
        /// True when this batch took the last image of an epoch.
        public var completedEpoch: Bool
    }

    public let images: ImageSet
    public let batchSize: Int
    public var preprocessing: Preprocessing
    /// nil: images go in unchanged.
    public var augmentation: Augmentation?

    public private(set) var state: State
    private var order: [Int32] = []
    private var orderEpoch = -1

    /// A fresh source: epoch 0, shuffle and augmentation both derived from `seed`.
    public init(images: ImageSet, batchSize: Int, seed: UInt64,
                preprocessing: Preprocessing = .convNetJS, augmentation: Augmentation? = .convNetJS) {
        var seeds = SeededRandom(seed: seed)
        let permutationSeed = seeds.next()
        let rng = SeededRandom(seed: seeds.next())
        self.init(images: images, batchSize: batchSize,
                  state: State(epoch: 0, position: 0, permutationSeed: permutationSeed,
                               rngState: [rng.state.0, rng.state.1, rng.state.2, rng.state.3]),
                  preprocessing: preprocessing, augmentation: augmentation)
    }

    /// A source that continues exactly where one with this `state` stopped (same images,
    /// batch size, preprocessing and augmentation assumed).
    public init(images: ImageSet, batchSize: Int, state: State,
                preprocessing: Preprocessing = .convNetJS, augmentation: Augmentation? = .convNetJS) {
        precondition(batchSize > 0, "batch size must be positive")
        precondition(state.position >= 0 && state.position <= images.count, "position beyond the set")
        self.images = images
        self.batchSize = batchSize
        self.state = state
        self.preprocessing = preprocessing
        self.augmentation = augmentation
    }

    public var epoch: Int { state.epoch }
    public var position: Int { state.position }
    /// Floats one batch needs: batchSize x channels x height x width.
    public var floatsPerBatch: Int { batchSize * images.pixelsPerImage }

    /// Writes the next `batchSize` images (NCHW floats) at `destination`, which must hold
    /// `floatsPerBatch` floats, and replaces `labels` with theirs.
    @discardableResult
    public mutating func next(into destination: UnsafeMutablePointer<Float>, labels: inout [Int]) -> Batch {
        labels.removeAll(keepingCapacity: true)
        guard images.count > 0 else { return Batch(count: 0, completedEpoch: false) }
        var rng = SeededRandom(state: (state.rngState[0], state.rngState[1], state.rngState[2], state.rngState[3]))
        var completed = false
        var out = destination
        for _ in 0..<batchSize {
            if state.position == images.count {
                state.epoch += 1
                state.position = 0
            }
            prepareOrder()
            let index = Int(order[state.position])
            let transform = augmentation?.draw(using: &rng) ?? .identity
            images.writeFloats(at: index, into: out, preprocessing: preprocessing, transform: transform)
            labels.append(images.label(at: index))
            out += images.pixelsPerImage
            state.position += 1
            if state.position == images.count { completed = true }
        }
        state.rngState = [rng.state.0, rng.state.1, rng.state.2, rng.state.3]
        return Batch(count: batchSize, completedEpoch: completed)
    }

    /// The image indices of `epoch` in the order they are served.
    public func order(ofEpoch epoch: Int) -> [Int] {
        Self.shuffle(count: images.count, seed: state.permutationSeed, epoch: epoch).map(Int.init)
    }

    private mutating func prepareOrder() {
        if orderEpoch != state.epoch {
            order = Self.shuffle(count: images.count, seed: state.permutationSeed, epoch: state.epoch)
            orderEpoch = state.epoch
        }
    }

    static func shuffle(count: Int, seed: UInt64, epoch: Int) -> [Int32] {
        var rng = SeededRandom(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
        var order = (0..<Int32(count)).map { $0 }
        // Fisher-Yates with the project's generator, so the order is the same on every platform.
        var i = count - 1
        while i > 0 {
            let j = rng.nextInt(below: i + 1)
            order.swapAt(i, j)
            i -= 1
        }
        return order
    }
}
