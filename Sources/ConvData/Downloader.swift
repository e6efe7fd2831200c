import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Downloads one file over HTTP(S) for `convterm fetch`, the only place ConvTerm touches the
/// network.
///
/// Bytes go to `name.part` and the file gets its real name only once it is whole (and, when an
/// MD5 is given, proven to be the official bytes), so a half-downloaded archive is never
/// mistaken for a good one. A `.part` left by an interrupted run is resumed with an HTTP
/// Range request; a server that ignores ranges (answers 200) or refuses them (416) makes the
/// download restart cleanly from byte 0.
public struct Downloader: Sendable {
    /// Called as bytes arrive: bytes on disk so far (including resumed ones) and the total if known.
    public typealias Progress = @Sendable (_ bytes: Int64, _ total: Int64?) -> Void

    /// Seconds without any data before a request fails.
    public var timeout: TimeInterval

    public init(timeout: TimeInterval = 60) {
        self.timeout = timeout
    }

    /// The partial file used while downloading to `destination`.
    public static func partialFile(for destination: URL) -> URL {
        destination.deletingLastPathComponent().appendingPathComponent(destination.lastPathComponent + ".part")
    }

    /// Downloads `url` to `destination` and returns it. With `expectedMD5`, an existing
    /// `destination` with that checksum is kept as is, and a download with another checksum is
    /// deleted and reported as `DataError.checksumMismatch`.
    @discardableResult
    public func download(from url: URL, to destination: URL, expectedMD5: String? = nil, progress: Progress? = nil) async throws -> URL {
        let files = FileManager.default
        let expected = expectedMD5?.lowercased()
        if let expected, files.fileExists(atPath: destination.path), (try? MD5.hex(ofFile: destination)) == expected {
            let size = Self.size(of: destination)
            progress?(size, size)
            return destination
        }
        do {
            try files.createDirectory(at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw DataError.unreadable(path: destination.deletingLastPathComponent().path, reason: RecordFile.reason(error))
        }
        let part = Self.partialFile(for: destination)
        var outcome = try await transfer(url, to: part, resumeFrom: Self.size(of: part), progress: progress)
        if outcome == .rangeRejected {
            try? files.removeItem(at: part)
            outcome = try await transfer(url, to: part, resumeFrom: 0, progress: progress)
        }
        if let expected {
            let actual = try MD5.hex(ofFile: part)
            guard actual == expected else {
                try? files.removeItem(at: part)
                throw DataError.checksumMismatch(file: destination.lastPathComponent, expected: expected, actual: actual,
                                                 deleted: !files.fileExists(atPath: part.path))
            }
        }
        try? files.removeItem(at: destination)
        do {
            try files.moveItem(at: part, to: destination)
        } catch {
            throw DataError.unreadable(path: destination.path, reason: RecordFile.reason(error))
        }
        return destination
    }

    static func size(of url: URL) -> Int64 {
        let attributes = try? FileManager.default.attributesOfItem(atPath: url.path)
        return (attributes?[.size] as? NSNumber)?.int64Value ?? 0
    }

    private func transfer(_ url: URL, to part: URL, resumeFrom offset: Int64, progress: Progress?) async throws -> Transfer.Outcome {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: timeout)
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        let transfer = Transfer(url: url, part: part, resumeFrom: offset, progress: progress)
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout
        let session = URLSession(configuration: configuration, delegate: transfer, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        let task = session.dataTask(with: request)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.start(continuation)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
    }
}

/// One HTTP request's worth of state, fed by URLSession's delegate callbacks (which arrive on
/// URLSession's own serial queue; the lock makes that independent of the platform).
private final class Transfer: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    enum Outcome: Sendable { case complete, rangeRejected }

    let url: URL
    let part: URL
    let resumeFrom: Int64
    let progress: Downloader.Progress?

    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Error>?
    private var handle: FileHandle?
    private var received: Int64 = 0
    private var total: Int64?
    private var outcome: Outcome?
    private var failure: Error?

    init(url: URL, part: URL, resumeFrom: Int64, progress: Downloader.Progress?) {
        self.url = url
        self.part = part
        self.resumeFrom = resumeFrom
        self.progress = progress
    }

    func start(_ continuation: CheckedContinuation<Outcome, Error>) {
        lock.withLock { self.continuation = continuation }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping @Sendable (URLSession.ResponseDisposition) -> Void) {
        let disposition: URLSession.ResponseDisposition = lock.withLock {
            guard let http = response as? HTTPURLResponse else {
                failure = DataError.downloadFailed(url: url.absoluteString, reason: "not an HTTP response")
                return .cancel
            }
            let length = response.expectedContentLength
            do {
                switch http.statusCode {
                case 206:
                    guard resumeFrom > 0, let range = Self.contentRange(http), range.start == resumeFrom else {
                        outcome = .rangeRejected
                        return .cancel
                    }
                    let h = try FileHandle(forWritingTo: part)
                    try h.seekToEnd()
                    handle = h
                    received = resumeFrom
                    total = range.total ?? (length >= 0 ? resumeFrom + length : nil)
                case 200:
                    // The server sent the whole file: start over rather than append to the old part.
                    _ = FileManager.default.createFile(atPath: part.path, contents: nil)
                    handle = try FileHandle(forWritingTo: part)
                    try handle?.truncate(atOffset: 0)
                    received = 0
                    total = length >= 0 ? length : nil
                case 416:
                    outcome = .rangeRejected
                    return .cancel
                default:
                    failure = DataError.httpStatus(url: url.absoluteString, status: http.statusCode)
                    return .cancel
                }
            } catch {
                failure = DataError.unreadable(path: part.path, reason: RecordFile.reason(error))
                return .cancel
            }
            return .allow
        }
        if disposition == .allow { report() }
        completionHandler(disposition)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let ok: Bool = lock.withLock {
            do {
                try handle?.write(contentsOf: data)
                received += Int64(data.count)
                return true
            } catch {
                failure = DataError.unreadable(path: part.path, reason: "could not write: \(RecordFile.reason(error))")
                return false
            }
        }
        if ok { report() } else { dataTask.cancel() }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (continuation, result): (CheckedContinuation<Outcome, Error>?, Result<Outcome, Error>) = lock.withLock {
            try? handle?.close()
            handle = nil
            let result: Result<Outcome, Error>
            if let outcome {
                result = .success(outcome)
            } else if let failure {
                result = .failure(failure)
            } else if let error {
                result = .failure(DataError.downloadFailed(url: url.absoluteString, reason: error.localizedDescription))
            } else if let total, received != total {
                result = .failure(DataError.downloadFailed(
                    url: url.absoluteString,
                    reason: "the connection closed after \(DataError.grouped(Int(received))) of \(DataError.grouped(Int(total))) bytes"))
            } else {
                result = .success(.complete)
            }
            let c = self.continuation
            self.continuation = nil
            return (c, result)
        }
        continuation?.resume(with: result)
    }

    private func report() {
        guard let progress else { return }
        let (bytes, total) = lock.withLock { (received, self.total) }
        progress(bytes, total)
    }

    /// `Content-Range: bytes START-END/TOTAL` (TOTAL may be `*`).
    static func contentRange(_ response: HTTPURLResponse) -> (start: Int64, total: Int64?)? {
        guard let value = response.value(forHTTPHeaderField: "Content-Range") else { return nil }
        let parts = value.split(whereSeparator: { $0 == " " || $0 == "-" || $0 == "/" })
        guard parts.count == 4, parts[0] == "bytes", let start = Int64(parts[1]) else { return nil }
        return (start, Int64(parts[3]))
    }
}
