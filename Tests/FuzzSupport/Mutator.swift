import Foundation

/// Seeded mutation of valid inputs for the fuzz suites. Every case is replayable from the seed
/// and its index, so a failure message names what to rerun; no state is shared between cases.
///
/// `CONVTERM_FUZZ_CASES` raises the number of cases per suite (default 1,000, kept fast enough
/// for every `swift test`); `CONVTERM_FUZZ_SEED` explores cases other than the default ones.
public struct Mutator {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public static var caseCount: Int {
        ProcessInfo.processInfo.environment["CONVTERM_FUZZ_CASES"].flatMap { Int($0) }.map { max(1, $0) } ?? 1_000
    }

    public static var baseSeed: UInt64 {
        ProcessInfo.processInfo.environment["CONVTERM_FUZZ_SEED"].flatMap { UInt64($0) } ?? 17
    }

    /// The generator for case `index`: independent of how many cases ran before it.
    public static func forCase(_ index: Int, suite: UInt64) -> Mutator {
        Mutator(seed: baseSeed &* 0x9E37_79B9_7F4A_7C15 &+ suite &* 0xBF58_476D_1CE4_E5B9 &+ UInt64(index))
    }

    /// SplitMix64: tiny, seedable, and good enough to pick mutations.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform-enough in 0..<bound (bound > 0).
    public mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(max(1, bound)))
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// Values that sit on the edges parsers get wrong: overflow, signs, non-numbers, line ends, brackets.
    public static let edgeTokens: [String] = [
        "-1", "0", "1", "-0", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "18446744073709551616", "99999999999999999999", "1e20", "1e300", "1e400", "-1e19", "nan", "inf", "-inf",
        "0.5", "1/0", "\r\n", "\n", "\r", "\t", " ", "{", "}", "{{", "}}", "(", ")", "#", ":", "x", "xx", "---",
        "\u{0}", "é", "🙂", "\u{FEFF}",
    ]

    /// Numbers only, for fields whose syntax should stay valid while the value goes wrong.
    public static let numericTokens: [String] = [
        "-1", "0", "-0", "1", "0.5", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "9007199254740992", "9007199254740993", "18446744073709551615", "1e308", "1e400", "nan", "inf", "-inf",
    ]

    /// One to four random edits of `bytes`: flips, replacements, insertions (of bytes or of
    /// `tokens`), deletions, duplications and truncations.
    public mutating func mutate(_ bytes: [UInt8], tokens: [String] = Mutator.edgeTokens) -> [UInt8] {
        var out = bytes
        for _ in 0..<(1 + below(4)) {
            let at = below(out.count + 1)
            switch below(9) {
            case 0 where !out.isEmpty:
                out[min(at, out.count - 1)] ^= UInt8(1 << below(8))
            case 1 where !out.isEmpty:
                out[min(at, out.count - 1)] = UInt8(truncatingIfNeeded: next())
            case 2:
                out.insert(UInt8(truncatingIfNeeded: next()), at: at)
            case 3, 4:
                out.insert(contentsOf: Array(pick(tokens).utf8), at: at)
            case 5 where !out.isEmpty:
                let end = min(out.count, at + 1 + below(16))
                out.removeSubrange(min(at, out.count - 1)..<end)
            case 6 where !out.isEmpty:
                let start = min(at, out.count - 1)
                let end = min(out.count, start + 1 + below(64))
                out.insert(contentsOf: out[start..<end], at: below(out.count + 1))
            case 7:
                out.removeSubrange(min(at, out.count)...)
            default:
                // Replace a run of digits (the commonest field) with an edge token.
                if let digit = out.indices.dropFirst(at).first(where: { (48...57).contains(out[$0]) }) {
                    let end = out[digit...].firstIndex { !(48...57).contains($0) } ?? out.count
                    out.replaceSubrange(digit..<end, with: Array(pick(tokens).utf8))
                }
            }
        }
        return out
    }

    /// One space-separated word of one line replaced by an edge token: a field a hand edit changed,
    /// the rest of the line (and file) intact, so the value reaches the checks past the syntax.
    /// `lines` limits which lines (0-based) are edited.
    public mutating func replaceWord(in text: String, lines chosen: Range<Int>? = nil, tokens: [String] = Mutator.edgeTokens) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let range = (chosen ?? 0..<lines.count).clamped(to: 0..<lines.count)
        guard !range.isEmpty else { return text }
        let l = range.lowerBound + below(range.count)
        var words = lines[l].split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        words[below(words.count)] = pick(tokens)
        lines[l] = words.joined(separator: " ")
        return lines.joined(separator: "\n")
    }

    /// `mutate` on text; sometimes also turns every LF into CRLF, as a Windows editor would.
    public mutating func mutate(_ text: String, tokens: [String] = Mutator.edgeTokens) -> String {
        var bytes = mutate(Array(text.utf8), tokens: tokens)
        if below(8) == 0 {
            bytes = bytes.flatMap { $0 == 10 ? [13, 10] : [$0] }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
