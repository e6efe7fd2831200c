import TerminalKit

/// Where each panel goes for a terminal size. Three tiers, chosen by size: compact (80x24, the
/// smallest supported), medium (about 120x40) and large (about 200x60, a projector).
public struct DashboardLayout: Hashable, Sendable {
    public enum Tier: String, Sendable { case compact, medium, large }

    public static let minimum = Size(width: 80, height: 24)

    public var tier: Tier
    public var status: Rect
    public var network: Rect
    public var layerView: Rect
    public var example: Rect
    public var curves: Rect
    public var stats: Rect
    public var message: Rect
    public var footer: Rect
    /// A lesson task's lines under the status bar (zero when there is no task).
    public var task: Rect = .zero
    /// Lines under the network table describing the selected layer (medium and large tiers).
    public static let detailLines = 4

    public static func tier(for size: Size) -> Tier {
        if size.width >= 180 && size.height >= 52 { return .large }
        if size.width >= 110 && size.height >= 34 { return .medium }
        return .compact
    }

    /// The layout for a grid of `size` (at least `minimum`), with `layerCount` rows in the network column.
    public init(size: Size, layerCount: Int, zoomed: Bool = false, taskLines: Int = 0) {
        let all = Rect(x: 0, y: 0, width: size.width, height: size.height)
        let rows = all.split(.vertical, [.fixed(1), .fixed(taskLines), .fill, .fixed(1), .fixed(1)])
        status = rows[0]
        if taskLines > 0 { task = rows[1] }
        message = rows[3]
        footer = rows[4]
        let body = rows[2]
        tier = DashboardLayout.tier(for: size)
        if zoomed {
            layerView = body
            network = .zero
            example = .zero
            curves = .zero
            stats = .zero
            return
        }
        switch tier {
        case .compact:
            // Top: network column | layer view. Bottom strip: example | stats | loss curve.
            let parts = body.split(.vertical, [.fill, .fixed(8)])
            let top = parts[0].split(.horizontal, [.fixed(37), .fill], spacing: 1)
            network = top[0]
            layerView = top[1]
            let bottom = parts[1].split(.horizontal, [.fixed(31), .fixed(27), .fill], spacing: 1)
            example = bottom[0]
            stats = bottom[1]
            curves = bottom[2]
        case .medium, .large:
            // Left: network column (a line per layer, then the selected layer's details), stats,
            // curves. Right: the layer view over the example panel.
            let wide = tier == .large
            let cols = body.split(.horizontal, [.fixed(wide ? 82 : 66), .fill], spacing: 1)
            let statsHeight = wide ? 9 : 8
            let networkHeight = min(1 + layerCount + DashboardLayout.detailLines + 1, cols[0].height - statsHeight - 10)
            let left = cols[0].split(.vertical, [.fixed(networkHeight), .fixed(statsHeight), .fill], spacing: 1)
            network = left[0]
            stats = left[1]
            curves = left[2]
            let right = cols[1].split(.vertical, [.fill, .fixed(wide ? 20 : 10)], spacing: 1)
            layerView = right[0]
            example = right[1]
        }
    }
}
