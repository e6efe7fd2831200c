import ConvEngine
import Testing
@testable import ConvTermApp

/// Import through the export's names: grouped and transposed convolutions' weights come back bit
/// for bit, and a file with a transposed conv's weight in the wrong layout is refused by name.
@Suite struct StateDictBridgeTests {
    static let text = "input 8x8x4\ndw: conv 4 3x3 pad 1 groups 4\nup: deconv 6 4x4 stride 2 pad 1\nfc 3\n"

    static func source() throws -> NetworkSource {
        NetworkSource(name: "encdec", origin: "encdec.net", text: text, spec: try SpecParser.parse(text))
    }

    @Test func exportThenImportIsTheIdentity() throws {
        let original = try Network(spec: try Self.source().spec, seed: 1)
        let file = StateDictBridge.stateDict(of: original, layout: try TorchLayout(original.spec))
        let settings = OptimizerSettings(kind: .momentum, learningRate: 0.01, l2: 0)
        let (checkpoint, naming) = try StateDictBridge.checkpoint(from: file, fileName: "w.safetensors", network: try Self.source(),
                                                                  optimizer: settings, seed: 2, threads: 1)
        #expect(naming == .convterm)
        let fresh = try Trainer(network: try Network(spec: try Self.source().spec, seed: 3), optimizer: settings, threads: 1)
        try checkpoint.restore(into: fresh)
        for (a, b) in zip(original.parameters, fresh.network.parameters) {
            #expect(a.name == b.name && a.value.map(\.bitPattern) == b.value.map(\.bitPattern), "\(a.name)")
        }
    }

    @Test func aTransposedWeightInTheWrongLayoutIsRefusedByName() throws {
        let original = try Network(spec: try Self.source().spec, seed: 1)
        var file = StateDictBridge.stateDict(of: original, layout: try TorchLayout(original.spec))
        // [out, in, kh, kw], a Conv2d's layout, where ConvTranspose2d keeps [in, out, kh, kw].
        let index = try #require(file.tensors.firstIndex { $0.name == "up.weight" })
        file.tensors[index].shape = [6, 4, 4, 4]
        #expect {
            _ = try StateDictBridge.checkpoint(from: file, fileName: "w.safetensors", network: try Self.source(),
                                               optimizer: OptimizerSettings(kind: .sgd, learningRate: 0.01, l2: 0), seed: 2, threads: 1)
        } throws: { error in
            "\(error)".contains("up.weight: expected [4, 6, 4, 4], found [6, 4, 4, 4]")
        }
    }
}
