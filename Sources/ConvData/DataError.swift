import Foundation

/// Everything that can go wrong while finding, reading or fetching image data.
///
/// Each message is written for the person at the terminal: it names the file, says where in
/// it the problem is, what was expected, and what to do next. The cases stay structured so
/// callers (and tests) can still branch on them.
public enum DataError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The file size is not a multiple of the record size.
    case notWholeRecords(file: String, size: Int, format: CIFARFormat)
    /// The file has no bytes at all.
    case emptyFile(file: String, format: CIFARFormat)
    /// A label byte names a class that the format does not have.
    case labelOutOfRange(file: String, record: Int, byteOffset: Int, label: Int, labelName: String, classCount: Int, format: CIFARFormat)
    /// The directory does not exist (or is a file where a directory was expected).
    case missingDirectory(path: String)
    /// The directory exists but holds none of the files the reader knows.
    case noCIFARFiles(directory: String, found: [String])
    /// The file or directory exists but could not be read.
    case unreadable(path: String, reason: String)
    /// A data set name was given but it has not been downloaded yet.
    case notDownloaded(dataset: String, expectedAt: String, fetchCommand: String)
    /// `--data` named something that is neither a data set nor an existing path.
    case unknownDataArgument(String)
    /// The network transfer failed.
    case downloadFailed(url: String, reason: String)
    /// The server answered with a status other than success.
    case httpStatus(url: String, status: Int)
    /// The downloaded bytes do not have the official checksum; the partial file was deleted.
    case checksumMismatch(file: String, expected: String, actual: String, deleted: Bool)
    /// `tar` could not unpack the archive.
    case unpackFailed(archive: String, status: Int32, output: String)

    public var description: String {
        switch self {
        case let .notWholeRecords(file, size, format):
            let records = size / format.recordSize
            let extra = size % format.recordSize
            var text = "\(file): \(Self.grouped(size)) bytes is not a whole number of "
                + "\(Self.grouped(format.recordSize))-byte records "
                + "(\(Self.grouped(records)) \(records == 1 ? "record" : "records") + "
                + "\(Self.grouped(extra)) \(extra == 1 ? "byte" : "bytes"))"
            // A whole number of the *other* CIFAR record size is the usual cause: say so.
            let other: CIFARFormat = format == .cifar10 ? .cifar100 : .cifar10
            if size % other.recordSize == 0 {
                text += "; it is a whole number of \(Self.grouped(other.recordSize))-byte "
                    + "\(other.displayName) records — is this a \(other.displayName) file?"
                    + " (\(other.displayName) files are read with `--data \(other.argument)` or from a directory holding \(other.fileHint))"
            } else if !file.lowercased().hasSuffix(".bin") {
                // Not a download gone wrong: some other file was given.
                text += "; it does not look like a CIFAR binary file. --data takes synthetic, cifar10, cifar100, "
                    + "a directory like cifar-10-batches-bin, or one of its .bin files"
            } else {
                text += "; the file may be truncated — download it again with `\(format.fetchCommand)`"
            }
            return text
        case let .emptyFile(file, format):
            return "\(file): the file is empty (0 bytes); expected \(Self.grouped(format.recordSize))-byte "
                + "\(format.displayName) records — download it again with `\(format.fetchCommand)`"
        case let .labelOutOfRange(file, record, offset, label, labelName, classCount, format):
            return "\(file): record \(Self.grouped(record)) (byte offset \(Self.grouped(offset))) has \(labelName) "
                + "\(label), but \(format.displayName) \(labelName)s are 0-\(classCount - 1); "
                + "the file is damaged or is not a \(format.displayName) binary file — "
                + "download it again with `\(format.fetchCommand)`"
        case let .missingDirectory(path):
            return "\(path): no such directory; pass a directory like `cifar-10-batches-bin`, a `.bin` file, "
                + "or `synthetic`, or download the real data with `convterm fetch cifar10`"
        case let .noCIFARFiles(directory, found):
            let listing = found.isEmpty
                ? "the directory is empty"
                : "found: " + (found.count > 12 ? found.prefix(12).joined(separator: ", ") + ", … (\(found.count) in all)" : found.joined(separator: ", "))
            return "\(directory): no CIFAR files here (\(listing)); expected data_batch_1.bin … data_batch_5.bin "
                + "and/or test_batch.bin (CIFAR-10), or train.bin and/or test.bin (CIFAR-100) — "
                + "download them with `convterm fetch cifar10` or `convterm fetch cifar100`"
        case let .unreadable(path, reason):
            return "\(path): cannot be read (\(reason)); check that it exists and that you may read it"
        case let .notDownloaded(dataset, expectedAt, fetchCommand):
            return "\(dataset) is not downloaded yet (looked in \(expectedAt)); run `\(fetchCommand)`, "
                + "or use the built-in set with `--data synthetic`"
        case let .unknownDataArgument(argument):
            return "\(argument): not a data set name or an existing file or directory; "
                + "use `synthetic`, `cifar10`, `cifar100`, a CIFAR directory or a `.bin` file"
        case let .downloadFailed(url, reason):
            return "downloading \(url) failed (\(reason)); check the network and run the same command "
                + "again — it resumes where it stopped"
        case let .httpStatus(url, status):
            return "downloading \(url) failed: the server answered HTTP \(status); "
                + "try again later, or download the file by hand into the cache directory"
        case let .checksumMismatch(file, expected, actual, deleted):
            return "\(file): MD5 is \(actual) but the official file has \(expected); "
                + (deleted ? "the damaged download was deleted — " : "")
                + "run the same command again to download it afresh"
        case let .unpackFailed(archive, status, output):
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\(archive): `tar` could not unpack it (exit status \(status)"
                + (detail.isEmpty ? ")" : ": \(detail))")
                + "; delete the archive and download it again"
        }
    }

    /// 30730001 -> "30,730,001": fixed separators so messages read the same in every locale.
    static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return n < 0 ? "-" + out : out
    }
}
