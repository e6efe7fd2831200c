import Foundation

/// Reads the official CIFAR-10 binary format: records of 1 label byte (0-9) then 1,024 red,
/// 1,024 green and 1,024 blue bytes, 32x32 row-major. Any whole number of records is accepted.
public enum CIFAR10Reader {
    public static let trainFileNames = (1...5).map { "data_batch_\($0).bin" }
    public static let testFileName = "test_batch.bin"
    public static let metaFileName = "batches.meta.txt"

    /// Reads one `.bin` file of CIFAR-10 records.
    public static func read(file: URL, classNames: [String] = CIFARFormat.cifar10ClassNames) throws -> ImageSet {
        try imageSet(RecordFile(url: file, format: .cifar10), file: file.path, classNames: classNames)
    }

    /// `read(file:)` on bytes already in memory, named as the file they came from.
    static func read(data: Data, name: String, classNames: [String] = CIFARFormat.cifar10ClassNames) throws -> ImageSet {
        try imageSet(RecordFile(data: data, name: name, format: .cifar10), file: name, classNames: classNames)
    }

    static func imageSet(_ records: RecordFile, file: String, classNames: [String]) throws -> ImageSet {
        let labels = try records.labels(byte: 0, classCount: 10, labelName: "label", file: file, format: .cifar10)
        return records.imageSet(labels: labels, format: .cifar10, classNames: classNames)
    }

    /// Reads a directory laid out like `cifar-10-batches-bin`: whichever of `data_batch_1.bin` …
    /// `data_batch_5.bin` exist become the training set (in that order), `test_batch.bin` the
    /// test set, and `batches.meta.txt` gives the class names. A missing names file is a warning,
    /// not an error: the standard names are used.
    public static func load(directory: URL) throws -> CIFARDataset {
        let entries = try CIFARDataset.listDirectory(directory)
        let present = Set(entries)
        guard entries.contains(where: isCIFAR10FileName) else {
            throw DataError.noCIFARFiles(directory: directory.path, found: entries)
        }
        let (names, warning) = readClassNames(
            file: directory.appendingPathComponent(metaFileName), expected: 10,
            standard: CIFARFormat.cifar10ClassNames, what: "CIFAR-10")
        var files: [URL] = []
        let trainSets = try trainFileNames.filter(present.contains).map { name -> ImageSet in
            let url = directory.appendingPathComponent(name)
            files.append(url)
            return try read(file: url, classNames: names)
        }
        var test: ImageSet?
        if present.contains(testFileName) {
            let url = directory.appendingPathComponent(testFileName)
            files.append(url)
            test = try read(file: url, classNames: names)
        }
        return CIFARDataset(
            format: .cifar10, train: trainSets.isEmpty ? nil : ImageSet.concatenating(trainSets), test: test,
            classNames: names, warnings: warning.map { [$0] } ?? [], files: files)
    }

    static func isCIFAR10FileName(_ name: String) -> Bool {
        trainFileNames.contains(name) || name == testFileName
    }
}
