import Foundation

/// Writes an image set in the CIFAR-10 binary format, so a generated set (or a subset of real
/// data) can be saved, shared, and read back by any CIFAR-10 reader, this one included.
public enum CIFARWriter {
    /// The records of `set`: 1 label byte then 3,072 pixel bytes each. The set must hold
    /// 3x32x32 images with labels below 256.
    public static func cifar10Records(of set: ImageSet) -> Data {
        precondition(set.channels == 3 && set.height == 32 && set.width == 32, "CIFAR records hold 3x32x32 images")
        let size = CIFARFormat.cifar10.recordSize
        var data = Data(count: set.count * size)
        data.withUnsafeMutableBytes { raw in
            let out = raw.bindMemory(to: UInt8.self)
            for i in 0..<set.count {
                out[i * size] = UInt8(set.label(at: i))
                set.withPixels(at: i) { px in
                    for k in 0..<px.count { out[i * size + 1 + k] = px[k] }
                }
            }
        }
        return data
    }

    /// Writes `set` as a CIFAR-10 `.bin` file.
    public static func writeCIFAR10(_ set: ImageSet, to url: URL) throws {
        try cifar10Records(of: set).write(to: url)
    }
}
