/// Runs layers one after another; the body of the network and of every block.
struct LayerSequence {
    var layers: [RuntimeLayer]

    func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        layers.reduce(input) { $1.forward($0, context) }
    }

    func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        layers.reversed().reduce(outputGradient) { $1.backward($0, context) }
    }

    var parameters: [Parameter] { layers.flatMap(\.parameters) }
}
