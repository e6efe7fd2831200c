import Foundation
import ConvEngine

/// What an expression evaluates to: a number, or a volume such as 55x55x96.
public enum Value: Hashable, Sendable, CustomStringConvertible {
    case number(Double)
    case volume(Volume)

    public var number: Double? {
        if case .number(let n) = self { return n }
        return nil
    }

    public var description: String { ValueFormat.grouped.format(self) }
}

/// How a computed value is written: `{{ expr }}` groups thousands (14,450,688); `{{ expr | approx }}`
/// gives the lecture's rounded style (~14.5M); `| approx 2` keeps two significant digits (~35K);
/// `| plain` drops the grouping; `| mib` writes a byte count in MiB (the slide's "93MB");
/// `| fixed 2` keeps two decimals.
public enum ValueFormat: Hashable, Sendable {
    case grouped
    case plain
    case approx(significant: Int)
    case mib
    case fixed(Int)

    public static let names = ["approx", "plain", "mib", "fixed"]

    /// Parses the text after `|`, e.g. "approx 2".
    public static func parse(_ text: String) -> ValueFormat? {
        let words = text.split(separator: " ").map(String.init)
        guard let first = words.first else { return nil }
        let argument = words.count > 1 ? Int(words[1]) : nil
        if words.count > 2 || (words.count == 2 && argument == nil) { return nil }
        switch first {
        case "approx": return .approx(significant: max(1, min(argument ?? 3, 6)))
        case "plain" where argument == nil: return .plain
        case "mib" where argument == nil: return .mib
        case "fixed": return .fixed(max(0, min(argument ?? 1, 6)))
        default: return nil
        }
    }

    public func format(_ value: Value) -> String {
        switch value {
        case .volume(let v):
            return v.description
        case .number(let n):
            // The evaluator refuses non-finite results; a Value built elsewhere still must not trap.
            guard n.isFinite else { return n.isNaN ? "NaN" : n < 0 ? "-infinity" : "infinity" }
            switch self {
            case .grouped: return ValueFormat.number(n, grouping: true)
            case .plain: return ValueFormat.number(n, grouping: false)
            case .approx(let digits): return ValueFormat.approximate(n, significant: digits)
            case .mib: return ValueFormat.approximate(n / 1_048_576, significant: 3, suffixes: false) + " MiB"
            case .fixed(let places): return ValueFormat.fixed(n, places: places)
            }
        }
    }

    /// From here on numbers are written in scientific notation (1e+21), as JavaScript and
    /// Python do: 22 digits and more are unreadable in a lesson, and a Double holds only ~17.
    static let scientificFrom = 1e21
    /// Below this every whole number is an exact Double and fits an Int.
    static let exactWholeBelow = 9_007_199_254_740_992.0

    /// Whole numbers grouped by thousands; fractions with up to four decimals, trailing zeros cut.
    static func number(_ n: Double, grouping: Bool) -> String {
        if abs(n) >= scientificFrom { return n.description }
        if n.rounded() == n {
            let digits = wholeDigits(abs(n))
            return (n < 0 ? "-" : "") + (grouping ? grouped(digits) : digits)
        }
        var text = fixed(n, places: 4)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    static func fixed(_ n: Double, places: Int) -> String {
        if abs(n) >= scientificFrom { return n.description }
        let scale = (0..<places).reduce(1.0) { acc, _ in acc * 10 }
        let scaled = (abs(n) * scale).rounded()
        // Past 2^63 the scaled value no longer fits an Int (the old trap); a Double that large has
        // no fraction digits left to show anyway: its whole digits, then zeros.
        guard scaled < 0x1p63 else {
            let whole = wholeDigits(abs(n).rounded())
            return (n < 0 ? "-" : "") + grouped(whole) + (places > 0 ? "." + String(repeating: "0", count: places) : "")
        }
        let whole = Int(scaled / scale)
        let fraction = Int(scaled - Double(whole) * scale)
        var text = (n < 0 && scaled > 0 ? "-" : "") + whole.grouped
        if places > 0 {
            let digits = String(fraction)
            text += "." + String(repeating: "0", count: places - digits.count) + digits
        }
        return text
    }

    /// The exact decimal digits of a whole, non-negative Double below `scientificFrom`, which may
    /// exceed Int.max (2^63 ~ 9.2e18), so no Int conversion.
    static func wholeDigits(_ n: Double) -> String {
        n < exactWholeBelow ? String(Int(n)) : String(format: "%.0f", n)
    }

    /// "1234567" -> "1,234,567".
    static func grouped(_ digits: String) -> String {
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }

    /// "~14.5M", "~353K", "~138M"; exact small whole numbers are left alone (450 stays 450).
    static func approximate(_ n: Double, significant: Int, suffixes: Bool = true) -> String {
        let magnitude = abs(n)
        if magnitude >= scientificFrom * (suffixes ? 1e12 : 1) {
            var mantissa = String(format: "%.\(max(0, significant - 1))e", n)
            // "1.00e+300" -> "1e+300": trailing zeros of the mantissa say nothing.
            if let e = mantissa.firstIndex(of: "e"), mantissa[..<e].contains(".") {
                var head = String(mantissa[..<e])
                while head.hasSuffix("0") { head.removeLast() }
                if head.hasSuffix(".") { head.removeLast() }
                mantissa = head + mantissa[e...]
            }
            return (Double(mantissa) == n ? "" : "~") + mantissa
        }
        let units: [(Double, String)] = suffixes ? [(1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")] : []
        let (scale, suffix) = units.first { magnitude >= $0.0 } ?? (1, "")
        let scaled = n / scale
        guard scaled != 0 else { return "0" }
        // Round to `significant` digits.
        var digitsBefore = 0
        var m = abs(scaled)
        while m >= 1 { m /= 10; digitsBefore += 1 }
        let places = max(0, significant - max(1, digitsBefore))
        let factor = (0..<places).reduce(1.0) { acc, _ in acc * 10 }
        let dropFactor = (0..<max(0, digitsBefore - significant)).reduce(1.0) { acc, _ in acc * 10 }
        let rounded = ((scaled * factor / dropFactor).rounded()) * dropFactor / factor
        var text = fixed(rounded, places: places)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        let exact = rounded == scaled
        return (exact ? "" : "~") + text + suffix
    }
}
