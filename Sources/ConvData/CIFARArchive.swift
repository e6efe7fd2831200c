import Foundation

/// An official CIFAR archive: where it is published, its published MD5, and the folder it
/// unpacks to. `fetch` downloads, checks and unpacks it into a cache directory.
public struct CIFARArchive: Sendable, Hashable {
    public var format: CIFARFormat
    public var url: URL
    public var md5: String
    /// The folder the archive holds (`cifar-10-batches-bin`, `cifar-100-binary`).
    public var directoryName: String

    public init(format: CIFARFormat, url: URL, md5: String, directoryName: String) {
        self.format = format
        self.url = url
        self.md5 = md5
        self.directoryName = directoryName
    }

    public static let cifar10 = CIFARArchive(
        format: .cifar10, url: URL(string: "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz")!,
        md5: "c32a1d4ab5d03f1284b67883e8d87530", directoryName: "cifar-10-batches-bin")

    public static let cifar100 = CIFARArchive(
        format: .cifar100, url: URL(string: "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz")!,
        md5: "03b5dce01913d631647c71ecec9e9cb8", directoryName: "cifar-100-binary")

    public static func official(_ format: CIFARFormat) -> CIFARArchive {
        format == .cifar10 ? cifar10 : cifar100
    }

    public var archiveName: String { url.lastPathComponent }

    /// Downloads (resuming a `.part` if there is one), verifies the MD5, unpacks with the system
    /// `tar`, and deletes the archive once unpacked. Returns the unpacked directory. When that
    /// directory already holds data it is returned at once, with no network access.
    @discardableResult
    public func fetch(into cacheDirectory: URL, downloader: Downloader = Downloader(),
                      progress: Downloader.Progress? = nil) async throws -> URL {
        let unpacked = cacheDirectory.appendingPathComponent(directoryName)
        if (try? CIFARDataset.load(directory: unpacked)) != nil { return unpacked }
        let archive = cacheDirectory.appendingPathComponent(archiveName)
        try await downloader.download(from: url, to: archive, expectedMD5: md5, progress: progress)
        try ArchiveUnpacker.unpack(archive, into: cacheDirectory)
        try? FileManager.default.removeItem(at: archive)
        return unpacked
    }
}
