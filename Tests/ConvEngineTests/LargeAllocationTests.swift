import Foundation
import Testing
@testable import ConvEngine

/// Tests for Sources/ConvEngine/Kernels/LargeAllocation.swift: alignment, usable memory, and on
/// Linux that the kernel recorded the huge-page advice on the mapping (VmFlags "hg" in smaps).
@Suite struct LargeAllocationTests {
    @Test func smallBuffersAreCacheLineAligned() {
        for count in [1, 17, 384, 100_000] {
            let p = LargeAllocation.floats(count)
            #expect(Int(bitPattern: p) % 64 == 0, "\(count) floats at \(p)")
            p[count - 1] = 1.5
            #expect(p[count - 1] == 1.5)
            LargeAllocation.deallocate(p)
        }
    }

    /// The VmFlags line of the /proc/self/smaps mapping that holds `address`, nil when none does.
    func vmFlags(containing address: UInt) throws -> String? {
        // Read to the end: /proc files report size 0, so a size-first read would see nothing.
        let handle = try #require(FileHandle(forReadingAtPath: "/proc/self/smaps"))
        let smaps = String(decoding: handle.readDataToEndOfFile(), as: UTF8.self)
        var inside = false
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let range = fields.first, range.contains("-"), !range.hasSuffix(":") {
                let bounds = range.split(separator: "-").compactMap { UInt($0, radix: 16) }
                inside = bounds.count == 2 && bounds[0] <= address && address < bounds[1]
            } else if inside, line.hasPrefix("VmFlags:") {
                return String(line)
            }
        }
        return nil
    }

    static let linuxWithTHP: Bool = {
        #if os(Linux)
        let setting = (try? String(contentsOfFile: "/sys/kernel/mm/transparent_hugepage/enabled", encoding: .utf8)) ?? ""
        return !setting.isEmpty && !setting.contains("[never]")
        #else
        return false
        #endif
    }()

    @Test func bigBuffersAreHugePageAligned() {
        let count = 6 << 20 / 4 + 5    // a little over 6 MiB: not a multiple of the huge page
        let p = LargeAllocation.floats(count)
        defer { LargeAllocation.deallocate(p) }
        #if os(Linux)
        #expect(Int(bitPattern: p) % LargeAllocation.hugePage == 0)
        #endif
        p.update(repeating: 2, count: count)
        #expect(p[0] == 2 && p[count - 1] == 2)
    }

    @Test(.enabled(if: linuxWithTHP, "needs Linux with transparent huge pages not set to [never]"))
    func bigBuffersCarryTheHugePageAdvice() throws {
        let p = LargeAllocation.floats(6 << 20 / 4)
        defer { LargeAllocation.deallocate(p) }
        let flags = try #require(try vmFlags(containing: UInt(bitPattern: p)), "no mapping holds the buffer")
        #expect(flags.split(separator: " ").contains("hg"), "\(flags)")
    }
}
