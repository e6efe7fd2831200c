import Foundation

/// Unpacks `.tar.gz` archives with the system `tar`: every machine ConvTerm runs on has one,
/// and writing a gzip inflater here would be code with no lesson in it.
public enum ArchiveUnpacker {
    /// Runs `tar -xzf ARCHIVE -C DIRECTORY`; a failure carries tar's own message.
    public static func unpack(_ archive: URL, into directory: URL) throws {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["tar", "-xzf", archive.path, "-C", directory.path]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw DataError.unpackFailed(archive: archive.path, status: -1, output: "could not start tar: \(error.localizedDescription)")
        }
        let output = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw DataError.unpackFailed(archive: archive.path, status: process.terminationStatus,
                                         output: String(decoding: output, as: UTF8.self))
        }
    }
}
