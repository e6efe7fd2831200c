import Foundation
import Testing
@testable import ConvTermApp

/// Tests for Sources/ConvTermApp/Training/RunLog.swift: one sorted JSON object a line, an emptied
/// file at the start, and a message naming the path when it cannot be created.
@Suite struct RunLogTests {
    @Test func writesOneSortedObjectALineIntoAnEmptiedFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("runlog-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "an older run's line\n".write(toFile: path, atomically: true, encoding: .utf8)
        do {
            let log = try RunLog(path: path)
            log.write(["step": 2, "loss": 0.5])
            log.write(["b": 1, "a": [1, 2]])
        }
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == "{\"loss\":0.5,\"step\":2}\n{\"a\":[1,2],\"b\":1}\n")
    }

    @Test func aPathThatCannotBeCreatedIsNamed() {
        let path = "/nonexistent-\(UUID().uuidString)/run.jsonl"
        #expect(throws: RunLog.Failure.self) { try RunLog(path: path) }
        do {
            _ = try RunLog(path: path)
        } catch {
            #expect("\(error)".hasPrefix(path) && "\(error)".contains("cannot create the log file"))
        }
    }
}
