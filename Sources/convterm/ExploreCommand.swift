import ArgumentParser
import ConvData
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

struct ExploreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explore",
        abstract: "Step through a convolution or a max pool, cell by cell.",
        subcommands: [ExploreConvCommand.self, ExplorePoolCommand.self],
        defaultSubcommand: ExploreConvCommand.self
    )
}

struct ExploreConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Slide filters over an input volume: the window, the dot product, the activation maps.",
        discussion: """
        With no options: the lecture's demo, a 7x7x3 input of small integers, two 3x3x3 filters,
        stride 2, pad 1. With any option, the rest default to one 3x3 filter, stride 1, no padding:
          convterm explore conv --input 32x32x3 --filter 5x5 --filters 6    (28x28x6)
          convterm explore conv --input 7x7 --filter 3x3 --stride 2          (3x3)
        Keys: n/p step, space play, +/- speed, f/F filter, s/S stride, z/Z pad, d/D filters,
        i image, ? help, q quit.
        With --image: a hand-set edge filter (v vertical, h horizontal) slides over a real picture
        (the built-in set's, or --data cifar10's) and its output lights up on the edges:
          convterm explore conv --image
          convterm explore conv --image --edge horizontal --data cifar10 --picture 4
        """
    )

    @Option(help: "Input volume WxHxD, or WxH for depth 1.")
    var input: String?

    @Option(help: "Filter size FxF (or F); filters span the whole input depth.")
    var filter: String?

    @Option(parsing: .unconditional, help: "Stride.")
    var stride: Int?

    @Option(parsing: .unconditional, help: "Zero padding on each side.")
    var pad: Int?

    @Option(parsing: .unconditional, help: "Number of filters (the output depth).")
    var filters: Int?

    @Flag(help: "Slide a hand-set edge filter over a real picture and draw its output as a heat map.")
    var image = false

    @Option(help: "With --image: vertical or horizontal, the edge filter to start with.")
    var edge: String?

    @Option(help: "With --image: the pictures' data set (synthetic, cifar10, cifar100, a directory or a .bin file; its test set when it has one).")
    var data: String?

    @Option(parsing: .unconditional, help: "Picture N (from 1) to start on; without --image, image N (1-\(ExploreSettings.imageCount)) of the built-in set under integer filters.")
    var picture: Int?

    @Option(parsing: .unconditional, help: "Seed for the integers and the filters.", transform: OptionValidation.seed)
    var seed: UInt64 = 7

    /// Bad options are reported before the screen opens, with this command's usage.
    func validate() throws {
        if image {
            guard input == nil, filter == nil, stride == nil, pad == nil, filters == nil else {
                throw ValidationError("--image slides its own 3x3 edge filter over a 32x32 picture; leave out --input, --filter, --stride, --pad and --filters")
            }
            _ = try edgeKind()
            if let picture, picture < 1 { throw ValidationError("--picture must be 1 or more, got \(picture)") }
            return
        }
        guard data == nil, edge == nil else { throw ValidationError("--data and --edge go with --image") }
        _ = try settings()
    }

    func edgeKind() throws -> EdgeExploreState.Edge {
        guard let edge else { return .vertical }
        guard let kind = EdgeExploreState.Edge(rawValue: edge.lowercased()) else {
            throw ValidationError("--edge must be vertical or horizontal; got `\(edge)`")
        }
        return kind
    }

    /// The edge explorer on the built-in pictures, or on the first pictures of `--data`.
    func edgeState() throws -> EdgeExploreState {
        let first = (picture ?? 1) - 1
        guard let data, data != "synthetic" else { return .builtIn(edge: try edgeKind(), first: first) }
        let loaded = try orExit { try DataLocator().load(data, seed: seed) }
        for warning in loaded.warnings { printError("convterm: \(warning)") }
        let set = loaded.test ?? loaded.train
        guard set.channels == 3 else {
            printError("convterm explore: \(loaded.name) holds \(set.channels)-channel pictures; the edge explorer needs colour ones")
            throw ExitCode(2)
        }
        // Ten pictures from the one asked for (n and p walk them).
        let start = max(0, min(first, set.count - 1))
        let pictures = set.subset(start..<min(set.count, start + 10))
        // A short name for the status line: "cifar10 test", not a whole path.
        let name = URL(fileURLWithPath: loaded.name).lastPathComponent + (loaded.test == nil ? " training" : " test")
        return EdgeExploreState(pictures: pictures, name: name, edge: try edgeKind())
    }

    func settings() throws -> ExploreSettings {
        let anyOption = input != nil || filter != nil || stride != nil || pad != nil || filters != nil || picture != nil
        var s = anyOption ? ExploreSettings(filterSize: 3, stride: 1, pad: 0, filterCount: 1) : ExploreSettings()
        s.seed = seed
        if let input {
            guard let v = Volume.parse(input, defaultDepth: 1) else {
                throw ValidationError("--input wants WxHxD or WxH with positive whole numbers, e.g. 32x32x3 or 7x7; got `\(input)`")
            }
            guard v.width <= 64, v.height <= 64, v.depth <= 64 else {
                throw ValidationError("--input \(v) is larger than the explorer shows (at most 64x64x64); `convterm summary` handles any size")
            }
            s.input = v
        }
        if let filter {
            let parts = filter.lowercased().split(separator: "x").map { Int($0) }
            guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) > 0 }) else {
                throw ValidationError("--filter wants FxF or F with a positive whole number, e.g. 5x5; got `\(filter)`")
            }
            guard parts.count == 1 || parts[0] == parts[1] else {
                throw ValidationError("the explorer draws square filters; got `\(filter)`")
            }
            s.filterSize = parts[0]!
        }
        if let stride {
            guard stride >= 1 else { throw ValidationError("--stride must be at least 1, got \(stride)") }
            s.stride = stride
        }
        if let pad {
            guard pad >= 0 else { throw ValidationError("--pad must be 0 or more, got \(pad)") }
            s.pad = pad
        }
        if let filters {
            guard (1...64).contains(filters) else { throw ValidationError("--filters must be from 1 to 64, got \(filters)") }
            s.filterCount = filters
        }
        if let picture {
            guard (1...ExploreSettings.imageCount).contains(picture) else {
                throw ValidationError("--picture must be from 1 to \(ExploreSettings.imageCount), got \(picture)")
            }
            s.source = .image(index: picture - 1)
        }
        return s
    }

    func run() throws {
        if image {
            try runExplorer(EdgeExploreApp(state: try edgeState()))
        } else {
            try runExplorer(ExploreApp(state: ExploreState(conv: try settings())))
        }
    }
}

struct ExplorePoolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pool",
        abstract: "Max pooling window by window: which element wins each window.",
        discussion: "With no options: the lecture's 2x2 max pool with stride 2 over a 4x4 example."
    )

    @Option(help: "Input WxH (one channel) or WxHxD.")
    var input: String?

    @Option(help: "Window size (W or WxW).")
    var window: String?

    @Option(parsing: .unconditional, help: "Stride (default: the window size).")
    var stride: Int?

    func validate() throws { _ = try settings() }

    func run() throws {
        try runExplorer(ExploreApp(state: ExploreState(pool: try settings())))
    }

    func settings() throws -> PoolSettings {
        var s = PoolSettings()
        if let input {
            guard let v = Volume.parse(input, defaultDepth: 1), v.width <= 64, v.height <= 64, v.depth <= 16 else {
                throw ValidationError("--input wants WxH or WxHxD with whole numbers up to 64x64x16, e.g. 6x6; got `\(input)`")
            }
            s.input = v
        }
        if let window {
            let parts = window.lowercased().split(separator: "x").map { Int($0) }
            guard (1...2).contains(parts.count), parts.allSatisfy({ ($0 ?? 0) > 0 }), parts.count == 1 || parts[0] == parts[1] else {
                throw ValidationError("--window wants a square size such as 2 or 2x2; got `\(window)`")
            }
            s.window = parts[0]!
            s.stride = parts[0]!
        }
        if let stride {
            guard stride >= 1 else { throw ValidationError("--stride must be at least 1, got \(stride)") }
            s.stride = stride
        }
        return s
    }
}

