import Foundation

/// How smooth a layer's filters are: the *low-frequency share*. For each filter, the energy of
/// its 2-D DFT (summed over input channels) at the nine lowest frequencies (u, v in {0, +1, -1})
/// over its total energy; averaged over the filters.
///
/// Why this number: it is what separates a learned first layer (edges, colour blobs: 0.75 and
/// up) from noise (white noise spreads energy evenly, 9/25 = 0.36 for 5x5), so a demo can say
/// "the filters became filters" with a measurement instead of a picture.
public enum FilterFrequency {
    /// Shape: weights [K, C, kh, kw]. Nil for kernels smaller than 4x4: in a 3x3 kernel the nine
    /// "lowest" frequencies are all of them, and the share would read 1 whatever the filters are.
    public static func lowFrequencyShare(weights: [Float], filters: Int, channels: Int, height: Int, width: Int) -> Double? {
        guard height >= 4, width >= 4, filters > 0, weights.count == filters * channels * height * width else { return nil }
        let lowU: Set<Int> = [0, 1, height - 1], lowV: Set<Int> = [0, 1, width - 1]
        var shareSum = 0.0
        var counted = 0
        for k in 0..<filters {
            var low = 0.0, total = 0.0
            for u in 0..<height {
                for v in 0..<width {
                    var energy = 0.0
                    for c in 0..<channels {
                        let base = (k * channels + c) * height * width
                        // DFT coefficient F(u, v) = sum over (y, x) of w(y, x) e^{-2 pi i (uy/h + vx/w)}.
                        var re = 0.0, im = 0.0
                        for y in 0..<height {
                            for x in 0..<width {
                                let angle = -2 * Double.pi * (Double(u * y) / Double(height) + Double(v * x) / Double(width))
                                let w = Double(weights[base + y * width + x])
                                re += w * cos(angle)
                                im += w * sin(angle)
                            }
                        }
                        energy += re * re + im * im
                    }
                    total += energy
                    if lowU.contains(u) && lowV.contains(v) { low += energy }
                }
            }
            guard total > 0 else { continue }
            shareSum += low / total
            counted += 1
        }
        return counted == 0 ? nil : shareSum / Double(counted)
    }

    /// The share of the network's first convolution and what white noise would give for its
    /// kernel size (9 / (kh kw)); nil when it has no convolution of 4x4 or more.
    public static func firstLayer(_ network: Network) -> (share: Double, noise: Double)? {
        guard let conv = network.allLayers.lazy.compactMap({ $0 as? Convolution }).first else { return nil }
        let g = conv.geometry
        guard let share = lowFrequencyShare(weights: conv.weight.value, filters: g.outChannels, channels: g.inChannels,
                                            height: g.kernelHeight, width: g.kernelWidth) else { return nil }
        return (share, 9 / Double(g.kernelHeight * g.kernelWidth))
    }
}
