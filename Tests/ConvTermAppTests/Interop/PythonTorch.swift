import Foundation
import Testing

/// A Python with PyTorch for the differential tests: `CONVTERM_PYTHON` when set, else a `python3`
/// on PATH that imports torch. Where there is none the tests that need it are skipped, saying why.
enum PythonTorch {
    static let path: String? = {
        let env = ProcessInfo.processInfo.environment
        var candidates: [String] = []
        if let given = env["CONVTERM_PYTHON"], !given.isEmpty { candidates.append(given) }
        for dir in (env["PATH"] ?? "/usr/bin:/bin").split(separator: ":") { candidates.append("\(dir)/python3") }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) && imports(torch: $0) }
    }()

    static var isAvailable: Bool { path != nil }
    static let skipReason: Comment = "no Python with torch: set CONVTERM_PYTHON to one (`.ci/run` makes a venv with torch==2.13.0+cpu) to run the PyTorch differential tests"

    /// The directory holding python (torchrun sits beside it in a venv).
    static var binDirectory: URL? { path.map { URL(fileURLWithPath: $0).deletingLastPathComponent() } }

    static func imports(torch python: String) -> Bool {
        (try? run(python, ["-c", "import torch, numpy"]).status) == 0
    }

    struct Run {
        var status: Int32
        var output: String
    }

    /// Runs `executable` with `arguments` in `directory`; stdout and stderr together.
    static func run(_ executable: String, _ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        var env = ProcessInfo.processInfo.environment
        env.merge(environment) { $1 }
        process.environment = env
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
    }

    /// Runs a Python script text with the export directory importable.
    static func script(_ text: String, in directory: URL, arguments: [String] = []) throws -> Run {
        let file = directory.appendingPathComponent("check_\(UUID().uuidString.prefix(8)).py")
        try text.write(to: file, atomically: true, encoding: .utf8)
        // One thread: the suite runs beside other work on two cores; the numbers do not depend on it.
        return try run(path!, [file.path] + arguments, in: directory, environment: ["OMP_NUM_THREADS": "1", "PYTHONDONTWRITEBYTECODE": "1"])
    }
}

/// A fresh temporary directory, removed by `remove()`.
struct InteropDirectory {
    let url: URL
    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-interop-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    func file(_ name: String) -> URL { url.appendingPathComponent(name) }
    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The largest difference between two tensors relative to the reference's largest magnitude.
func relativeDifference(_ a: [Float], _ reference: [Float]) -> Double {
    precondition(a.count == reference.count)
    var diff: Double = 0, scale: Double = 0
    for (x, y) in zip(a, reference) {
        diff = max(diff, Double(abs(x - y)))
        scale = max(scale, Double(abs(y)))
    }
    return scale == 0 ? diff : diff / scale
}
