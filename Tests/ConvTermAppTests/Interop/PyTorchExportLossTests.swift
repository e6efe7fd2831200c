import ConvEngine
import Foundation
import Testing
@testable import ConvTermApp

/// The export carries classifiers only: a net with a `loss` line is refused, saying why and what
/// to do, before any file is written.
@Suite struct PyTorchExportLossTests {
    @Test func aNetWithALossLineIsRefusedWithTheReason() throws {
        for name in ["segnet-tiny", "boxnet-tiny"] {
            let source = try NetworkSource.load(name)
            #expect {
                try PyTorchExport(source: source, seed: 1)
            } throws: { error in
                let text = "\(error)"
                return text.contains("`loss \(source.spec.loss!.text)` cannot be exported yet") && text.contains("remove the `loss` line")
            }
        }
        // The same layers without the loss line (a classifier's head) export.
        var spec = try SpecParser.parse("input 8x8x3\nconv 4 3x3 pad 1\nfc 10\nloss softmax 6 + smoothl1 4")
        spec.loss = nil
        _ = try PyTorchExport(source: NetworkSource(name: "plain", origin: "test", text: spec.text, spec: spec), seed: 1)
    }
}
