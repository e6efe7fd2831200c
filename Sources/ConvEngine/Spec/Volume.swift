/// A W x H x D activation volume, written the lecture's way: "32x32x3" is width 32, height 32, depth 3.
public struct Volume: Hashable, Sendable, Codable, CustomStringConvertible {
    public var width: Int
    public var height: Int
    public var depth: Int

    public init(width: Int, height: Int, depth: Int) {
        self.width = width
        self.height = height
        self.depth = depth
    }

    /// A flat vector of `count` numbers, shown as 1x1xN like the lecture's FC rows.
    public init(vector count: Int) {
        self.init(width: 1, height: 1, depth: count)
    }

    public var count: Int { width * height * depth }

    public var description: String { "\(width)x\(height)x\(depth)" }

    /// Parses "32x32x3" (W x H x D) or "224x224" (depth 3 assumed by the caller); nil when malformed.
    public static func parse(_ text: String, defaultDepth: Int? = nil) -> Volume? {
        let parts = text.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int($0) }
        guard parts.allSatisfy({ $0 != nil && $0! > 0 }) else { return nil }
        switch parts.count {
        case 3: return Volume(width: parts[0]!, height: parts[1]!, depth: parts[2]!)
        case 2: return defaultDepth.map { Volume(width: parts[0]!, height: parts[1]!, depth: $0) }
        default: return nil
        }
    }
}
