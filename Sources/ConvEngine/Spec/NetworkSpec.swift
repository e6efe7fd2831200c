/// A network as pure description: an input volume and a list of layers. Nothing is allocated;
/// `ShapeInference` derives every number from it and the runtime `Network` is built from it.
public struct NetworkSpec: Hashable, Sendable {
    public var input: Volume
    public var layers: [LayerSpec]
    /// Where the `input` line was written, for errors about the input itself.
    public var inputLocation: SourceLocation?
    /// The file's `loss` line; nil for a classifier (softmax cross-entropy on its scores).
    public var loss: LossSpec?

    public init(input: Volume, layers: [LayerSpec], inputLocation: SourceLocation? = nil, loss: LossSpec? = nil) {
        self.input = input
        self.layers = layers
        self.inputLocation = inputLocation
        self.loss = loss
    }

    public static func == (l: NetworkSpec, r: NetworkSpec) -> Bool {
        l.input == r.input && l.layers == r.layers && l.loss == r.loss
    }
    public func hash(into hasher: inout Hasher) {
        hasher.combine(input)
        hasher.combine(layers)
        hasher.combine(loss)
    }

    /// The same network on another input size (the inspector's `i` key, `summary --input`).
    public func withInput(_ volume: Volume) -> NetworkSpec {
        var copy = self
        copy.input = volume
        return copy
    }
}
