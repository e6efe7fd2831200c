import ConvEngine
import Foundation

/// How the inspector writes the engine's numbers. Only formatting lives here: every value comes
/// from `NetworkShapes`, `NetworkBreakdown` or `LayerComparison`.
enum InspectFormat {
    /// MB = 10^6 bytes, as torchinfo and the summary command print it.
    static func bytes(_ b: Int) -> String {
        if b >= 1_000_000 { return String(format: "%.2f MB", Double(b) / 1e6) }
        if b >= 1_000 { return String(format: "%.1f KB", Double(b) / 1e3) }
        return "\(b) B"
    }

    static func percent(_ fraction: Double) -> String {
        let p = fraction * 100
        if p > 0 && p < 0.1 { return "<0.1%" }
        return String(format: "%.1f%%", p)
    }

    static func factor(_ x: Double) -> String {
        if x >= 1000 { return Int(x.rounded()).grouped + "x" }
        if x >= 10 { return String(format: "%.0fx", x) }
        return String(format: "%.2fx", x)
    }

    static func receptiveField(_ row: LayerShape) -> String {
        let rf = row.receptiveField
        return rf.height == rf.width ? "\(rf.height)" : "\(rf.height)x\(rf.width)"
    }

    static func output(_ row: LayerShape) -> String { row.unknown ? "?" : row.output.description }

    static func spec(_ row: LayerShape) -> String {
        guard let kind = row.kind else { return "input \(row.output)" }
        return LayerSpec(kind).lineText.replacingOccurrences(of: " {", with: "")
    }
}
