import Foundation

/// A tiny HTTP server on 127.0.0.1 (a random free port) serving files from a directory, so the
/// downloader is tested without the network. Paths choose the server's manners:
/// `/range/NAME` honours Range requests, `/plain/NAME` ignores them (always 200, whole file),
/// `/cut/NAME` announces the whole length but drops the connection halfway.
final class LocalHTTPServer {
    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/python3" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { python != nil }

    static let script = """
    import http.server, os, signal, sys, threading
    # Spawned from a libdispatch thread, this process may inherit blocked signals: unblock them,
    # and also exit when the test's stdin pipe closes (even if the test runner dies) or after 15 minutes
    # (the whole suite runs in parallel on two cores, so a test may wait minutes before its download).
    signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
    def exit_when_stdin_closes():
        sys.stdin.buffer.read()
        os._exit(0)
    threading.Thread(target=exit_when_stdin_closes, daemon=True).start()
    limit = threading.Timer(900, lambda: os._exit(0))
    limit.daemon = True
    limit.start()
    root = sys.argv[1]
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass
        def do_GET(self):
            mode, _, name = self.path.lstrip('/').partition('/')
            path = os.path.join(root, name)
            if not os.path.isfile(path):
                self.send_error(404)
                return
            data = open(path, 'rb').read()
            wanted = self.headers.get('Range')
            if mode == 'range' and wanted and wanted.startswith('bytes='):
                start = int(wanted[6:].split('-')[0])
                if start >= len(data):
                    self.send_response(416)
                    self.send_header('Content-Range', 'bytes */%d' % len(data))
                    self.send_header('Content-Length', '0')
                    self.end_headers()
                    return
                self.send_response(206)
                self.send_header('Content-Range', 'bytes %d-%d/%d' % (start, len(data) - 1, len(data)))
                self.send_header('Content-Length', str(len(data) - start))
                self.end_headers()
                self.wfile.write(data[start:])
                return
            self.send_response(200)
            self.send_header('Content-Length', str(len(data)))
            self.end_headers()
            self.wfile.write(data[: len(data) // 2] if mode == 'cut' else data)
    server = http.server.ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """

    let process = Process()
    let lifeline = Pipe()
    let root: URL
    private(set) var port = 0

    init(serving root: URL) throws {
        self.root = root
        let scriptURL = root.deletingLastPathComponent().appendingPathComponent("server-\(UUID().uuidString).py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        process.executableURL = URL(fileURLWithPath: Self.python!)
        process.arguments = [scriptURL.path, root.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        process.standardInput = lifeline
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        if port == 0 { stop() }
    }

    func url(_ mode: String, _ name: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)/\(mode)/\(name)")!
    }

    /// Closing the server's stdin ends it; SIGKILL (which no mask can block) makes sure.
    func stop() {
        try? lifeline.fileHandleForWriting.close()
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    deinit { stop() }
}

/// Collects progress reports from the downloader's callback thread.
final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [(Int64, Int64?)] = []

    func record(_ bytes: Int64, _ total: Int64?) {
        lock.withLock { reports.append((bytes, total)) }
    }

    var all: [(bytes: Int64, total: Int64?)] { lock.withLock { reports.map { (bytes: $0.0, total: $0.1) } } }
}
