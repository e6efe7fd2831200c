import Foundation

/// The `--log FILE` of a headless run: created (emptied) when the run starts, one JSON object a
/// line with sorted keys, closed when the run ends. Classification and `--task` runs share it.
final class RunLog {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let handle: FileHandle

    init(path: String) throws {
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw Failure(description: "\(path): cannot create the log file; check the directory exists and is writable")
        }
        self.handle = handle
    }

    deinit { try? handle.close() }

    func write(_ entry: [String: Any]) {
        guard let data = try? JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]) else { return }
        handle.write(data + Data("\n".utf8))
    }
}
