/// Runs layers one after another; the body of the network and of every block.
struct LayerSequence {
    var layers: [RuntimeLayer]

    func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        var x = input
        for (index, layer) in layers.enumerated() {
            let y = layer.forward(x, context)
            // Activations made here go back for reuse once read; the caller's input stays its own.
            if index > 0, let recycler = context.recycler, !y.sharesStorage(with: x) { recycler.give(x) }
            x = y
        }
        return x
    }

    /// Only the first layer inherits `needsInputGradient`; every later one feeds a layer before it.
    func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        var gradient = outputGradient
        for (index, layer) in layers.enumerated().reversed() {
            var c = context
            if index > 0 { c.needsInputGradient = true }
            gradient = layer.backward(gradient, c)
        }
        return gradient
    }

    var parameters: [Parameter] { layers.flatMap(\.parameters) }
}
