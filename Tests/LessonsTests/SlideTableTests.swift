import Foundation
import Testing

/// lessons/README.md maps every slide number to lesson:step and the expression computing it; this
/// keeps the map true: each expression is written in one of the steps its row names.
@Suite struct SlideTableTests {
    static let lessons = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("lessons")

    /// A lesson's steps as the format splits them: at lines that are exactly `---`.
    func steps(_ number: Int) throws -> [String] {
        let name = try #require(try FileManager.default.contentsOfDirectory(atPath: Self.lessons.path)
            .first { $0.hasPrefix(String(format: "%02d-", number)) && $0.hasSuffix(".lesson") }, "lesson \(number) exists")
        let text = try String(contentsOf: Self.lessons.appendingPathComponent(name), encoding: .utf8)
        var steps = [""]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces) == "---" { steps.append("") } else { steps[steps.count - 1] += line + "\n" }
        }
        return steps.map { $0.filter { !$0.isWhitespace } }
    }

    @Test func everyRowPointsAtStepsThatComputeItsExpressions() throws {
        let readme = try String(contentsOf: Self.lessons.appendingPathComponent("README.md"), encoding: .utf8)
        let location = try Regex(#"(\d+):(\d+)"#)
        var rows = 0
        for line in readme.split(separator: "\n") where line.hasPrefix("|") {
            // `\|` is a pipe inside a cell (a format such as `| approx`), not a column break.
            let cells = line.replacingOccurrences(of: "\\|", with: "\u{1}").split(separator: "|", omittingEmptySubsequences: false)
                .map { $0.replacingOccurrences(of: "\u{1}", with: "|").trimmingCharacters(in: .whitespaces) }
            guard cells.count >= 4 else { continue }
            let places = cells[2].matches(of: location).map { (Int($0.output[1].substring!)!, Int($0.output[2].substring!)!) }
            let expressions = cells[3].split(separator: "`", omittingEmptySubsequences: false).enumerated()
                .filter { $0.offset % 2 == 1 }.map { $0.element.filter { !$0.isWhitespace } }
            guard !places.isEmpty, !expressions.isEmpty else { continue }
            rows += 1
            for expression in expressions {
                let found = try places.contains { lesson, step in
                    let all = try steps(lesson)
                    return step >= 1 && step <= all.count && all[step - 1].contains(expression)
                }
                #expect(found, "`\(expression)` is not in \(cells[2]) (row: \(cells[1]))")
            }
        }
        #expect(rows >= 50, "the table lists the slides' numbers")
    }
}
