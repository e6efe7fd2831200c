import Foundation

/// One CIFAR binary file, memory-mapped and checked before any image is handed out: a size
/// that is not a whole number of records or a label out of range is refused with the record
/// and byte offset, rather than producing a set whose images are shifted by a few bytes.
struct RecordFile {
    let data: Data
    let count: Int
    /// Every record's label bytes, record by record (`labelBytes` per record).
    let labelBytes: [UInt8]

    init(url: URL, format: CIFARFormat) throws {
        let name = url.path
        // Foundation's own errors here read "error 256" on Linux: name the usual causes first.
        var isDirectory: ObjCBool = false
        if !FileManager.default.fileExists(atPath: name, isDirectory: &isDirectory) {
            throw DataError.unreadable(path: name, reason: "no such file")
        }
        if isDirectory.boolValue {
            throw DataError.unreadable(path: name, reason: "it is a directory, not a .bin file")
        }
        if !FileManager.default.isReadableFile(atPath: name) {
            throw DataError.unreadable(path: name, reason: "permission denied")
        }
        let data: Data
        do {
            // Mapped: pages are read as batches touch them, and a 150 MB training set costs no copy.
            data = try Data(contentsOf: url, options: .alwaysMapped)
        } catch {
            throw DataError.unreadable(path: name, reason: Self.reason(error))
        }
        try self.init(data: data, name: name, format: format)
    }

    /// The checks and label scan on bytes already in memory; `name` is the file they came from.
    init(data: Data, name: String, format: CIFARFormat) throws {
        if data.isEmpty { throw DataError.emptyFile(file: name, format: format) }
        guard data.count % format.recordSize == 0 else {
            throw DataError.notWholeRecords(file: name, size: data.count, format: format)
        }
        let count = data.count / format.recordSize
        let perRecord = format.labelBytes
        var labels = [UInt8](repeating: 0, count: count * perRecord)
        data.withUnsafeBytes { raw in
            let bytes = raw.bindMemory(to: UInt8.self)
            for r in 0..<count {
                for k in 0..<perRecord { labels[r * perRecord + k] = bytes[r * format.recordSize + k] }
            }
        }
        self.data = data
        self.count = count
        self.labelBytes = labels
    }

    /// The label byte `which` (0 for CIFAR-10; 0 coarse, 1 fine for CIFAR-100) of every record,
    /// checked to be below `classCount`.
    func labels(byte which: Int, classCount: Int, labelName: String, file: String, format: CIFARFormat) throws -> [UInt8] {
        let per = format.labelBytes
        var out = [UInt8](repeating: 0, count: count)
        for r in 0..<count {
            let label = labelBytes[r * per + which]
            guard Int(label) < classCount else {
                throw DataError.labelOutOfRange(
                    file: file, record: r, byteOffset: r * format.recordSize + which, label: Int(label),
                    labelName: labelName, classCount: classCount, format: format)
            }
            out[r] = label
        }
        return out
    }

    func imageSet(labels: [UInt8], format: CIFARFormat, classNames: [String]) -> ImageSet {
        ImageSet(
            blocks: [ImageSet.Block(bytes: data, recordSize: format.recordSize, pixelOffset: format.labelBytes,
                                    firstRecord: 0, count: count)],
            // CIFAR holds photos of objects: a mirror image shows the same class.
            labels: labels, classNames: classNames, augmentation: .convNetJS)
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError,
           underlying.domain == NSPOSIXErrorDomain, let code = POSIXErrorCode(rawValue: Int32(underlying.code)) {
            return String(cString: strerror(code.rawValue))
        }
        if ns.domain == NSCocoaErrorDomain {
            switch ns.code {
            case NSFileReadNoSuchFileError: return "no such file"
            case NSFileReadNoPermissionError: return "permission denied"
            default: break
            }
        }
        return ns.localizedDescription
    }
}

/// Reads a names file (`batches.meta.txt`, `fine_label_names.txt`, ...): one name a line,
/// blank lines ignored. Returns the names, or the standard names and a warning when the file
/// is missing or lists the wrong number — a missing names file only costs labels on screen, so
/// it should not stop anyone from training.
func readClassNames(file: URL, expected count: Int, standard: [String], what: String) -> (names: [String], warning: String?) {
    guard FileManager.default.fileExists(atPath: file.path) else {
        return (standard, "\(file.lastPathComponent) is missing in \(file.deletingLastPathComponent().path); "
            + "using the standard \(what) class names (\(standard.first!) … \(standard.last!))")
    }
    guard let text = try? String(contentsOf: file, encoding: .utf8) else {
        return (standard, "\(file.path) cannot be read as text; using the standard \(what) class names")
    }
    let names = text.split(whereSeparator: \.isNewline)
        .map { $0.trimmingCharacters(in: .whitespaces) }
        .filter { !$0.isEmpty }
    guard names.count == count else {
        return (standard, "\(file.path) lists \(names.count) class names, expected \(count); "
            + "using the standard \(what) class names")
    }
    return (names, nil)
}
