import Foundation

/// Reads the official CIFAR-100 binary format: records of a coarse label byte (0-19), a fine
/// label byte (0-99), then the same 3,072 pixel bytes as CIFAR-10 (3,074 bytes a record).
public enum CIFAR100Reader {
    public static let trainFileName = "train.bin"
    public static let testFileName = "test.bin"

    /// Reads one `.bin` file of CIFAR-100 records, labelled by the fine or coarse label byte.
    /// Both label bytes are checked, so a damaged record is found whichever labels are used.
    public static func read(file: URL, labels kind: CIFAR100Labels = .fine, classNames: [String]? = nil) throws -> ImageSet {
        let records = try RecordFile(url: file, format: .cifar100)
        let coarse = try records.labels(byte: 0, classCount: 20, labelName: "coarse label", file: file.path, format: .cifar100)
        let fine = try records.labels(byte: 1, classCount: 100, labelName: "fine label", file: file.path, format: .cifar100)
        return records.imageSet(labels: kind == .fine ? fine : coarse, format: .cifar100,
                                classNames: classNames ?? kind.standardNames)
    }

    /// Reads a directory laid out like `cifar-100-binary`: `train.bin`, `test.bin` (either may be
    /// missing) and `fine_label_names.txt` / `coarse_label_names.txt` for the names.
    public static func load(directory: URL, labels kind: CIFAR100Labels = .fine) throws -> CIFARDataset {
        let entries = try CIFARDataset.listDirectory(directory)
        let present = Set(entries)
        guard present.contains(trainFileName) || present.contains(testFileName) else {
            throw DataError.noCIFARFiles(directory: directory.path, found: entries)
        }
        let (names, warning) = readClassNames(
            file: directory.appendingPathComponent(kind.namesFile), expected: kind.classCount,
            standard: kind.standardNames, what: "CIFAR-100 \(kind.rawValue)")
        var files: [URL] = []
        func load(_ name: String) throws -> ImageSet? {
            guard present.contains(name) else { return nil }
            let url = directory.appendingPathComponent(name)
            files.append(url)
            return try read(file: url, labels: kind, classNames: names)
        }
        let train = try load(trainFileName)
        let test = try load(testFileName)
        return CIFARDataset(format: .cifar100, train: train, test: test, classNames: names,
                            warnings: warning.map { [$0] } ?? [], files: files)
    }
}
