/// y = body(x) + shortcut(x), the shortcut being the identity or a projection (1x1 conv + BN).
/// Backward: the output gradient flows into both paths and their input gradients add.
/// The readable maths it must match: `ReferenceNetwork` (its residual case: body + shortcut, gradients into both) in Reference/.
public final class Residual: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    let body: LayerSequence
    let shortcut: LayerSequence?
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, kind: LayerKind, input: Volume, output: Volume, body: [RuntimeLayer], shortcut: [RuntimeLayer]?) {
        self.name = name
        self.kind = kind
        inputVolume = input
        outputVolume = output
        self.body = LayerSequence(layers: body)
        self.shortcut = shortcut.map { LayerSequence(layers: $0) }
    }

    public var children: [RuntimeLayer] { body.layers + (shortcut?.layers ?? []) }
    public var parameters: [Parameter] { body.parameters + (shortcut?.parameters ?? []) }

    /// Shapes: [N, inputVolume] -> [N, outputVolume].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let main = body.forward(input, context)
        let side = shortcut?.forward(input, context) ?? input
        // Into a new tensor: the body's last layer keeps `main` for its pictures, so adding in
        // place would copy it first, a pass more.
        var output = context.output(main.batch, outputVolume)
        main.data.withUnsafeBufferPointer { a in
            side.data.withUnsafeBufferPointer { b in
                output.data.withUnsafeMutableBufferPointer { y in
                    Elementwise.add(a.baseAddress!, b.baseAddress!, y.baseAddress!, count: y.count, threads: context.threads)
                }
            }
        }
        // Inference: both branch outputs are spent, unless one is the caller's input passed through.
        if let recycler = context.recycler {
            if !main.sharesStorage(with: input) { recycler.give(main) }
            if !side.sharesStorage(with: input) { recycler.give(side) }
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, outputVolume] -> [N, inputVolume].
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        var inputGradient = body.backward(outputGradient, context)
        let side = shortcut?.backward(outputGradient, context) ?? outputGradient
        side.data.withUnsafeBufferPointer { b in
            inputGradient.data.withUnsafeMutableBufferPointer { dx in
                Elementwise.add(dx.baseAddress!, b.baseAddress!, dx.baseAddress!, count: dx.count, threads: context.threads)
            }
        }
        return inputGradient
    }
}
