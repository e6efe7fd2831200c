import Foundation
import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/CacheSizes.swift: reading sysfs, and the GEMM blocking
/// derived from it (the products themselves are checked with small blockings in GEMMTests).
@Suite struct CacheSizesTests {
    @Test func sysfsSizeStrings() {
        #expect(CacheSizes.parseSize("32K") == 32_768)
        #expect(CacheSizes.parseSize("1280K") == 1_310_720)
        #expect(CacheSizes.parseSize("8M") == 8 << 20)
        #expect(CacheSizes.parseSize("4096") == 4096)
        #expect(CacheSizes.parseSize("") == nil)
        #expect(CacheSizes.parseSize("K") == nil)
        #expect(CacheSizes.parseSize("-3K") == nil)
    }

    func writeCacheDirectory(_ entries: [(level: Int, type: String, size: String)]) throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("convterm-cache-\(UUID().uuidString)")
        for (i, e) in entries.enumerated() {
            let dir = root.appendingPathComponent("index\(i)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try "\(e.level)\n".write(to: dir.appendingPathComponent("level"), atomically: true, encoding: .utf8)
            try "\(e.type)\n".write(to: dir.appendingPathComponent("type"), atomically: true, encoding: .utf8)
            try "\(e.size)\n".write(to: dir.appendingPathComponent("size"), atomically: true, encoding: .utf8)
        }
        return root
    }

    @Test func readsTheDataL1AndTheL2NotTheInstructionCache() throws {
        let root = try writeCacheDirectory([(1, "Data", "48K"), (1, "Instruction", "32K"), (2, "Unified", "1280K"), (3, "Unified", "49152K")])
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(CacheSizes.read(directory: root.path) == CacheSizes(l1Data: 48 << 10, l2: 1280 << 10))
        #expect(CacheSizes.read(directory: root.path + "/missing") == nil)
        let noL2 = try writeCacheDirectory([(1, "Data", "32K")])
        defer { try? FileManager.default.removeItem(at: noL2) }
        #expect(CacheSizes.read(directory: noL2.path) == nil)
    }

    @Test func blockingFromCacheSizes() {
        // The hand-tuned constants of 32 KiB / 1 MiB machines come out of the rule.
        #expect(GEMMBlocking(CacheSizes(l1Data: 32 << 10, l2: 1 << 20)) == GEMMBlocking(kc: 256, mc: 120, nc: 1024))
        // A bigger L1 cannot raise kc past the RowA kernels' row stride; a bigger L2 widens the blocks.
        #expect(GEMMBlocking(CacheSizes(l1Data: 48 << 10, l2: 1280 << 10)) == GEMMBlocking(kc: 256, mc: 156, nc: 1280))
        // Small caches give small blocks, never below one panel.
        #expect(GEMMBlocking(CacheSizes(l1Data: 16 << 10, l2: 256 << 10)) == GEMMBlocking(kc: 128, mc: 60, nc: 512))
        let tiny = GEMMBlocking(CacheSizes(l1Data: 1024, l2: 4096))
        #expect(tiny.kc == 16 && tiny.mc == 12 && tiny.nc == 64)
        #expect(GEMMBlocking.current.kc <= GEMMMicroKernel.aRowStride)
    }
}
