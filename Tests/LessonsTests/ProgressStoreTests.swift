import Foundation
import Testing
@testable import Lessons

@Suite struct ProgressStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("convterm-progress-\(UUID().uuidString)/convterm/progress.txt").path
    }

    @Test func roundTripsThroughTheTextFile() throws {
        let store = ProgressStore(path: temporaryPath())
        var p = LessonProgress()
        p.current = "02-convolution"
        p.steps = ["01-why-structure": 4, "02-convolution": 3]
        p.done = ["01-why-structure"]
        p.quizzes = ["02-convolution": [3: "wrong", 5: "right"]]
        #expect(store.save(p) == nil)
        let (loaded, message) = store.load()
        #expect(message == nil)
        #expect(loaded == p)
        #expect(loaded.mark("01-why-structure") == .done)
        #expect(loaded.mark("02-convolution") == .current)
        #expect(loaded.mark("03-stacking") == .notStarted)
        let text = try String(contentsOfFile: store.path, encoding: .utf8)
        #expect(text.hasPrefix("convterm-progress 1\ncurrent 02-convolution\n"))
        #expect(try store.reset())
        #expect(store.load().0 == LessonProgress())
    }

    /// Issue 14 deliver 6: skipped and revealed quizzes are remembered; skipped and wrong ones
    /// are open, right and revealed ones are closed.
    @Test func skippedAndRevealedQuizzesRoundTripAndOpenOnesAreListed() throws {
        let text = "convterm-progress 1\nquiz 02-convolution 3 skipped\nquiz 02-convolution 4 revealed\nquiz 02-convolution 6 wrong\nquiz 02-convolution 7 right\n"
        let p = try LessonProgress.parse(text)
        #expect(p.quizzes["02-convolution"] == [3: "skipped", 4: "revealed", 6: "wrong", 7: "right"])
        #expect(p.text == text)
        #expect(p.openQuizzes("02-convolution") == [3, 6])
        #expect(p.openQuizzes("03-stacking") == [])
        #expect(throws: LessonProgress.Corrupt.self) { try LessonProgress.parse("convterm-progress 1\nquiz 02-convolution 3 maybe\n") }
    }

    @Test func aCorruptFileIsSetAsideNotFatal() throws {
        let store = ProgressStore(path: temporaryPath())
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data([0xFF, 0x00, 0x41]).write(to: URL(fileURLWithPath: store.path))
        let (progress, message) = store.load()
        #expect(progress == LessonProgress())
        #expect(message?.contains("kept it as") == true)
        #expect(!FileManager.default.fileExists(atPath: store.path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: (store.path as NSString).deletingLastPathComponent)
        #expect(siblings.contains { $0.hasPrefix("progress.txt.unreadable-") })
    }

    @Test func crlfLineEndsReadLikeLF() throws {
        let store = ProgressStore(path: temporaryPath())
        try FileManager.default.createDirectory(atPath: (store.path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        let text = "convterm-progress 1\r\ncurrent 02-convolution\r\nstep 02-convolution 3\r\ndone 01-why-structure\r\nquiz 02-convolution 2 right\r\n"
        try Data(text.utf8).write(to: URL(fileURLWithPath: store.path))
        let (progress, message) = store.load()
        #expect(message == nil)
        #expect(progress.current == "02-convolution")
        #expect(progress.steps == ["02-convolution": 3])
        #expect(progress.done == ["01-why-structure"])
        #expect(progress.quizzes == ["02-convolution": [2: "right"]])
    }

    @Test func anUnreadableFileIsKeptAsideWithItsBytesAndAMessage() throws {
        let store = ProgressStore(path: temporaryPath())
        let directory = (store.path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let original = Data("convterm-progress 1\nstep 02-convolution three\n".utf8)
        try original.write(to: URL(fileURLWithPath: store.path))
        let (progress, message) = store.load()
        #expect(progress == LessonProgress())
        let text = try #require(message)
        #expect(text.contains(store.path) && text.contains("line 2"), "\(text)")
        let aside = try #require(try FileManager.default.contentsOfDirectory(atPath: directory).first { $0.hasPrefix("progress.txt.unreadable-") })
        #expect(text.contains(aside))
        #expect(FileManager.default.contents(atPath: directory + "/" + aside) == original)
        // A second bad file in the same second gets its own name: nothing set aside is replaced.
        try original.write(to: URL(fileURLWithPath: store.path))
        #expect(store.load().1 != nil)
        let asides = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.hasPrefix("progress.txt.unreadable-") }
        #expect(asides.count == 2)
    }

    @Test func xdgStateHomeWinsOverHome() {
        #expect(ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "/x/state", "HOME": "/home/u"]) == "/x/state/convterm/progress.txt")
        #expect(ProgressStore.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.local/state/convterm/progress.txt")
        // A relative XDG path is ignored, as the spec says.
        #expect(ProgressStore.defaultPath(environment: ["XDG_STATE_HOME": "rel", "HOME": "/home/u"]) == "/home/u/.local/state/convterm/progress.txt")
    }
}
