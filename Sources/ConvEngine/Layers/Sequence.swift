/// Runs layers one after another; the body of the network and of every block.
struct LayerSequence {
    var layers: [RuntimeLayer]

    func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        var x = input
        for layer in layers {
            let y = context.profiler.map { $0.time(layer, .forward) { layer.forward(x, context) } } ?? layer.forward(x, context)
            // Activations made here go back for reuse once read; the caller's input (even passed
            // through by a first dropout or flatten) stays its own.
            if let recycler = context.recycler, !y.sharesStorage(with: x), !x.sharesStorage(with: input) { recycler.give(x) }
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
            gradient = c.profiler.map { [gradient] in $0.time(layer, .backward) { layer.backward(gradient, c) } } ?? layer.backward(gradient, c)
        }
        return gradient
    }

    var parameters: [Parameter] { layers.flatMap(\.parameters) }
}
