import Foundation

extension LessonParser {
    /// One non-empty line inside a `@quiz` or `@task` block.
    struct BlockLine {
        var raw: String
        /// 1-based, for error locations.
        var number: Int
        var trimmed: String
        /// Leading spaces, so columns in errors point into the raw line.
        var indent: Int
    }

    /// The block's next non-empty line, or nil where the block ends: at `@end` (consumed, and
    /// `closed` set) or at a line that starts something else (`---`, `@quiz`, `@widget`, `@task`),
    /// which is left for the step's parser, so an unclosed block is reported, not swallowed.
    mutating func nextBlockLine(closed: inout Bool) -> BlockLine? {
        while index < lines.count {
            let raw = String(lines[index])
            let trimmed = raw.trimmingCharacters(in: .whitespaces)
            if trimmed == "@end" { index += 1; closed = true; return nil }
            if trimmed == "---" || trimmed.hasPrefix("@quiz") || trimmed.hasPrefix("@widget") || trimmed.hasPrefix("@task") { return nil }
            index += 1
            if trimmed.isEmpty { continue }
            return BlockLine(raw: raw, number: index, trimmed: trimmed, indent: raw.count - raw.drop(while: { $0 == " " }).count)
        }
        return nil
    }
}
