import ArgumentParser
import ConvEngine
import ConvTermApp
import Foundation

struct SummaryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "summary",
        abstract: "Per-layer output volume, parameters, multiply-adds, memory and receptive field of a network.",
        discussion: "Nothing is allocated: `convterm summary vgg16` is instant. JSON keys are documented in the README."
    )

    @Argument(help: "A zoo net (see --list) or a .net file.")
    var network: String?

    @Option(help: "Input volume WxHxD (or WxH, keeping the depth), e.g. 64x64x3.")
    var input: String?

    @Option(parsing: .unconditional, help: "Batch size: scales activations, memory and multiply-adds.")
    var batch: Int = 1

    @Option(parsing: .unconditional, help: "Show nested layers down to this depth (blocks count as one level).")
    var depth: Int = 3

    @Option(help: "Output format: table, json, csv or markdown.")
    var format: SummaryReport.Format = .table

    @Option(help: "Multiply-add counting: lecture (dot-product multiplies) or torchinfo.")
    var convention: MultiplyAddConvention = .lecture

    @Flag(help: "Print the network's .net text instead of the summary (a starting point for your own file).")
    var printSpec = false

    @Flag(help: "List the zoo's networks.")
    var list = false

    func validate() throws {
        try OptionValidation.whole(batch, in: 1...1_000_000, option: "--batch")
        try OptionValidation.atLeast(1, depth, option: "--depth")
        if network == nil && !list { throw ValidationError("name a network: a zoo net (\(Zoo.names.joined(separator: ", "))) or a .net file") }
    }

    func run() throws {
        if list {
            let width = Zoo.names.map(\.count).max() ?? 0
            for entry in Zoo.entries { print(entry.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + entry.summary) }
            return
        }
        let source = try loadOrExit(network!)
        if printSpec {
            print(source.text, terminator: source.text.hasSuffix("\n") ? "" : "\n")
            return
        }
        var spec = source.spec
        if let input {
            guard let volume = Volume.parse(input, defaultDepth: spec.input.depth) else {
                throw ValidationError("--input wants WxHxD or WxH with positive whole numbers, e.g. 64x64x3; got `\(input)`")
            }
            spec = spec.withInput(volume)
            if let tooLarge = ShapeLimits.error(spec) {
                throw ValidationError("--input \(input): \(tooLarge.message)")
            }
        }
        let shapes = NetworkShapes(spec)
        let largest = [shapes.forwardActivations, shapes.multiplyAdds(.lecture), shapes.multiplyAdds(.torchinfo)].max()!
        if Double(largest) * Double(batch) * 8 > 9e18 {
            throw ValidationError("--batch \(batch) makes the totals too large to count; use a smaller batch")
        }
        let report = SummaryReport(networkName: source.name, shapes: shapes, batch: batch, maxDepth: depth, convention: convention)
        print(report.render(format), terminator: "")
        if let problem = source.shapeProblem(for: shapes) {
            FileHandle.standardError.write(Data((problem + "\n").utf8))
            throw ExitCode(1)
        }
    }
}

extension SummaryReport.Format: ExpressibleByArgument {}
extension MultiplyAddConvention: ExpressibleByArgument {}
