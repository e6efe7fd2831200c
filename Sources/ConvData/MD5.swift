import Foundation

/// MD5 (RFC 1321) in plain Swift, streaming, for one job: checking that a downloaded CIFAR
/// archive is byte-for-byte the official one. (MD5 is what the CIFAR site publishes; it guards
/// against truncated or corrupted downloads, not against tampering.)
public struct MD5: Sendable {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476)
    private var buffer = [UInt8](repeating: 0, count: 64)
    private var buffered = 0
    private var length: UInt64 = 0

    public init() {}

    public mutating func update<C: Collection<UInt8>>(_ bytes: C) {
        // Arrays, slices and Data take the block-at-a-time path; byte by byte is 20x slower.
        let done: Bool? = bytes.withContiguousStorageIfAvailable { update(UnsafeRawBufferPointer($0)); return true }
        if done == true { return }
        length &+= UInt64(bytes.count)
        var iterator = bytes.makeIterator()
        // Fill the pending block first; then whole 64-byte blocks.
        while let byte = iterator.next() {
            buffer[buffered] = byte
            buffered += 1
            if buffered == 64 {
                buffer.withUnsafeBytes { processBlock($0.baseAddress!) }
                buffered = 0
            }
        }
    }

    /// Fast path for contiguous bytes: whole blocks are hashed in place.
    public mutating func update(_ raw: UnsafeRawBufferPointer) {
        var offset = 0
        length &+= UInt64(raw.count)
        while buffered > 0 && offset < raw.count {
            buffer[buffered] = raw[offset]
            buffered += 1
            offset += 1
            if buffered == 64 {
                buffer.withUnsafeBytes { processBlock($0.baseAddress!) }
                buffered = 0
            }
        }
        while raw.count - offset >= 64 {
            processBlock(raw.baseAddress! + offset)
            offset += 64
        }
        while offset < raw.count {
            buffer[buffered] = raw[offset]
            buffered += 1
            offset += 1
        }
    }

    public mutating func update(_ data: Data) {
        data.withUnsafeBytes { update($0) }
    }

    /// The 16-byte digest; the hasher should not be used afterwards.
    public mutating func finalize() -> [UInt8] {
        let bitLength = length &* 8
        var tail: [UInt8] = [0x80]
        let padded = (buffered + 1) % 64
        tail += [UInt8](repeating: 0, count: padded <= 56 ? 56 - padded : 120 - padded)
        for i in 0..<8 { tail.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        let saved = length
        update(tail)
        length = saved
        var out: [UInt8] = []
        for word in [state.0, state.1, state.2, state.3] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) }
        }
        return out
    }

    /// Lowercase hex digest of `bytes`.
    public static func hex<C: Collection<UInt8>>(_ bytes: C) -> String {
        var md5 = MD5()
        md5.update(bytes)
        return hexString(md5.finalize())
    }

    /// Lowercase hex digest of a file, read 1 MiB at a time.
    public static func hex(ofFile url: URL) throws -> String {
        let handle = try FileHandle(forReadingFrom: url)
        defer { try? handle.close() }
        var md5 = MD5()
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            md5.update(chunk)
        }
        return hexString(md5.finalize())
    }

    public static func hexString(_ digest: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(digest.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 15)]] })
    }

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(abs(sin(i + 1)) * 2^32), the RFC's table T.
    private static let constants: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296)) }

    private mutating func processBlock(_ block: UnsafeRawPointer) {
        state = withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 16) { m in
            for i in 0..<16 { m[i] = UInt32(littleEndian: block.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self)) }
            var (a, b, c, d) = state
            for i in 0..<64 {
                var f: UInt32
                let g: Int
                switch i {
                case 0..<16: f = (b & c) | (~b & d); g = i
                case 16..<32: f = (d & b) | (~d & c); g = (5 * i + 1) % 16
                case 32..<48: f = b ^ c ^ d; g = (3 * i + 5) % 16
                default: f = c ^ (b | ~d); g = (7 * i) % 16
                }
                f = f &+ a &+ Self.constants[i] &+ m[g]
                a = d
                d = c
                c = b
                let s = Self.shifts[i]
                b = b &+ ((f << s) | (f >> (32 - s)))
            }
            return (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
        }
    }
}
