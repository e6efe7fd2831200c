import Foundation

/// What a CIFAR directory holds: a training set and/or a test set (either may be absent, since
/// any subset of the official files is accepted), their class names, and the warnings a
/// caller should show (for example a missing names file replaced by the standard names).
public struct CIFARDataset: Sendable {
    public var format: CIFARFormat
    public var train: ImageSet?
    public var test: ImageSet?
    public var classNames: [String]
    /// Problems that did not stop loading; show them to the user.
    public var warnings: [String]
    /// The files read, training files first.
    public var files: [URL]

    /// Loads a CIFAR-10 or CIFAR-100 directory, deciding by the files present. A directory that
    /// holds the unpacked archive folder (`cifar-10-batches-bin` or `cifar-100-binary`) is
    /// followed into it, so the cache directory itself can be passed.
    public static func load(directory: URL, cifar100Labels: CIFAR100Labels = .fine) throws -> CIFARDataset {
        let names = try listDirectory(directory)
        if names.contains(where: { CIFAR10Reader.isCIFAR10FileName($0) }) {
            return try CIFAR10Reader.load(directory: directory)
        }
        if names.contains("train.bin") || names.contains("test.bin") {
            return try CIFAR100Reader.load(directory: directory, labels: cifar100Labels)
        }
        for sub in ["cifar-10-batches-bin", "cifar-100-binary"] where names.contains(sub) {
            return try load(directory: directory.appendingPathComponent(sub), cifar100Labels: cifar100Labels)
        }
        throw DataError.noCIFARFiles(directory: directory.path, found: names)
    }

    /// The directory's entries, sorted; throws the human-readable errors for a missing or
    /// unreadable directory.
    static func listDirectory(_ directory: URL) throws -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw DataError.missingDirectory(path: directory.path)
        }
        do {
            return try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        } catch {
            throw DataError.unreadable(path: directory.path, reason: RecordFile.reason(error))
        }
    }
}
