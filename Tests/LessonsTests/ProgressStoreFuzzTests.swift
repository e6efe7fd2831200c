import Foundation
import FuzzSupport
import Testing
@testable import Lessons

/// Mutated progress files: each reads, or is refused at a real line with a reason; through the
/// store (every 10th case, files being slow to create), a refused file is set aside byte for byte
/// with a message naming both paths, and a readable one is left untouched.
@Suite struct ProgressStoreFuzzTests {
    static let seed = "convterm-progress 1\ncurrent 02-convolution\nstep 01-why-structure 4\nstep 02-convolution 3\ndone 01-why-structure\nquiz 02-convolution 2 right\nquiz 02-convolution 5 wrong\n"

    @Test func mutatedProgressFilesLoadOrAreSetAside() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-progress-fuzz-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = ProgressStore(path: directory + "/progress.txt")
        var read = 0, refused = 0
        for index in 0..<Mutator.caseCount {
            var mutator = Mutator.forCase(index, suite: 4)
            let bytes = Data(mutator.mutate(Array(Self.seed.utf8)))
            let text = String(data: bytes, encoding: .utf8)
            var readable = false
            if let text {
                do {
                    _ = try LessonProgress.parse(text)
                    readable = true
                } catch {
                    let lines = LineEndsCount.lines(text)
                    #expect((1...lines).contains(error.line) && !error.reason.isEmpty, "case \(index): \(error) (\(lines) lines)")
                }
            }
            if readable { read += 1 } else { refused += 1 }
            guard index % 10 == 0 else { continue }
            try bytes.write(to: URL(fileURLWithPath: store.path))
            let (_, message) = store.load()
            let asides = try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0 != "progress.txt" }
            if let message {
                #expect(!readable, "case \(index): a readable file was set aside: \(message)")
                #expect(asides.count == 1 && message.contains(store.path) && message.contains(asides.first ?? "?"), "case \(index): \(message)")
                if let aside = asides.first {
                    #expect(FileManager.default.contents(atPath: directory + "/" + aside) == bytes, "case \(index): the set-aside file differs")
                    try FileManager.default.removeItem(atPath: directory + "/" + aside)
                }
                #expect(!FileManager.default.fileExists(atPath: store.path), "case \(index)")
            } else {
                #expect(readable, "case \(index): an unreadable file was read")
                #expect(asides.isEmpty, "case \(index)")
                #expect(FileManager.default.contents(atPath: store.path) == bytes, "case \(index): a readable file was changed")
            }
        }
        #expect(read > 0 && refused > 0, "read \(read), refused \(refused)")
    }
}

/// Lines as the progress parser counts them (LF or CRLF ends), for checking reported line numbers.
enum LineEndsCount {
    static func lines(_ text: String) -> Int {
        text.unicodeScalars.filter { $0 == "\n" }.count + 1
    }
}
