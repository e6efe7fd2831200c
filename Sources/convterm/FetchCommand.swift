import ArgumentParser
import ConvData
import Foundation

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Download CIFAR-10 or CIFAR-100 (binary version), check its MD5 and unpack it.",
        discussion: """
        Files go under $XDG_CACHE_HOME/convterm (else ~/.cache/convterm) unless --dir is given; then
        `convterm train --data cifar10` finds them. An interrupted download resumes where it stopped.
        """
    )

    @Argument(help: "cifar10 or cifar100.") var dataset: String
    @Option(help: "Directory to unpack into (default: the cache directory).") var dir: String?
    @Option(help: ArgumentHelp("Download from this address instead of the official one (a mirror).", visibility: .hidden)) var url: String?
    @Option(help: ArgumentHelp("Expected MD5 when --url is given.", visibility: .hidden)) var md5: String?

    func run() throws {
        var archive: CIFARArchive
        switch dataset.lowercased() {
        case "cifar10", "cifar-10": archive = .cifar10
        case "cifar100", "cifar-100": archive = .cifar100
        default: throw ValidationError("unknown data set `\(dataset)`: choose cifar10 or cifar100")
        }
        if let url {
            guard let parsed = URL(string: url), parsed.scheme != nil else { throw ValidationError("--url must be a full address, e.g. http://host/cifar-10-binary.tar.gz") }
            archive.url = parsed
            if let md5 { archive.md5 = md5.lowercased() }
        }
        let locator = DataLocator()
        let directory = dir.map { URL(fileURLWithPath: $0, isDirectory: true) } ?? locator.cacheDirectory
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            FileHandle.standardError.write(Data("error: cannot create \(directory.path): \(error.localizedDescription)\n".utf8))
            throw ExitCode(1)
        }
        let interactive = isatty(STDERR_FILENO) == 1
        let bar = ProgressPrinter(interactive: interactive, label: archive.archiveName)
        let target = archive
        let result = runBlocking {
            try await target.fetch(into: directory, progress: { bytes, total in bar.update(bytes, total) })
        }
        bar.finish()
        switch result {
        case .success(let unpacked):
            print("\(archive.format.displayName) is in \(unpacked.path)")
            if dir == nil { print("Train on it with: convterm train --data \(dataset.lowercased())") } else { print("Train on it with: convterm train --data \(unpacked.path)") }
        case .failure(let error):
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Prints download progress: a rewritten bar on a terminal, a line every 10% otherwise.
final class ProgressPrinter: @unchecked Sendable {
    let interactive: Bool
    let label: String
    private var lastTenth = -1
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    init(interactive: Bool, label: String) {
        self.interactive = interactive
        self.label = label
    }

    func update(_ bytes: Int64, _ total: Int64?) {
        lock.lock()
        defer { lock.unlock() }
        let mb = Double(bytes) / 1e6
        guard let total, total > 0 else {
            if interactive { FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@  %.1f MB", label, mb).utf8)) }
            return
        }
        let fraction = Double(bytes) / Double(total)
        if interactive {
            guard Date().timeIntervalSince(lastDraw) > 0.1 || bytes == total else { return }
            lastDraw = Date()
            let filled = Int(fraction * 30)
            let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: 30 - filled)
            FileHandle.standardError.write(Data(String(format: "\r\u{1B}[K%@  [%@] %3.0f%%  %.1f / %.1f MB", label, bar, fraction * 100, mb, Double(total) / 1e6).utf8))
        } else if Int(fraction * 10) > lastTenth {
            lastTenth = Int(fraction * 10)
            FileHandle.standardError.write(Data(String(format: "%@: %3.0f%% (%.1f / %.1f MB)\n", label, fraction * 100, mb, Double(total) / 1e6).utf8))
        }
    }

    func finish() {
        if interactive { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}

/// Runs async work from a synchronous command and waits for it.
final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, Error>?
    init() {}
}

