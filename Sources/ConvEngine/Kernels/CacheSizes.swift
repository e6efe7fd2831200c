import Foundation

/// The data cache sizes of the CPU this runs on, read once from Linux's sysfs
/// (/sys/devices/system/cpu/cpu0/cache/index*/{level,type,size}); where that is missing (macOS,
/// containers hiding sysfs) the common 32 KiB L1d and 1 MiB L2 of the machines the GEMM was
/// tuned on. `GEMMBlocking` derives the GEMM's block sizes from these.
public struct CacheSizes: Sendable, Hashable {
    public var l1Data: Int
    public var l2: Int

    public static let fallback = CacheSizes(l1Data: 32 << 10, l2: 1 << 20)

    /// This machine's, read at first use.
    public static let current: CacheSizes = read(directory: "/sys/devices/system/cpu/cpu0/cache") ?? fallback

    /// Reads index0, index1, ... under `directory`; nil when no data or unified L1 and L2 appear.
    static func read(directory: String) -> CacheSizes? {
        var l1: Int?, l2: Int?
        for index in 0..<16 {
            let base = "\(directory)/index\(index)/"
            guard let level = contents(base + "level").flatMap({ Int($0) }),
                  let type = contents(base + "type"),
                  let size = contents(base + "size").flatMap(parseSize) else { continue }
            guard type == "Data" || type == "Unified" else { continue }
            if level == 1 { l1 = size } else if level == 2 { l2 = size }
        }
        guard let l1, let l2 else { return nil }
        return CacheSizes(l1Data: l1, l2: l2)
    }

    private static func contents(_ path: String) -> String? {
        (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// sysfs writes sizes as "32K", "1024K", "36608K" or "8M"; plain numbers are bytes.
    static func parseSize(_ text: String) -> Int? {
        guard let last = text.last else { return nil }
        let unit: Int, digits: Substring
        switch last {
        case "K", "k": unit = 1 << 10; digits = text.dropLast()
        case "M", "m": unit = 1 << 20; digits = text.dropLast()
        case "G", "g": unit = 1 << 30; digits = text.dropLast()
        default: unit = 1; digits = Substring(text)
        }
        guard let n = Int(digits), n > 0 else { return nil }
        return n * unit
    }
}

/// The GEMM's cache blocking (Goto's scheme; GEMMDriver) for given cache sizes:
/// - kc, the k-depth of a block: one kc x 32 B micro-panel fills L1d (kc * 32 * 4 bytes), so it
///   stays there while A micro-panels stream past; at most 256, the row stride the RowA
///   micro-kernels are compiled for (GEMMMicroKernel.aRowStride).
/// - nc, the columns of a packed B block: kc x nc floats fill L2.
/// - mc, the rows of a packed A block: mc x kc floats take an eighth of L2, in whole 12-row panels.
/// On 32 KiB L1d / 1 MiB L2 (Cascade Lake, Zen 4) this gives kc 256, nc 1024, mc 120, the
/// constants measured best there by hand.
struct GEMMBlocking: Sendable, Hashable {
    var kc: Int
    var mc: Int
    var nc: Int

    init(kc: Int, mc: Int, nc: Int) {
        self.kc = kc
        self.mc = mc
        self.nc = nc
    }

    init(_ caches: CacheSizes) {
        let kc = max(16, min(GEMMMicroKernel.aRowStride, caches.l1Data / (GEMMMicroKernel.nr * 4)))
        let nc = max(GEMMMicroKernel.nr, caches.l2 / (kc * 4) / GEMMMicroKernel.nr * GEMMMicroKernel.nr)
        let mc = max(12, caches.l2 / 8 / (kc * 4) / 12 * 12)
        self.init(kc: kc, mc: mc, nc: nc)
    }

    static let current = GEMMBlocking(CacheSizes.current)
}
