import ArgumentParser
import ConvEngine
import ConvTermApp
import Foundation
import TerminalKit

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Inspect a network's layer shapes interactively, and edit it live.",
        discussion: """
        Shows each layer's output volume, memory, parameters, multiply-adds and receptive field,
        with bars for where the memory and the parameters sit. Edit a line (e), add (a) or delete (d)
        a layer, change the input size (i): every shape is recomputed at once, and a layer that no
        longer fits turns red with the reason. w writes the spec to a .net file. ? lists every key.
        """
    )

    @Argument(help: "A zoo net (`convterm summary --list`) or a .net file. Default: vgg16.")
    var network: String = "vgg16"

    @Option(help: "Start with this input volume WxHxD (or WxH, keeping the depth).")
    var input: String?

    @Option(help: "Multiply-add counting: lecture or torchinfo (c toggles).")
    var convention: MultiplyAddConvention = .lecture

    func validate() throws {
        if let input, Volume.parse(input, defaultDepth: 3) == nil {
            throw ValidationError("--input wants WxHxD or WxH with positive whole numbers, e.g. 64x64x3; got `\(input)`")
        }
    }

    func run() throws {
        let source = try loadOrExit(network)
        var state: InspectState
        do {
            state = try InspectState(source: source)
        } catch {
            FileHandle.standardError.write(Data((NetworkSource.describe(error, in: source.text) + "\n").utf8))
            throw ExitCode(1)
        }
        state.convention = convention
        if let input {
            guard let volume = Volume.parse(input, defaultDepth: source.spec.input.depth) else {
                throw ValidationError("--input wants WxHxD or WxH with positive whole numbers, e.g. 64x64x3; got `\(input)`")
            }
            if let error = state.changeInput(to: volume) { throw ValidationError(error) }
        }
        var host = InspectApp.host(state)
        let status: Int32
        do {
            status = try Terminal.runInTerminal(&host)
        } catch {
            FileHandle.standardError.write(Data("convterm inspect: \(error)\nUse `convterm summary \(network)` for a plain-text table.\n".utf8))
            throw ExitCode(2)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
