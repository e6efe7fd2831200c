import ConvEngine
import Foundation

/// Where a student is: per lesson the step reached, whether it is done, and quiz results. Saved as a
/// small text file, one fact a line, so a student can read or edit it:
///
///     convterm-progress 1
///     current 02-convolution
///     step 02-convolution 3
///     done 01-why-structure
///     quiz 02-convolution 2 right
///     quiz 02-convolution 5 skipped
///     task 05-train-live 3 done
public struct LessonProgress: Hashable, Sendable {
    public var current: String?
    public var steps: [String: Int] = [:]
    public var done: Set<String> = []
    /// lesson -> step (1-based) -> "right", "wrong", "revealed" (r showed the answer) or "skipped"
    /// (the student went on without answering). The last result counts, except that "right" stays.
    public var quizzes: [String: [Int: String]] = [:]

    /// lesson -> step (1-based) -> "done" (the engine saw the task met) or "skipped" (the student
    /// went on before meeting it). A done task stays done.
    public var tasks: [String: [Int: String]] = [:]

    public static let quizResults: Set<String> = ["right", "wrong", "revealed", "skipped"]
    public static let taskResults: Set<String> = ["done", "skipped"]
    /// Results that close a quiz: a skipped or wrongly answered quiz is still open.
    public static let closedResults: Set<String> = ["right", "revealed"]

    /// Quiz steps (1-based) of `lesson` the student went past without answering them right or
    /// revealing the answer: what the lesson list shows as open.
    public func openQuizzes(_ lesson: String) -> [Int] {
        (quizzes[lesson] ?? [:]).filter { !LessonProgress.closedResults.contains($0.value) }.keys.sorted()
    }

    /// Task steps (1-based) of `lesson` the student went past before the engine saw them done.
    public func openTasks(_ lesson: String) -> [Int] {
        (tasks[lesson] ?? [:]).filter { $0.value != "done" }.keys.sorted()
    }

    public init() {}

    public enum Mark: String, Sendable { case done, current, started, notStarted }

    public func mark(_ lesson: String) -> Mark {
        if done.contains(lesson) { return .done }
        if current == lesson { return .current }
        if steps[lesson] != nil { return .started }
        return .notStarted
    }

    public var text: String {
        var lines = ["convterm-progress 1"]
        if let current { lines.append("current \(current)") }
        for (lesson, step) in steps.sorted(by: { $0.key < $1.key }) { lines.append("step \(lesson) \(step)") }
        for lesson in done.sorted() { lines.append("done \(lesson)") }
        for (lesson, results) in quizzes.sorted(by: { $0.key < $1.key }) {
            for (step, result) in results.sorted(by: { $0.key < $1.key }) { lines.append("quiz \(lesson) \(step) \(result)") }
        }
        for (lesson, results) in tasks.sorted(by: { $0.key < $1.key }) {
            for (step, result) in results.sorted(by: { $0.key < $1.key }) { lines.append("task \(lesson) \(step) \(result)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public struct Corrupt: Error, CustomStringConvertible {
        public var line: Int
        public var reason: String
        public var description: String { "line \(line): \(reason)" }
    }

    public static func parse(_ text: String) throws(Corrupt) -> LessonProgress {
        var p = LessonProgress()
        let lines = LineEnds.normalized(text).split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.first.map({ $0.hasPrefix("convterm-progress ") }) == true else {
            throw Corrupt(line: 1, reason: "not a convterm progress file (it should start with `convterm-progress 1`)")
        }
        for (i, line) in lines.enumerated().dropFirst() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let w = line.split(separator: " ").map(String.init)
            switch (w.first, w.count) {
            case ("current", 2): p.current = w[1]
            case ("step", 3) where Int(w[2]) != nil && Int(w[2])! >= 1: p.steps[w[1]] = Int(w[2])!
            case ("done", 2): p.done.insert(w[1])
            case ("quiz", 4) where Int(w[2]) != nil && LessonProgress.quizResults.contains(w[3]): p.quizzes[w[1], default: [:]][Int(w[2])!] = w[3]
            case ("task", 4) where Int(w[2]) != nil && LessonProgress.taskResults.contains(w[3]): p.tasks[w[1], default: [:]][Int(w[2])!] = w[3]
            default: throw Corrupt(line: i + 1, reason: "cannot read `\(line)`; expected `current LESSON`, `step LESSON N`, `done LESSON`, `quiz LESSON STEP \(LessonProgress.quizResults.sorted().joined(separator: "|"))` or `task LESSON STEP \(LessonProgress.taskResults.sorted().joined(separator: "|"))`")
            }
        }
        return p
    }
}

/// Reads and writes `LessonProgress` under `$XDG_STATE_HOME/convterm` (else `~/.local/state/convterm`).
/// Writes are atomic (temp file + rename); a file that cannot be read is moved aside, never fatal.
public struct ProgressStore: Sendable {
    public var path: String

    public init(path: String) {
        self.path = path
    }

    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let base: String
        if let xdg = environment["XDG_STATE_HOME"], xdg.hasPrefix("/") {
            base = xdg
        } else {
            base = (environment["HOME"] ?? NSHomeDirectory()) + "/.local/state"
        }
        return base + "/convterm/progress.txt"
    }

    public static var standard: ProgressStore { ProgressStore(path: defaultPath()) }

    /// The saved progress, and a message when a bad file had to be set aside.
    public func load() -> (LessonProgress, String?) {
        guard FileManager.default.fileExists(atPath: path) else { return (LessonProgress(), nil) }
        let problem: String
        if let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) {
            do { return (try LessonProgress.parse(text), nil) } catch { problem = error.description }
        } else {
            problem = "it cannot be read as text"
        }
        // Kept under a new name, never replaced: the student (or a tool) may want it back, and an
        // earlier file set aside in the same second keeps its own name.
        let stamp = path + ".unreadable-\(Int(Date().timeIntervalSince1970))"
        var aside = stamp
        var n = 1
        while FileManager.default.fileExists(atPath: aside) {
            n += 1
            aside = stamp + "-\(n)"
        }
        do {
            try FileManager.default.moveItem(atPath: path, toPath: aside)
            return (LessonProgress(), "progress file \(path) could not be read (\(problem)); kept it as \(aside) and started fresh progress")
        } catch {
            return (LessonProgress(), "progress file \(path) could not be read (\(problem)) nor moved aside (\(error.localizedDescription)); fix or remove it")
        }
    }

    /// Saves atomically; returns a message instead of throwing, so the player can show it and go on.
    @discardableResult
    public func save(_ progress: LessonProgress) -> String? {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let temp = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
            try Data(progress.text.utf8).write(to: URL(fileURLWithPath: temp))
            if rename(temp, path) != 0 {
                let reason = String(cString: strerror(errno))
                try? FileManager.default.removeItem(atPath: temp)
                return "could not save progress to \(path): \(reason)"
            }
            return nil
        } catch {
            return "could not save progress to \(path): \(error.localizedDescription)"
        }
    }

    /// `convterm lessons reset`: removes the file; true when there was one.
    public func reset() throws -> Bool {
        guard FileManager.default.fileExists(atPath: path) else { return false }
        try FileManager.default.removeItem(atPath: path)
        return true
    }
}
