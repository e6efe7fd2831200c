/// Runs layers one after another; the body of the network and of every block.
struct LayerSequence {
    var layers: [RuntimeLayer]

    func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        layers.reduce(input) { $1.forward($0, context) }
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
