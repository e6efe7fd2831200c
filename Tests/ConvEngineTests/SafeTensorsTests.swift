import Foundation
import Testing
@testable import ConvEngine

/// safetensors files built byte by byte here (never by the writer under test, except in the
/// round trip), so a reader that agrees with the writer on a wrong layout still fails.
@Suite struct SafeTensorsTests {
    /// A file from a header text and raw data bytes, laid out as the format says.
    static func file(_ header: String, _ data: [UInt8]) -> Data {
        let h = Array(header.utf8)
        var out = [UInt8]()
        var n = UInt64(h.count)
        for _ in 0..<8 { out.append(UInt8(n & 0xFF)); n >>= 8 }
        return Data(out + h + data)
    }

    static func decode(_ data: Data) throws -> SafeTensors {
        try SafeTensors.decode(data, name: "w.safetensors")
    }

    /// The refusal message for `data`, or "" when it was accepted.
    static func refusal(_ data: Data) -> String {
        do { _ = try decode(data); return "" } catch { return "\(error)" }
    }

    @Test func readsFloat32LittleEndianInOffsetOrder() throws {
        // 1.0 = 0x3F800000, -2.5 = 0xC0200000, 0.5 = 0x3F000000; "b" comes first in the data.
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[4,12]},"b":{"dtype":"F32","shape":[1,1],"data_offsets":[0,4]},"__metadata__":{"format":"pt"}}"#
        let bytes: [UInt8] = [0, 0, 0, 0x3F, 0, 0, 0x80, 0x3F, 0, 0, 0x20, 0xC0]
        let st = try Self.decode(Self.file(header, bytes))
        #expect(st.tensors.map(\.name) == ["b", "a"])
        #expect(st["a"]?.values == [1.0, -2.5])
        #expect(st["a"]?.shape == [2])
        #expect(st["b"]?.values == [0.5])
        #expect(st["b"]?.shape == [1, 1])
        #expect(st.metadata == ["format": "pt"])
    }

    @Test func convertsF64F16BF16AndIntegers() throws {
        let header = #"{"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"h":{"dtype":"F16","shape":[5],"data_offsets":[8,18]},"b":{"dtype":"BF16","shape":[2],"data_offsets":[18,22]},"n":{"dtype":"I64","shape":[],"data_offsets":[22,30]}}"#
        var bytes: [UInt8] = [0, 0, 0, 0, 0, 0, 0xF8, 0x3F]          // F64 1.5
        bytes += [0x00, 0x3C, 0x00, 0xC0, 0xFF, 0x7B, 0x01, 0x00, 0x00, 0x7C]  // F16 1, -2, 65504, 2^-24, +inf
        bytes += [0x80, 0x3F, 0x49, 0xC0]                              // BF16 1.0, -3.140625
        bytes += [7, 0, 0, 0, 0, 0, 0, 0]                              // I64 7 (num_batches_tracked)
        let st = try Self.decode(Self.file(header, bytes))
        #expect(st["d"]?.values == [1.5])
        #expect(st["h"]?.values == [1, -2, 65504, 5.9604645e-08, .infinity])
        #expect(st["b"]?.values == [1, -3.140625])
        #expect(st["n"]?.values == [7])
        #expect(st["n"]?.shape == [])
    }

    @Test func writerLaysOutWhatTheReaderAndTheFormatExpect() throws {
        let st = SafeTensors(tensors: [.init(name: "conv1.weight", shape: [2, 1], values: [1, -0.0]),
                                       .init(name: "x\"y", shape: [1], values: [.pi])], metadata: ["k": "v"])
        let data = st.encoded()
        let length = data.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        #expect(length % 8 == 0)
        #expect(data.count == 8 + length + 12)
        // The first tensor's bytes sit right after the header: 1.0 then -0.0.
        #expect(Array(data[(8 + length)..<(8 + length + 8)]) == [0, 0, 0x80, 0x3F, 0, 0, 0, 0x80])
        let back = try Self.decode(data)
        #expect(back.tensors == st.tensors)
        #expect(back.metadata == ["k": "v"])
        #expect(back["conv1.weight"]!.values[1].sign == .minus)
    }

    @Test func emptyFileOfNoTensorsIsValid() throws {
        #expect(try Self.decode(Self.file("{}", [])).tensors.isEmpty)
    }

    /// Each kind of damage, with the words its message must use.
    @Test(arguments: [
        (Data([1, 2, 3]), "too short"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, [0, 0]).prefix(20), "truncated"),
        (Data([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x7B]), "100 MB"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]"#, [0, 0, 0, 0]), "not valid JSON"),
        (SafeTensorsTests.file(#"[1,2]"#, []), "not an object"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "needs 8 bytes"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,8]}}"#, [0, 0, 0, 0]), "outside"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[2,6]}}"#, [0, 0, 0, 0, 0, 0]), "overlaps"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}"#, [0, 0, 0, 0, 0, 0, 0, 0]), "gap"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0, 9]), "extra bytes"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F8_E4M3","shape":[1],"data_offsets":[0,1]}}"#, [0]), "does not read"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "shape"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[true],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "shape"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "more values"),
        (SafeTensorsTests.file(#"{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}"#, [0, 0, 0, 0]), "outside"),
        (SafeTensorsTests.file(#"{"a":{"shape":[1],"data_offsets":[0,4]}}"#, [0, 0, 0, 0]), "no dtype"),
        (SafeTensorsTests.file(#"{"__metadata__":{"k":3}}"#, []), "not a string"),
        (SafeTensorsTests.file("{\"a\":\u{1}}", []), "JSON"),
        // Nesting deep enough to overflow a recursive parser's stack.
        (SafeTensorsTests.file("{\"a\":" + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}", []), "JSON"),
    ] as [(Data, String)])
    func damagedFilesAreRefusedWithOneClearMessage(data: Data, words: String) {
        let message = Self.refusal(data)
        #expect(message.hasPrefix("w.safetensors: "), "\(message)")
        #expect(message.contains(words), "\(message)")
    }

    @Test func missingFileAndDirectoryAreNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("st-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: SafeTensors.Failure.self) { try SafeTensors.read(from: dir.appendingPathComponent("none.safetensors")) }
        do { _ = try SafeTensors.read(from: dir); Issue.record("a directory was read") } catch {
            #expect("\(error)".contains("is a directory"))
        }
    }
}
