/// Whether `groups G` fits a conv: its input depth and its filters must both split into G equal
/// groups. Checked with shapes, because only there is the input depth known.
enum GroupsCheck {
    /// nil when G divides both; else what is wrong and the nearest groups that would fit.
    static func problem(groups: Int, depth: Int, filters: Int) -> String? {
        guard depth % groups != 0 || filters % groups != 0 else { return nil }
        let fitting = (1...max(1, min(depth, filters))).filter { depth % $0 == 0 && filters % $0 == 0 }
        let nearest = fitting.sorted { abs($0 - groups) < abs($1 - groups) || (abs($0 - groups) == abs($1 - groups) && $0 < $1) }
        let suggestion = nearest.prefix(2).sorted().map { "groups \($0)" }.joined(separator: " or ")
        return "groups \(groups) must divide both the input depth \(depth) and the \(filters) filters; \(suggestion) would fit"
            + (depth == filters ? " (groups \(depth) is depthwise: one filter per channel)" : "")
    }
}
