import ConvData
import ConvEngine

/// What the explorer convolves: the input, the filters and the hyperparameters the keys change.
public struct ExploreSettings: Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        /// Small integers 0...2 from a seed (the cs231n demo's style): every product checkable by hand.
        case integers
        /// Image `index` of the built-in synthetic CIFAR-style set: 32x32x3 bytes 0...255.
        case image(index: Int)
    }

    public var input: Volume
    public var source: Source
    public var filterSize: Int
    public var stride: Int
    public var pad: Int
    public var filterCount: Int
    public var seed: UInt64

    /// The lecture's demo: 7x7x3 input, two 3x3x3 filters, stride 2, pad 1 (output 4x4x2).
    public init(input: Volume = Volume(width: 7, height: 7, depth: 3), source: Source = .integers, filterSize: Int = 3,
                stride: Int = 2, pad: Int = 1, filterCount: Int = 2, seed: UInt64 = 7) {
        self.input = input
        self.source = source
        self.filterSize = filterSize
        self.stride = stride
        self.pad = pad
        self.filterCount = filterCount
        self.seed = seed
    }

    /// The image set's pictures are 32x32x3 whatever the integer input's size was.
    public var effectiveInput: Volume {
        if case .image = source { return Volume(width: 32, height: 32, depth: 3) }
        return input
    }

    /// The engine's walkthrough for these settings, or the engine's reason they do not fit.
    public func walkthrough() -> Result<ConvolutionWalkthrough, ConvolutionWalkthrough.Problem> {
        do {
            switch source {
            case .integers:
                return .success(try ConvolutionWalkthrough.smallIntegers(
                    volume: input, filterCount: filterCount, filterSize: filterSize, stride: stride, pad: pad, seed: seed))
            case .image(let index):
                let pixels = ExploreSettings.image(index)
                return .success(try ConvolutionWalkthrough.integerFilters(
                    over: pixels, volume: effectiveInput, filterCount: filterCount, filterSize: filterSize,
                    stride: stride, pad: pad, seed: seed))
            }
        } catch {
            return .failure(error)
        }
    }

    /// The lecture's formula for the current numbers (width; the explorer's inputs are square or close).
    public var formula: OutputSizeFormula {
        OutputSizeFormula(input: effectiveInput.width, filter: filterSize, pad: pad, stride: stride,
                          what: "\(filterSize)x\(filterSize) filter")
    }

    /// How many images the built-in set offers the explorer (a handful is enough to look at).
    public static let imageCount = 10

    /// Generated once (fixed seed, no files): the status line asks for a class name every frame.
    static let images = SyntheticCIFAR.make(count: imageCount, seed: 2024)

    /// Image `index` as CHW floats of its bytes 0...255.
    public static func image(_ index: Int) -> [Float] {
        images.pixels(at: ((index % imageCount) + imageCount) % imageCount).map(Float.init)
    }

    public static func imageClass(_ index: Int) -> String {
        images.classNames[images.label(at: ((index % imageCount) + imageCount) % imageCount)]
    }
}

/// The pooling explorer's settings: a single-channel map, a square window and a stride.
public struct PoolSettings: Hashable, Sendable {
    public var input: Volume
    public var window: Int
    public var stride: Int
    public var seed: UInt64

    /// The lecture's example: 2x2 max pool, stride 2, over a 4x4 map.
    public init(input: Volume = Volume(width: 4, height: 4, depth: 1), window: Int = 2, stride: Int = 2, seed: UInt64 = 7) {
        self.input = input
        self.window = window
        self.stride = stride
        self.seed = seed
    }

    /// The lecture's own numbers for 4x4x1; other sizes get integers 0...9 from the seed.
    public var values: [Float] {
        if input == Volume(width: 4, height: 4, depth: 1) { return PoolWalkthrough.lectureExample }
        var rng = SeededRandom(seed: seed)
        return (0..<input.count).map { _ in Float(rng.nextInt(below: 10)) }
    }

    public func walkthrough() -> Result<PoolWalkthrough, ConvolutionWalkthrough.Problem> {
        do { return .success(try PoolWalkthrough(input: values, volume: input, window: window, stride: stride)) } catch {
            return .failure(error)
        }
    }

    public var formula: OutputSizeFormula {
        OutputSizeFormula(input: input.width, filter: window, pad: 0, stride: stride, what: "\(window)x\(window) window")
    }
}
