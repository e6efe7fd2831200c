import ConvEngine

/// Min and max of one layer's numbers in the newest snapshot, computed once when the snapshot
/// arrives (the network column shows them for every layer, every frame).
public struct LayerStatistics: Hashable, Sendable {
    public var activations: ClosedRange<Float>?
    public var gradients: ClosedRange<Float>?
    public var weights: ClosedRange<Float>?
    public var weightGradients: ClosedRange<Float>?

    /// The finite range of `values`; nil when empty or when nothing is finite (a NaN layer).
    public static func range(_ values: [Float]?) -> ClosedRange<Float>? {
        guard let values, !values.isEmpty else { return nil }
        var lo = Float.infinity, hi = -Float.infinity
        values.withUnsafeBufferPointer { b in
            for v in b where v.isFinite {
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
        }
        return lo <= hi ? lo...hi : nil
    }

    /// Statistics for every layer of a snapshot, keyed by layer name; the input is "input".
    public static func of(_ snapshot: NetworkSnapshot) -> [String: LayerStatistics] {
        var out: [String: LayerStatistics] = [:]
        out["input"] = LayerStatistics(activations: range(snapshot.input), gradients: range(snapshot.inputGradient))
        for layer in snapshot.layers {
            out[layer.name] = LayerStatistics(
                activations: range(layer.activations), gradients: range(layer.activationGradients),
                weights: range(layer.weights), weightGradients: range(layer.weightGradients))
        }
        return out
    }
}
