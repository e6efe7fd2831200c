import Foundation
import TerminalKit

/// Number formats of the dashboard, short because every column counts at 80x24.
enum DashboardFormat {
    /// Two or three significant digits, exponents without padding: 0.51, 1.2e-5.
    static func short(_ v: Double, significant: Int = 2) -> String {
        var s = NumberFormat.compact(v, significant: significant)
        s = s.replacingOccurrences(of: "e-0", with: "e-").replacingOccurrences(of: "e+0", with: "e")
        return s.replacingOccurrences(of: "e+", with: "e")
    }

    static func short(_ v: Float, significant: Int = 2) -> String { short(Double(v), significant: significant) }

    /// "-0.51..1.2", or "-" when there is nothing to show.
    static func range(_ r: ClosedRange<Float>?) -> String {
        guard let r else { return "-" }
        return short(r.lowerBound) + ".." + short(r.upperBound)
    }

    static func percent(_ v: Double) -> String {
        v.isFinite ? NumberFormat.compact(v * 100, significant: 3) + "%" : "-"
    }

    /// 83 -> "1:23", 3725 -> "1:02:05".
    static func duration(_ seconds: Double) -> String {
        let t = Int(max(0, seconds))
        let h = t / 3600, m = (t / 60) % 60, s = t % 60
        func two(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return h > 0 ? "\(h):\(two(m)):\(two(s))" : "\(m):\(two(s))"
    }
}
