/// IEEE 754 half precision (F16) to Float by bit manipulation: `Float16` is missing on some
/// platforms Swift supports (macOS on Intel), and the conversion is exact, so no rounding to get right.
enum HalfFloat {
    static func float(fromHalf h: UInt16) -> Float {
        let sign = UInt32(h >> 15) << 31
        let exponent = Int((h >> 10) & 0x1F)
        let mantissa = UInt32(h & 0x3FF)
        switch exponent {
        case 0:
            // Zero or subnormal: mantissa * 2^-24, exact in Float.
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign == 0 ? magnitude : -magnitude
        case 31:
            // Infinity or NaN: all-ones exponent, mantissa carried over.
            return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13))
        default:
            // Re-bias the exponent from 15 to 127 and widen the mantissa from 10 to 23 bits.
            return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | (mantissa << 13))
        }
    }
}
