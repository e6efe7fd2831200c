import Foundation
import Testing
@testable import ConvTermApp

@Suite struct NetworkSourceTests {
    func write(_ text: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-crlf-\(UUID().uuidString).net")
        try Data(text.utf8).write(to: url)
        return url
    }

    @Test func crlfFileErrorsShowTheLineAndCaretLikeLF() throws {
        let url = try write("input 32x32x3\r\nconv 6 5x5 strid 2\r\n")
        defer { try? FileManager.default.removeItem(at: url) }
        do {
            _ = try NetworkSource.load(url.path)
            Issue.record("expected a failure")
        } catch {
            let text = "\(error)"
            #expect(text.contains("\(url.path):2:12: unknown option `strid`"), "\(text)")
            #expect(text.hasSuffix("  conv 6 5x5 strid 2\n             ^"), "\(text.debugDescription)")
        }
    }

    @Test func aCrlfFileKeepsNoCarriageReturnsInItsText() throws {
        let url = try write("input 32x32x3\r\nconv 6 5x5\r\nrelu\r\nfc 10\r\n")
        defer { try? FileManager.default.removeItem(at: url) }
        let source = try NetworkSource.load(url.path)
        #expect(source.spec.layers.count == 3)
        #expect(source.text == "input 32x32x3\nconv 6 5x5\nrelu\nfc 10\n")
    }
}
