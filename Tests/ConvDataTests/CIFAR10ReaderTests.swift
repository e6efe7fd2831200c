@testable import ConvData
import Foundation
import Testing

@Suite struct CIFAR10ReaderTests {
    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data beside the repository (absent in a user's clone)"))
    func readsTheOfficialRecordsByteForByte() throws {
        let url = SharedData.directory!.appendingPathComponent("cifar-exact-200.bin")
        let set = try CIFAR10Reader.read(file: url)
        #expect(set.count == 200)
        #expect((0..<10).map { set.label(at: $0) } == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3])
        let bytes = [UInt8](try Data(contentsOf: url))
        for i in [0, 1, 57, 199] {
            let record = Array(bytes[(i * 3073)..<((i + 1) * 3073)])
            #expect(set.label(at: i) == Int(record[0]))
            #expect(set.pixels(at: i) == Array(record[1...]), "image \(i) pixels differ from the file")
        }
        #expect(set.classNames.first == "airplane")
    }

    @Test(.enabled(if: SharedData.isAvailable, "needs ../shared/data beside the repository (absent in a user's clone)"))
    func readsTheSharedDirectoryWithMetaFile() throws {
        let dataset = try CIFARDataset.load(directory: SharedData.directory!.appendingPathComponent("cifar-10-batches-bin"))
        #expect(dataset.format == .cifar10)
        #expect(dataset.train?.count == 10_000)
        #expect(dataset.test?.count == 2_000)
        #expect(dataset.train?.classCounts == [Int](repeating: 1_000, count: 10))
        #expect(dataset.classNames == CIFARFormat.cifar10ClassNames)
        #expect(dataset.warnings.isEmpty)
    }

    @Test func roundTripsASelfWrittenFile() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let labels: [UInt8] = [3, 0, 9, 9, 5]
        let url = try dir.write(RecordMaker.cifar10(labels: labels), to: "five.bin")
        let set = try CIFAR10Reader.read(file: url)
        #expect(set.count == 5)
        #expect(set.labels == labels.map(Int.init))
        for i in 0..<5 { #expect(set.pixels(at: i) == RecordMaker.pixels(record: i)) }
        #expect(set.classCounts == [1, 0, 0, 1, 0, 1, 0, 0, 0, 2])
    }

    @Test func directoryWithMissingMetaFallsBackToStandardNamesWithAWarning() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write(RecordMaker.cifar10(labels: [1, 2]), to: "data_batch_1.bin")
        _ = try dir.write(RecordMaker.cifar10(labels: [3]), to: "data_batch_3.bin")
        _ = try dir.write(RecordMaker.cifar10(labels: [4, 5, 6]), to: "test_batch.bin")
        let dataset = try CIFAR10Reader.load(directory: dir.url)
        #expect(dataset.train?.labels == [1, 2, 3])
        #expect(dataset.train?.pixels(at: 2) == RecordMaker.pixels(record: 0), "batch 3's first record comes third")
        #expect(dataset.test?.labels == [4, 5, 6])
        #expect(dataset.classNames == CIFARFormat.cifar10ClassNames)
        #expect(dataset.warnings.count == 1)
        #expect(dataset.warnings.first?.contains("batches.meta.txt is missing") == true)
    }

    @Test func metaFileNamesTheClasses() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write(RecordMaker.cifar10(labels: [0]), to: "test_batch.bin")
        let names = (0..<10).map { "class\($0)" }
        try (names.joined(separator: "\n") + "\n\n").write(to: dir.file("batches.meta.txt"), atomically: true, encoding: .utf8)
        let dataset = try CIFARDataset.load(directory: dir.url)
        #expect(dataset.train == nil)
        #expect(dataset.classNames == names)
        #expect(dataset.test?.classNames == names)
        #expect(dataset.warnings.isEmpty)
    }

    @Test func truncatedFileSaysHowManyRecordsAndBytes() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(RecordMaker.cifar10(labels: [1, 2]) + [7], to: "data_batch_1.bin")
        let error = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: url) }
        let text = error.description
        #expect(text.contains("data_batch_1.bin: 6,147 bytes is not a whole number of 3,073-byte records (2 records + 1 byte)"), "\(text)")
        #expect(text.contains("convterm fetch cifar10"))
    }

    @Test func cifar100FileReadAsCIFAR10SuggestsTheOtherFormat() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(RecordMaker.cifar100(coarse: [1, 2, 3], fine: [4, 5, 6]), to: "mystery.bin")
        let error = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: url) }
        #expect(error.description.contains("9,222 bytes is not a whole number of 3,073-byte records"), "\(error)")
        #expect(error.description.contains("is this a CIFAR-100 file?"), "\(error)")
    }

    @Test func labelOutOfRangeNamesRecordAndOffset() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(RecordMaker.cifar10(labels: [1, 2, 12, 3]), to: "bad.bin")
        let error = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: url) }
        #expect(error == .labelOutOfRange(file: url.path, record: 2, byteOffset: 6_146, label: 12, labelName: "label", classCount: 10, format: .cifar10))
        #expect(error.description.contains("record 2 (byte offset 6,146) has label 12, but CIFAR-10 labels are 0-9"), "\(error)")
    }

    @Test func emptyFileIsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write([], to: "test_batch.bin")
        let error = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: url) }
        #expect(error.description.contains("test_batch.bin: the file is empty (0 bytes)"), "\(error)")
    }

    @Test func missingFileAndDirectoryAreNamed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let missing = dir.file("nowhere")
        let dirError = try #require(throws: DataError.self) { try CIFARDataset.load(directory: missing) }
        #expect(dirError.description == "\(missing.path): no such directory; pass a directory like `cifar-10-batches-bin`, a `.bin` file, or `synthetic`, or download the real data with `convterm fetch cifar10`")
        let fileError = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: missing) }
        #expect(fileError.description.hasPrefix("\(missing.path): cannot be read (no such file)"), "\(fileError)")
        let directoryAsFile = try #require(throws: DataError.self) { try CIFAR10Reader.read(file: dir.url) }
        #expect(directoryAsFile.description.contains("cannot be read (it is a directory, not a .bin file)"), "\(directoryAsFile)")
    }

    @Test func emptyDirectoryAndUnrelatedFilesAreListed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let emptyError = try #require(throws: DataError.self) { try CIFARDataset.load(directory: dir.url) }
        #expect(emptyError.description.contains("no CIFAR files here (the directory is empty)"), "\(emptyError)")
        _ = try dir.write([1, 2, 3], to: "notes.txt")
        _ = try dir.write([1, 2, 3], to: "cat.png")
        let error = try #require(throws: DataError.self) { try CIFARDataset.load(directory: dir.url) }
        #expect(error.description.contains("no CIFAR files here (found: cat.png, notes.txt); expected data_batch_1.bin"), "\(error)")
    }
}

@Suite struct CIFARWriterTests {
    @Test func writtenRecordsReadBackIdentically() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let set = SyntheticCIFAR.make(count: 25, seed: 4)
        let url = dir.file("synthetic.bin")
        try CIFARWriter.writeCIFAR10(set, to: url)
        #expect(Downloader.size(of: url) == 25 * 3_073)
        let back = try CIFAR10Reader.read(file: url, classNames: SyntheticCIFAR.classNames)
        #expect(back.labels == set.labels)
        #expect((0..<25).allSatisfy { back.pixels(at: $0) == set.pixels(at: $0) })
        // For experiments outside Swift: CONVDATA_EXPORT_SYNTHETIC=/tmp/dir swift test
        if let export = ProcessInfo.processInfo.environment["CONVDATA_EXPORT_SYNTHETIC"] {
            let (train, test) = SyntheticCIFAR.makeSplit(seed: 1)
            try CIFARWriter.writeCIFAR10(train, to: URL(fileURLWithPath: export).appendingPathComponent("data_batch_1.bin"))
            try CIFARWriter.writeCIFAR10(test, to: URL(fileURLWithPath: export).appendingPathComponent("test_batch.bin"))
        }
    }
}
