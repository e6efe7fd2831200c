/// A problem in a `.net` text or in its shapes, written for a human: where, what, and what would fit.
public struct SpecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file it came from, when known (the caller fills it in: the parser only sees text).
    public var file: String?
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation, file: String? = nil) {
        self.message = message
        self.location = location
        self.file = file
    }

    public var description: String {
        "\(file ?? "<spec>"):\(location.line):\(location.column): \(message)"
    }

    public func inFile(_ name: String) -> SpecError {
        var copy = self
        copy.file = name
        return copy
    }
}

/// Closest candidate by edit distance, for "did you mean" hints; nil when nothing is close.
public func closestMatch(to word: String, in candidates: [String]) -> String? {
    func distance(_ a: [Character], _ b: [Character]) -> Int {
        var previous = Array(0...b.count)
        for (i, ca) in a.enumerated() {
            var current = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, cb) in b.enumerated() {
                current[j + 1] = Swift.min(previous[j + 1] + 1, current[j] + 1, previous[j] + (ca == cb ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
    let w = Array(word.lowercased())
    let best = candidates.map { ($0, distance(w, Array($0.lowercased()))) }.min { $0.1 < $1.1 }
    guard let best, best.1 <= Swift.max(1, w.count / 3) else { return nil }
    return best.0
}
