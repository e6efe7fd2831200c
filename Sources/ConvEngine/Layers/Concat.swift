/// Inception-style: every branch sees the same input; outputs are stacked along depth.
/// Backward: each branch gets its slice of the output gradient; input gradients add.
/// The readable maths it must match: `ReferenceNetwork` (its concat case: slices of the gradient, input gradients summed) in Reference/.
public final class Concat: RuntimeLayer {
    public let name: String
    public let kind: LayerKind
    public let inputVolume: Volume
    public let outputVolume: Volume
    let branches: [LayerSequence]
    let depths: [Int]
    public private(set) var lastOutput: Tensor?
    public private(set) var lastOutputGradient: Tensor?

    init(name: String, kind: LayerKind, input: Volume, output: Volume, branches: [[RuntimeLayer]]) {
        self.name = name
        self.kind = kind
        inputVolume = input
        outputVolume = output
        self.branches = branches.map { LayerSequence(layers: $0) }
        depths = branches.map { $0.last!.outputVolume.depth }
    }

    public var children: [RuntimeLayer] { branches.flatMap(\.layers) }
    public var parameters: [Parameter] { branches.flatMap(\.parameters) }

    /// Shapes: [N, C, H, W] -> [N, sum of branch depths, OH, OW].
    public func forward(_ input: Tensor, _ context: PassContext) -> Tensor {
        let n = input.batch, area = outputVolume.width * outputVolume.height
        var output = Tensor(zeros: n, outputVolume)
        var offset = 0
        for (branch, depth) in zip(branches, depths) {
            let part = branch.forward(input, context)
            for i in 0..<n {
                let src = i * depth * area, dst = (i * outputVolume.depth + offset) * area
                for j in 0..<(depth * area) { output.data[dst + j] = part.data[src + j] }
            }
            offset += depth
        }
        lastOutput = context.retainsActivations ? output : nil
        return output
    }

    /// Shapes: [N, sum of depths, OH, OW] -> [N, C, H, W].
    public func backward(_ outputGradient: Tensor, _ context: PassContext) -> Tensor {
        lastOutputGradient = outputGradient
        let n = outputGradient.batch, area = outputVolume.width * outputVolume.height
        var inputGradient = Tensor(zeros: n, inputVolume)
        var offset = 0
        for (branch, depth) in zip(branches, depths) {
            var slice = Tensor(zeros: n, branch.layers.last!.outputVolume)
            for i in 0..<n {
                let dst = i * depth * area, src = (i * outputVolume.depth + offset) * area
                for j in 0..<(depth * area) { slice.data[dst + j] = outputGradient.data[src + j] }
            }
            let dx = branch.backward(slice, context)
            for i in 0..<dx.data.count { inputGradient.data[i] += dx.data[i] }
            offset += depth
        }
        return inputGradient
    }
}
