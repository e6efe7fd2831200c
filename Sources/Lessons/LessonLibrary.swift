import Foundation

/// The lessons on disk: `*.lesson` files in a directory, ordered by name (01-..., 02-...).
public struct LessonLibrary: Sendable {
    public struct Entry: Sendable {
        /// The file name without `.lesson`: "02-convolution". LessonProgress is keyed by it.
        public var id: String
        public var path: String
        public var lesson: Lesson
        public var errors: [LessonError]
    }

    public var directory: String
    public var entries: [Entry]

    public init(directory: String) throws {
        self.directory = directory
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasSuffix(".lesson") }.sorted()
        entries = names.map { name in
            let path = directory + "/" + name
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            let result = LessonParser.parse(text, file: path)
            return Entry(id: String(name.dropLast(".lesson".count)), path: path, lesson: result.lesson, errors: result.errors)
        }
    }

    /// By number ("2" is the second lesson) or by name or id prefix ("convolution", "02").
    public func find(_ key: String) -> Int? {
        // A number names a lesson by position only: `0` or `13` is no lesson, not a name containing it.
        if let n = Int(key) { return entries.indices.contains(n - 1) ? n - 1 : nil }
        let k = key.lowercased()
        return entries.firstIndex { $0.id == k }
            ?? entries.firstIndex { $0.id.hasPrefix(k) }
            ?? entries.firstIndex { $0.id.contains(k) || $0.lesson.title.lowercased().contains(k) }
    }

    /// The lessons directory: `$CONVTERM_LESSONS`, else `./lessons`, else a `lessons` directory
    /// beside or above the executable (a build tree inside the repository).
    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment,
                              executable: String = CommandLine.arguments.first ?? "",
                              currentDirectory: String = FileManager.default.currentDirectoryPath) -> String? {
        func hasLessons(_ dir: String) -> Bool {
            ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).contains { $0.hasSuffix(".lesson") }
        }
        if let env = environment["CONVTERM_LESSONS"], !env.isEmpty { return env }
        let cwd = currentDirectory + "/lessons"
        if hasLessons(cwd) { return cwd }
        var dir = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            // Beside a checkout's build, or installed as PREFIX/bin/convterm + PREFIX/share/convterm/lessons.
            for candidate in [dir.appendingPathComponent("lessons").path, dir.appendingPathComponent("share/convterm/lessons").path]
            where hasLessons(candidate) {
                return candidate
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
