import ConvData
import Foundation
import Testing

@Suite struct MD5Tests {
    @Test(arguments: [
        ("", "d41d8cd98f00b204e9800998ecf8427e"),
        ("a", "0cc175b9c0f1b6a831c399e269772661"),
        ("abc", "900150983cd24fb0d6963f7d28e17f72"),
        ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
        ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a"),
    ])
    func rfc1321TestSuite(input: String, digest: String) {
        #expect(MD5.hex(Array(input.utf8)) == digest)
    }

    @Test func streamingInOddPiecesEqualsOneShot() throws {
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ 7) }
        let whole = MD5.hex(bytes)
        var md5 = MD5()
        var offset = 0
        for size in [1, 63, 64, 65, 1000, 3, 127] + [Int](repeating: 500, count: 20) where offset < bytes.count {
            let end = min(offset + size, bytes.count)
            Data(bytes[offset..<end]).withUnsafeBytes { md5.update($0) }
            offset = end
        }
        md5.update(bytes[offset...])
        #expect(MD5.hexString(md5.finalize()) == whole)

        let dir = try TemporaryDirectory()
        defer { dir.remove() }
        let url = try dir.write(bytes, to: "blob")
        #expect(try MD5.hex(ofFile: url) == whole)
        #expect(whole != MD5.hex(bytes.dropLast()))
    }
}
