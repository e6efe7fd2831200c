import Foundation
import Lessons
import Testing

/// Where `convterm` finds its lessons when it is not run from a checkout.
@Suite struct LessonLibraryTests {
    func tree(_ files: [String]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-locate-\(UUID().uuidString)")
        for file in files {
            let url = root.appendingPathComponent(file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data("x".utf8).write(to: url)
        }
        return root
    }

    @Test func anInstalledBinaryFindsPrefixShareConvtermLessons() throws {
        let root = try tree(["bin/convterm", "share/convterm/lessons/01-x.lesson", "elsewhere/readme"])
        defer { try? FileManager.default.removeItem(at: root) }
        let found = LessonLibrary.locate(environment: [:], executable: root.appendingPathComponent("bin/convterm").path,
                                         currentDirectory: root.appendingPathComponent("elsewhere").path)
        #expect(found == root.appendingPathComponent("share/convterm/lessons").path)
    }

    @Test func theEnvironmentWinsAndNothingIsFoundWithoutLessons() throws {
        let root = try tree(["bin/convterm", "elsewhere/readme"])
        defer { try? FileManager.default.removeItem(at: root) }
        let exe = root.appendingPathComponent("bin/convterm").path
        let cwd = root.appendingPathComponent("elsewhere").path
        #expect(LessonLibrary.locate(environment: ["CONVTERM_LESSONS": "/mine"], executable: exe, currentDirectory: cwd) == "/mine")
        #expect(LessonLibrary.locate(environment: [:], executable: exe, currentDirectory: cwd) == nil)
    }
}
