import Foundation
@testable import ConvEngine

/// Checkpoints with rewritten header lines and a recomputed checksum: what a hand edit (or a
/// malicious file) looks like once the CRC no longer stands in the way of the field checks.
enum CheckpointHeaders {
    /// A small trained state's file bytes.
    static func sample(steps: Int = 3, kind: OptimizerKind = .adam) throws -> Data {
        let trainer = try Trainer(network: tinyNetwork(seed: 4), optimizer: OptimizerSettings(kind: kind, learningRate: 0.01), threads: 1)
        let (images, labels) = randomBatch(4, trainer.network.spec.input, classes: 5, seed: 9)
        for _ in 0..<steps { _ = trainer.train(images: images, labels: labels) }
        return Checkpoint(trainer: trainer).encoded()
    }

    /// The header lines (without the checksum line) and the payload.
    static func split(_ data: Data) -> (lines: [String], payload: Data) {
        let bytes = [UInt8](data)
        let end = (0..<(bytes.count - 1)).first { bytes[$0] == 10 && bytes[$0 + 1] == 10 }!
        let lines = String(decoding: bytes[..<end], as: UTF8.self).split(separator: "\n").map(String.init)
        return (lines.filter { !$0.hasPrefix("payload-crc32 ") }, Data(bytes[(end + 2)...]))
    }

    /// `lines` and `payload` as a file whose checksum matches.
    static func seal(_ lines: [String], _ payload: Data) -> Data {
        let body = Data((lines.joined(separator: "\n") + "\n").utf8)
        let crc = String(CRC32.checksum(body + payload), radix: 16)
        return body + Data("payload-crc32 \(crc)\n\n".utf8) + payload
    }

    /// `data` with the header line starting `key ` replaced by `line`, resealed.
    static func replacing(_ key: String, with line: String, in data: Data) -> Data {
        var (lines, payload) = split(data)
        let index = lines.firstIndex { $0.hasPrefix(key + " ") }!
        lines[index] = line
        return seal(lines, payload)
    }
}
