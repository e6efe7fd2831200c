@testable import ConvData
import Foundation
import Testing

@Suite(.enabled(if: LocalHTTPServer.isAvailable, "needs python3 for a local HTTP server"))
struct DownloaderTests {
    static let blob: [UInt8] = (0..<300_000).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) }

    /// A served directory holding `blob`, a server, and an empty destination directory.
    static func setUp() throws -> (TemporaryDirectory, LocalHTTPServer, URL) {
        let dir = try TemporaryDirectory()
        let served = dir.file("served")
        try FileManager.default.createDirectory(at: served, withIntermediateDirectories: true)
        try Data(blob).write(to: served.appendingPathComponent("blob.bin"))
        let server = try LocalHTTPServer(serving: served)
        #expect(server.port > 0)
        return (dir, server, dir.file("cache/blob.bin"))
    }

    @Test func downloadsReportsProgressAndVerifiesTheChecksum() async throws {
        let (dir, server, destination) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        let progress = ProgressRecorder()
        try await Downloader().download(from: server.url("range", "blob.bin"), to: destination,
                                        expectedMD5: MD5.hex(Self.blob), progress: progress.record)
        #expect([UInt8](try Data(contentsOf: destination)) == Self.blob)
        #expect(!FileManager.default.fileExists(atPath: Downloader.partialFile(for: destination).path))
        let reports = progress.all
        #expect(reports.count >= 2)
        #expect(reports.last?.bytes == 300_000 && reports.last?.total == 300_000)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })
    }

    @Test func checksumMismatchDeletesThePartialFileAndSaysSo() async throws {
        let (dir, server, destination) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        let wrong = "00000000000000000000000000000000"
        let error = await #expect(throws: DataError.self) {
            try await Downloader().download(from: server.url("plain", "blob.bin"), to: destination, expectedMD5: wrong)
        }
        #expect(error == .checksumMismatch(file: "blob.bin", expected: wrong, actual: MD5.hex(Self.blob), deleted: true))
        #expect(error?.description.contains("the damaged download was deleted") == true)
        #expect(!FileManager.default.fileExists(atPath: destination.path))
        #expect(!FileManager.default.fileExists(atPath: Downloader.partialFile(for: destination).path))
    }

    @Test func interruptedDownloadResumesWithARangeRequest() async throws {
        let (dir, server, destination) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        let part = Downloader.partialFile(for: destination)
        let error = await #expect(throws: DataError.self) {
            try await Downloader().download(from: server.url("cut", "blob.bin"), to: destination)
        }
        #expect(error?.description.contains("it resumes where it stopped") == true, "\(String(describing: error))")
        #expect(Downloader.size(of: part) == 150_000)
        let progress = ProgressRecorder()
        try await Downloader().download(from: server.url("range", "blob.bin"), to: destination,
                                        expectedMD5: MD5.hex(Self.blob), progress: progress.record)
        #expect(progress.all.first?.bytes == 150_000, "resumed from the partial file, not from 0")
        #expect([UInt8](try Data(contentsOf: destination)) == Self.blob)
    }

    @Test func serverWithoutRangesRestartsCleanly() async throws {
        let (dir, server, destination) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        let part = Downloader.partialFile(for: destination)
        try FileManager.default.createDirectory(at: part.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data([UInt8](repeating: 0xEE, count: 1_000)).write(to: part)
        try await Downloader().download(from: server.url("plain", "blob.bin"), to: destination, expectedMD5: MD5.hex(Self.blob))
        #expect([UInt8](try Data(contentsOf: destination)) == Self.blob)
        // A part already as long as the file gets 416 from a range server: start over too.
        try Data([UInt8](repeating: 0xEE, count: 300_000)).write(to: part)
        try FileManager.default.removeItem(at: destination)
        try await Downloader().download(from: server.url("range", "blob.bin"), to: destination, expectedMD5: MD5.hex(Self.blob))
        #expect([UInt8](try Data(contentsOf: destination)) == Self.blob)
    }

    @Test func missingFileIsAnHTTPError() async throws {
        let (dir, server, destination) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        let error = await #expect(throws: DataError.self) {
            try await Downloader().download(from: server.url("range", "nothing.bin"), to: destination)
        }
        #expect(error?.description.contains("the server answered HTTP 404") == true, "\(String(describing: error))")
    }

    @Test func fetchDownloadsVerifiesAndUnpacksAnArchive() async throws {
        let (dir, server, _) = try Self.setUp()
        defer { server.stop(); dir.remove() }
        // Build a small archive laid out like the official one, with the system tar.
        let staging = dir.file("staging/cifar-10-batches-bin")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        try Data(RecordMaker.cifar10(labels: [7, 3])).write(to: staging.appendingPathComponent("test_batch.bin"))
        try Data(RecordMaker.cifar10(labels: [1])).write(to: staging.appendingPathComponent("data_batch_1.bin"))
        let tarball = dir.file("served/mini-cifar.tar.gz")
        let tar = Process()
        tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        tar.arguments = ["tar", "-czf", tarball.path, "-C", staging.deletingLastPathComponent().path, "cifar-10-batches-bin"]
        try tar.run()
        tar.waitUntilExit()
        #expect(tar.terminationStatus == 0)

        let archive = CIFARArchive(format: .cifar10, url: server.url("range", "mini-cifar.tar.gz"),
                                   md5: try MD5.hex(ofFile: tarball), directoryName: "cifar-10-batches-bin")
        let cache = dir.file("cache")
        let unpacked = try await archive.fetch(into: cache)
        #expect(unpacked.path == cache.appendingPathComponent("cifar-10-batches-bin").path)
        #expect(!FileManager.default.fileExists(atPath: cache.appendingPathComponent("mini-cifar.tar.gz").path))
        let loaded = try DataLocator(cacheDirectory: cache).load("cifar10")
        #expect(loaded.train.labels == [1])
        #expect(loaded.test?.labels == [7, 3])
        #expect(loaded.warnings.count == 1, "no batches.meta.txt in this archive")
        // Already there: no second download (the server is gone).
        server.stop()
        #expect(try await archive.fetch(into: cache).path == unpacked.path)
    }

    @Test func officialArchivesAreTheDocumentedOnes() {
        #expect(CIFARArchive.cifar10.url.absoluteString == "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")
        #expect(CIFARArchive.cifar10.md5 == "c32a1d4ab5d03f1284b67883e8d87530")
        #expect(CIFARArchive.cifar100.url.absoluteString == "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz")
        #expect(CIFARArchive.cifar100.md5 == "03b5dce01913d631647c71ecec9e9cb8")
    }

    @Test func badArchiveGivesTarsMessage() throws {
        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let junk = try dir.write([1, 2, 3, 4], to: "junk.tar.gz")
        let error = try #require(throws: DataError.self) { try ArchiveUnpacker.unpack(junk, into: dir.file("out")) }
        #expect(error.description.contains("junk.tar.gz: `tar` could not unpack it (exit status"), "\(error)")
    }
}
