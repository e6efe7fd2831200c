@testable import ConvData
import Foundation
import Testing

@Suite struct CIFAR100ReaderTests {
    @Test func readsFineAndCoarseLabels() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let coarse: [UInt8] = [4, 19, 0], fine: [UInt8] = [99, 30, 0]
        let url = try dir.write(RecordMaker.cifar100(coarse: coarse, fine: fine), to: "train.bin")
        let fineSet = try CIFAR100Reader.read(file: url)
        #expect(fineSet.labels == [99, 30, 0])
        #expect(fineSet.classNames.count == 100)
        #expect(fineSet.classNames[99] == "worm")
        for i in 0..<3 { #expect(fineSet.pixels(at: i) == RecordMaker.pixels(record: i)) }
        let coarseSet = try CIFAR100Reader.read(file: url, labels: .coarse)
        #expect(coarseSet.labels == [4, 19, 0])
        #expect(coarseSet.classNames[19] == "vehicles_2")
    }

    @Test func directoryIsDetectedAndNamesFileUsed() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        _ = try dir.write(RecordMaker.cifar100(coarse: [1, 2], fine: [10, 20]), to: "train.bin")
        _ = try dir.write(RecordMaker.cifar100(coarse: [3], fine: [30]), to: "test.bin")
        let names = (0..<100).map { "fine\($0)" }
        try names.joined(separator: "\n").write(to: dir.file("fine_label_names.txt"), atomically: true, encoding: .utf8)
        let dataset = try CIFARDataset.load(directory: dir.url)
        #expect(dataset.format == .cifar100)
        #expect(dataset.train?.labels == [10, 20])
        #expect(dataset.test?.labels == [30])
        #expect(dataset.classNames == names)
        #expect(dataset.warnings.isEmpty)
        let coarse = try CIFARDataset.load(directory: dir.url, cifar100Labels: .coarse)
        #expect(coarse.classNames == CIFARFormat.cifar100CoarseClassNames)
        #expect(coarse.warnings.first?.contains("coarse_label_names.txt is missing") == true)
    }

    @Test func fineLabelOutOfRangeIsReportedWithItsOffset() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(RecordMaker.cifar100(coarse: [1, 2], fine: [10, 140]), to: "test.bin")
        let error = try #require(throws: DataError.self) { try CIFAR100Reader.read(file: url, labels: .coarse) }
        #expect(error.description.contains("record 1 (byte offset 3,075) has fine label 140, but CIFAR-100 fine labels are 0-99"), "\(error)")
    }

    @Test func cifar10FileReadAsCIFAR100IsRefused() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(RecordMaker.cifar10(labels: [1, 2]), to: "train.bin")
        let error = try #require(throws: DataError.self) { try CIFAR100Reader.read(file: url) }
        #expect(error.description.contains("6,146 bytes is not a whole number of 3,074-byte records (1 record + 3,072 bytes)"), "\(error)")
        #expect(error.description.contains("is this a CIFAR-10 file?"), "\(error)")
    }

    @Test func standardNameListsHaveTheOfficialSizes() {
        #expect(CIFARFormat.cifar100FineClassNames.count == 100)
        #expect(Set(CIFARFormat.cifar100FineClassNames).count == 100)
        #expect(CIFARFormat.cifar100CoarseClassNames.count == 20)
    }
}
