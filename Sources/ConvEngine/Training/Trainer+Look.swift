extension Trainer {
    /// Every layer's activations for one image at test time (dropout off, batch-norm running
    /// statistics), with nothing trained and no gradients: how a saved net is looked at without
    /// changing it. Shapes: image [C, H, W] = the network's input -> a snapshot of example 0.
    public func look(at image: [Float], label: Int) -> NetworkSnapshot {
        let input = Tensor(batch: 1, volume: network.spec.input, data: image)
        let probabilities = predict(input).data
        let depths = Dictionary(network.shapes.rows.map { ($0.name, $0.depth) }, uniquingKeysWith: { a, _ in a })
        var layers: [NetworkSnapshot.Layer] = []
        for layer in network.allLayers {
            guard let out = layer.lastOutput, out.batch == 1 else { continue }
            let weight = layer.parameters.first
            layers.append(NetworkSnapshot.Layer(
                name: layer.name, kind: layer.kind, depth: depths[layer.name] ?? 0, output: layer.outputVolume,
                activations: Array(out.example(0)), activationGradients: nil,
                weights: weight?.value, weightGradients: nil, weightShape: weight?.shape))
        }
        return NetworkSnapshot(example: 0, input: image, inputGradient: nil, label: label, probabilities: probabilities, layers: layers)
    }
}
