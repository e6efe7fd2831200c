/// Compact numbers for axis labels and table cells, where every column counts.
public enum NumberFormat {
    /// At most `significant` significant digits, no trailing zeros, no exponent for ordinary
    /// magnitudes: 0.5, 12.3, 1500, 2.5e-05.
    public static func compact(_ v: Double, significant: Int = 3) -> String {
        if v.isNaN { return "nan" }
        if v.isInfinite { return v < 0 ? "-inf" : "inf" }
        if v == 0 { return "0" }
        let mag = abs(v)
        let e = decimalExponent(mag)
        if e >= 6 || e < -3 {
            return trimExponent(formatExponent(v, digits: Swift.max(0, significant - 1)))
        }
        let decimals = Swift.max(0, significant - 1 - decimalExponent(mag))
        return trimZeros(fixed(v, decimals: decimals))
    }

    /// floor(log10(v)) for v > 0, without Foundation (TerminalKit stays dependency-free).
    static func decimalExponent(_ v: Double) -> Int {
        guard v > 0, v.isFinite else { return 0 }
        var e = 0
        var m = v
        while m >= 10 { m /= 10; e += 1 }
        while m < 1 { m *= 10; e -= 1 }
        return e
    }

    static func fixed(_ v: Double, decimals: Int) -> String {
        let scale = pow10(decimals)
        let r = (abs(v) * scale).rounded()
        let whole = Int(r / scale)
        let frac = Int(r - Double(whole) * scale)
        var s = String(whole)
        if decimals > 0 {
            let f = String(frac)
            s += "." + String(repeating: "0", count: decimals - f.count) + f
        }
        return (v < 0 && r != 0 ? "-" : "") + s
    }

    static func formatExponent(_ v: Double, digits: Int) -> String {
        var e = decimalExponent(abs(v))
        var m = v / pow10(e)
        if abs((m * pow10(digits)).rounded()) >= 10 * pow10(digits) {
            e += 1
            m = v / pow10(e)
        }
        let es = e < 0 ? "-" + pad2(-e) : "+" + pad2(e)
        return fixed(m, decimals: digits) + "e" + es
    }

    static func pad2(_ v: Int) -> String { v < 10 ? "0\(v)" : "\(v)" }

    static func pow10(_ n: Int) -> Double {
        var r = 1.0
        if n >= 0 { for _ in 0..<n { r *= 10 } } else { for _ in 0..<(-n) { r /= 10 } }
        return r
    }

    static func trimZeros(_ s: String) -> String {
        guard s.contains(".") else { return s }
        var t = Substring(s)
        while t.last == "0" { t = t.dropLast() }
        if t.last == "." { t = t.dropLast() }
        return String(t)
    }

    static func trimExponent(_ s: String) -> String {
        guard let eIndex = s.firstIndex(of: "e") else { return s }
        return trimZeros(String(s[..<eIndex])) + s[eIndex...]
    }
}

