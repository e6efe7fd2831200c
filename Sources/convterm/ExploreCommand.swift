import ArgumentParser
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

    @Option(parsing: .unconditional, help: "Use image N (1-\(ExploreSettings.imageCount)) of the built-in 32x32x3 set instead of integers.")
    var image: Int?

    @Option(parsing: .unconditional, help: "Seed for the integers and the filters.", transform: OptionValidation.seed)
    var seed: UInt64 = 7

    /// Bad options are reported before the screen opens, with this command's usage.
    func validate() throws { _ = try settings() }

    func settings() throws -> ExploreSettings {
        let anyOption = input != nil || filter != nil || stride != nil || pad != nil || filters != nil || image != nil
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
        if let image {
            guard (1...ExploreSettings.imageCount).contains(image) else {
                throw ValidationError("--image must be from 1 to \(ExploreSettings.imageCount), got \(image)")
            }
            s.source = .image(index: image - 1)
        }
        return s
    }

    func run() throws {
        try runExplorer(ExploreApp(state: ExploreState(conv: try settings())))
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

