import Foundation
import FuzzSupport
import Testing
@testable import ConvData

/// Mutated CIFAR-10 files (cut short, grown, labels changed, bytes edited): the reader accepts
/// exactly the files that are whole records with labels 0-9, and refuses the rest with a message
/// naming the file. Most cases go through the in-memory entry point; every 20th through a real file.
@Suite struct CIFAR10ReaderFuzzTests {
    static let records = RecordMaker.cifar10(labels: [0, 0, 0])
    static let noise: [UInt8] = {
        var m = Mutator(seed: 99)
        return (0..<(3073 * 2)).map { _ in UInt8(truncatingIfNeeded: m.next()) }
    }()

    @Test func mutatedFilesAreReadExactlyWhenWholeAndValid() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        var read = 0, refused = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 5)
            let count = 1 + mutator.below(3)
            var bytes = Array(Self.records[..<(3073 * count)])
            for r in 0..<count { bytes[3073 * r] = UInt8(mutator.below(10)) }
            switch mutator.below(4) {
            case 0:
                bytes = mutator.mutate(bytes)
            case 1:
                // A label byte anywhere from 0 to 255.
                bytes[3073 * mutator.below(count)] = UInt8(truncatingIfNeeded: mutator.next())
            case 2:
                bytes.removeLast(mutator.below(bytes.count + 1))
            default:
                bytes += Self.noise[..<mutator.below(Self.noise.count)]
            }
            let whole = !bytes.isEmpty && bytes.count % 3073 == 0
            let valid = whole && stride(from: 0, to: bytes.count, by: 3073).allSatisfy { bytes[$0] < 10 }
            let name: String
            let result: Result<ImageSet, Error>
            if index % 20 == 0 {
                let url = try dir.write(bytes, to: "case.bin")
                name = url.path
                result = Result { try CIFAR10Reader.read(file: url) }
            } else {
                name = "case-\(index).bin"
                result = Result { try CIFAR10Reader.read(data: Data(bytes), name: name) }
            }
            switch result {
            case .success(let set):
                read += 1
                #expect(valid, "case \(index): accepted \(bytes.count) bytes that are not valid records")
                #expect(set.count == bytes.count / 3073)
                #expect(set.label(at: set.count - 1) == Int(bytes[bytes.count - 3073]))
            case .failure(let error):
                refused += 1
                #expect(!valid, "case \(index): refused valid records: \(error)")
                #expect("\(error)".contains(name), "case \(index): \(error)")
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }
}
