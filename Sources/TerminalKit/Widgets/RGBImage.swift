/// A small RGB picture in row-major order, built from whatever layout the caller has.
public struct RGBImage: Hashable, Sendable {
    public let width: Int
    public let height: Int
    public let pixels: [RGB]

    public init(width: Int, height: Int, pixels: [RGB]) {
        precondition(pixels.count == width * height, "RGBImage: \(pixels.count) pixels for \(width)x\(height)")
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    /// From interleaved bytes R,G,B,R,G,B... (3 * width * height).
    public init(width: Int, height: Int, interleaved bytes: [UInt8]) {
        precondition(bytes.count == 3 * width * height, "RGBImage: \(bytes.count) bytes for \(width)x\(height)x3")
        self.init(width: width, height: height, pixels: (0..<(width * height)).map {
            RGB(bytes[3 * $0], bytes[3 * $0 + 1], bytes[3 * $0 + 2])
        })
    }

    /// From planar bytes: all of R, then G, then B ([3,H,W], as CIFAR records store them).
    public init(width: Int, height: Int, planar bytes: [UInt8]) {
        let n = width * height
        precondition(bytes.count == 3 * n, "RGBImage: \(bytes.count) bytes for 3x\(height)x\(width)")
        self.init(width: width, height: height, pixels: (0..<n).map { RGB(bytes[$0], bytes[n + $0], bytes[2 * n + $0]) })
    }

    /// From float planes [3,H,W]. `range` maps to 0...255; nil scales by the planes' own
    /// min and max, which is how learned filters are usually shown (each by its own range).
    public init(width: Int, height: Int, planes: [Float], range: ClosedRange<Float>? = 0...1) {
        let n = width * height
        precondition(planes.count == 3 * n, "RGBImage: \(planes.count) floats for 3x\(height)x\(width)")
        let lo: Float, hi: Float
        if let range {
            lo = range.lowerBound
            hi = range.upperBound
        } else {
            let finite = planes.filter(\.isFinite)
            lo = finite.min() ?? 0
            hi = finite.max() ?? 1
        }
        let span = hi - lo
        func byte(_ v: Float) -> UInt8 {
            guard v.isFinite, span > 0 else { return span > 0 ? 0 : 128 }
            return UInt8(min(255, max(0, ((v - lo) / span * 255).rounded())))
        }
        self.init(width: width, height: height, pixels: (0..<n).map {
            RGB(byte(planes[$0]), byte(planes[n + $0]), byte(planes[2 * n + $0]))
        })
    }

    public subscript(x: Int, y: Int) -> RGB { pixels[y * width + x] }
}
