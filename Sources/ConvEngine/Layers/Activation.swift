import Foundation

/// sigmoid, tanh or leaky ReLU, elementwise, no parameters. Backward reads what forward kept:
/// sigmoid's and tanh's slopes are functions of their outputs (y(1 - y) and 1 - y^2), leaky
/// ReLU's needs the sign of the input (a slope of 0 would hide it in the output).
/// The readable maths it must match: `ReferenceLayers.activationForward` / `activationBackward`.
public final class Activation: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let function: ActivationFunction
    public let inputVolume: Volume
    public var outputVolume: Volume { inputVolume }
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?
    private var lastInput: Tensor?

    init(name: String, function: ActivationFunction, volume: Volume) {
        self.name = name
        self.function = function
        kind = .activation(function)
        inputVolume = volume
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        var output = context.output(input.batch, inputVolume)
        let f = function
        input.data.withUnsafeBufferPointer { x in
            output.data.withUnsafeMutableBufferPointer { y in
                nonisolated(unsafe) let xp = x.baseAddress!, yp = y.baseAddress!
                Elementwise.chunks(y.count, threads: context.threads) { r in
                    switch f {
                    case .sigmoid:
                        // exp of a negative number only: no overflow for x = -100.
                        for i in r {
                            let v = xp[i]
                            if v >= 0 { yp[i] = 1 / (1 + Foundation.exp(-v)) } else { let e = Foundation.exp(v); yp[i] = e / (1 + e) }
                        }
                    case .tanh:
                        for i in r { yp[i] = Foundation.tanh(xp[i]) }
                    case .leakyReLU(let slope):
                        let a = Float(slope)
                        for i in r { yp[i] = xp[i] > 0 ? xp[i] : a * xp[i] }
                    }
                }
            }
        }
        if case .leakyReLU = f { lastInput = context.retainsActivations ? input : nil }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, C, H, W] -> [N, C, H, W]; dx = dy * f'(x).
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        guard let output = lastOutput else { preconditionFailure("backward before forward in \(name)") }
        let saved: Tensor
        if case .leakyReLU = function { saved = lastInput! } else { saved = output }
        var inputGradient = Tensor(uninitialized: outputGradient.batch, inputVolume)
        let f = function
        saved.data.withUnsafeBufferPointer { s in
            outputGradient.data.withUnsafeBufferPointer { dy in
                inputGradient.data.withUnsafeMutableBufferPointer { dx in
                    nonisolated(unsafe) let sp = s.baseAddress!, dyp = dy.baseAddress!, dxp = dx.baseAddress!
                    Elementwise.chunks(dx.count, threads: context.threads) { r in
                        switch f {
                        case .sigmoid: for i in r { dxp[i] = dyp[i] * sp[i] * (1 - sp[i]) }
                        case .tanh: for i in r { dxp[i] = dyp[i] * (1 - sp[i] * sp[i]) }
                        case .leakyReLU(let slope):
                            let a = Float(slope)
                            for i in r { dxp[i] = sp[i] > 0 ? dyp[i] : a * dyp[i] }
                        }
                    }
                }
            }
        }
        return inputGradient
    }
}
