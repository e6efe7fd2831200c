/// Adds the per-thread partial parameter gradients of a convolution-like layer to its parameters.
/// Shapes: `partials` holds `parts` blocks of `weight.count + (bias?.count ?? 0)` floats, each a
/// thread's [weights..., biases...]; they are added in a fixed order (thread 0, 1, ...), which keeps
/// results bit-identical however the threads were scheduled.
enum PartialGradients {
    static func add(_ partials: UnsafeMutableBufferPointer<Float>, parts: Int, to weight: Parameter, bias: Parameter?) {
        let wCount = weight.count, bCount = bias?.count ?? 0, stride = wCount + bCount
        weight.gradient.withUnsafeMutableBufferPointer { gw in
            for part in 0..<parts {
                let p = partials.baseAddress! + part * stride
                for j in 0..<wCount { gw[j] += p[j] }
            }
        }
        bias?.gradient.withUnsafeMutableBufferPointer { gb in
            for part in 0..<parts {
                let p = partials.baseAddress! + part * stride + wCount
                for j in 0..<bCount { gb[j] += p[j] }
            }
        }
    }
}
