import Foundation

/// `../shared/data/cifar-10-batches-bin` beside the repository: real CIFAR-10 files (a training
/// and a test batch) for the torchrun test. A user's clone has none; the test is skipped there.
enum SharedCIFAR {
    static let directory: URL? = {
        var candidates: [URL] = []
        if let env = ProcessInfo.processInfo.environment["CONVTERM_SHARED"] {
            candidates.append(URL(fileURLWithPath: env).appendingPathComponent("data/cifar-10-batches-bin"))
        }
        // This file is Tests/ConvTermAppTests/Interop/SharedCIFAR.swift: four levels below the root.
        let file = URL(fileURLWithPath: #filePath)
        for path in [file.resolvingSymlinksInPath(), file] {
            var root = path
            for _ in 0..<4 { root = root.deletingLastPathComponent() }
            candidates.append(root.appendingPathComponent("../shared/data/cifar-10-batches-bin").standardizedFileURL)
        }
        return candidates.first {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("test_batch.bin").path)
        }
    }()

    static var isAvailable: Bool { directory != nil }
    static let skipReason = "needs ../shared/data/cifar-10-batches-bin beside the repository (absent in a user's clone)"
}
