import Foundation
import FuzzSupport
import Testing
@testable import ConvEngine

/// Mutated safetensors files (bytes edited, headers rewritten, numbers swapped for edge values,
/// files cut short): each is read with every tensor's values matching its shape, or refused with
/// a message naming the file; none traps.
@Suite struct SafeTensorsFuzzTests {
    static let sample: Data = SafeTensors(tensors: [
        .init(name: "conv1.weight", shape: [2, 1, 2, 2], values: (0..<8).map { Float($0) / 8 }),
        .init(name: "conv1.bias", shape: [2], values: [0.5, -0.5]),
        .init(name: "bn1.running_var", shape: [3], values: [1, 2, 3]),
    ], metadata: ["format": "pt"]).encoded()

    @Test func mutatedFilesAreReadConsistentlyOrRefusedClearly() {
        var read = 0, refused = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 31)
            let bytes = [UInt8](Self.sample)
            let damaged: [UInt8]
            switch mutator.below(3) {
            case 0:
                damaged = mutator.mutate(bytes)
            case 1:
                // Edit the JSON header only and fix up its length, so the damage reaches the field checks.
                let length = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
                let header = String(decoding: bytes[8..<(8 + length)], as: UTF8.self)
                let edited = Array((mutator.below(2) == 0
                    ? mutator.mutate(header, tokens: Mutator.numericTokens)
                    : mutator.mutate(header)).utf8)
                var n = UInt64(edited.count)
                var prefix: [UInt8] = []
                for _ in 0..<8 { prefix.append(UInt8(n & 0xFF)); n >>= 8 }
                damaged = prefix + edited + bytes[(8 + length)...]
            default:
                damaged = Array(bytes.prefix(mutator.below(bytes.count)))
            }
            do {
                let st = try SafeTensors.decode(Data(damaged), name: "w.safetensors")
                for t in st.tensors {
                    #expect(t.shape.reduce(1, *) == t.values.count, "case \(index): \(t.name)")
                }
                read += 1
            } catch {
                refused += 1
                #expect("\(error)".hasPrefix("w.safetensors: ") && "\(error)".count > 20, "case \(index): \(error)")
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }
}
