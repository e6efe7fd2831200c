import ConvData
import Foundation

/// `../shared/data` beside the repository, where the real CIFAR files for checks live.
/// A user's clone has no `../shared`; tests that need it are disabled there with a note.
enum SharedData {
    static let directory: URL? = {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["CONVTERM_SHARED"] {
            candidates.append(URL(fileURLWithPath: env).appendingPathComponent("data"))
        }
        // This file is Tests/ConvDataTests/TestSupport.swift: three levels below the repository
        // root. The test tree may be reached through a symlink, so try the resolved path too.
        let file = URL(fileURLWithPath: #filePath)
        for path in [file.resolvingSymlinksInPath(), file] {
            let root = path.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            candidates.append(root.appendingPathComponent("../shared/data").standardizedFileURL)
        }
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("cifar-exact-200.bin").path)
        }
    }()

    static var isAvailable: Bool { directory != nil }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("convdata-test-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> URL { url.appendingPathComponent(name) }

    func write(_ bytes: [UInt8], to name: String) throws -> URL {
        let f = file(name)
        try Data(bytes).write(to: f)
        return f
    }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// CIFAR records whose pixel bytes encode their position, so any misplaced byte shows.
enum RecordMaker {
    static func pixels(record: Int) -> [UInt8] {
        (0..<3072).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ record &* 31 &+ ($0 >> 8)) }
    }

    static func cifar10(labels: [UInt8]) -> [UInt8] {
        labels.enumerated().flatMap { r, label in [label] + pixels(record: r) }
    }

    static func cifar100(coarse: [UInt8], fine: [UInt8]) -> [UInt8] {
        zip(coarse, fine).enumerated().flatMap { r, pair in [pair.0, pair.1] + pixels(record: r) }
    }
}
