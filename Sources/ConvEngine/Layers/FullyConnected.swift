/// Fully connected: every output sees every input value. One GEMM per batch.
/// The readable maths it must match: `ReferenceLayers.fcForward` / `fcBackward` in Reference/.
public final class FullyConnected: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    public let weight: Parameter   // [out, in]
    public let bias: Parameter?    // [out]
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    private var lastInput: Tensor?

    init(name: String, outputs: Int, hasBias: Bool, input: Volume, frozen: Bool) {
        self.name = name
        kind = .fullyConnected(outputs: outputs, bias: hasBias)
        inputVolume = input
        outputVolume = Volume(vector: outputs)
        weight = Parameter(name: "\(name).weight", shape: [outputs, input.count], isBias: false, frozen: frozen)
        bias = hasBias ? Parameter(name: "\(name).bias", shape: [outputs], isBias: true, frozen: frozen) : nil
    }

    public var parameters: [Parameter] { [weight] + (bias.map { [$0] } ?? []) }

    /// Shapes: input X [N, in] -> output Y [N, out] = X . W^T + b.
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        lastInput = context.retainsActivations ? input : nil
        let n = input.batch, fanIn = inputVolume.count, fanOut = outputVolume.count
        var output = context.output(n, outputVolume)
        if let bias {
            output.data.withUnsafeMutableBufferPointer { y in
                for i in 0..<n { for j in 0..<fanOut { y[i * fanOut + j] = bias.value[j] } }
            }
        }
        input.data.withUnsafeBufferPointer { x in
            weight.value.withUnsafeBufferPointer { w in
                output.data.withUnsafeMutableBufferPointer { y in
                    GEMM.multiply(transposeA: false, transposeB: true, m: n, n: fanOut, k: fanIn, alpha: 1,
                                  a: x.baseAddress!, lda: fanIn, b: w.baseAddress!, ldb: fanIn,
                                  beta: bias == nil ? 0 : 1, c: y.baseAddress!, ldc: fanOut, threads: context.threads)
                }
            }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: dY [N, out] -> dX [N, in] = dY . W; dW [out, in] += dY^T . X; db [out] += column sums of dY.
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let input = lastInput!
        let n = input.batch, fanIn = inputVolume.count, fanOut = outputVolume.count
        var inputGradient = Tensor(zeros: n, inputVolume)
        outputGradient.data.withUnsafeBufferPointer { dy in
            if !weight.frozen {
                input.data.withUnsafeBufferPointer { x in
                    weight.gradient.withUnsafeMutableBufferPointer { dw in
                        GEMM.multiply(transposeA: true, transposeB: false, m: fanOut, n: fanIn, k: n, alpha: 1,
                                      a: dy.baseAddress!, lda: fanOut, b: x.baseAddress!, ldb: fanIn,
                                      beta: 1, c: dw.baseAddress!, ldc: fanIn, threads: context.threads)
                    }
                }
                bias?.gradient.withUnsafeMutableBufferPointer { db in
                    for i in 0..<n { for j in 0..<fanOut { db[j] += dy[i * fanOut + j] } }
                }
            }
            weight.value.withUnsafeBufferPointer { w in
                inputGradient.data.withUnsafeMutableBufferPointer { dx in
                    GEMM.multiply(transposeA: false, transposeB: false, m: n, n: fanIn, k: fanOut, alpha: 1,
                                  a: dy.baseAddress!, lda: fanOut, b: w.baseAddress!, ldb: fanIn,
                                  beta: 0, c: dx.baseAddress!, ldc: fanIn, threads: context.threads)
                }
            }
        }
        return inputGradient
    }
}
