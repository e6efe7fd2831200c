import Foundation

/// What a training run will hold in memory, estimated from shapes alone (nothing allocated):
/// checked before a run starts, so `--batch 100000` or `fc 100000` is refused with the numbers
/// instead of growing until the kernel kills the process.
public struct TrainingMemory: Sendable, Equatable {
    /// Weights, their gradients and the optimizer's slots (0 for SGD, 1 for momentum, 2 for Adam/Adadelta).
    public var parameterBytes: Int
    /// Activations and their gradients for a whole batch (each layer keeps its input for backward).
    public var activationBytes: Int
    /// The largest convolution's im2col buffer, one per thread.
    public var workspaceBytes: Int

    /// Saturates at Int.max: an absurd network must be refused, never wrap around to a small number.
    public var totalBytes: Int { parameterBytes.saturatingAdd(activationBytes).saturatingAdd(workspaceBytes) }

    public init(_ shapes: NetworkShapes, batch: Int, optimizerSlots: Int, threads: Int) {
        let params = shapes.totalParams
        parameterBytes = params.saturatingTimes(4 * (2 + optimizerSlots))
        // Forward outputs, their gradients, and the copies a layer keeps: about 3 floats per activation.
        let perExample = shapes.forwardActivations.saturatingTimes(12)
        activationBytes = perExample.saturatingTimes(batch)
        var largest = 0
        for row in shapes.layerRows {
            switch row.kind {
            case .conv(let c)?:
                let patch = c.kernelHeight * c.kernelWidth * row.input.depth / c.groups
                largest = max(largest, patch.saturatingTimes(row.output.width.saturatingTimes(row.output.height)))
            case .deconv(let d)?:
                // The transposed conv unfolds over its input's pixels, N' x kh x kw taps each.
                let patch = d.kernelHeight * d.kernelWidth * d.filters
                largest = max(largest, patch.saturatingTimes(row.input.width.saturatingTimes(row.input.height)))
            default: continue
            }
        }
        workspaceBytes = largest.saturatingTimes(4 * max(1, threads))
    }

    /// The same run with another batch size (activations scale with it, the rest does not).
    public func resized(from batch: Int, to newBatch: Int) -> TrainingMemory {
        var m = self
        m.activationBytes = (activationBytes / max(1, batch)).saturatingTimes(newBatch)
        return m
    }

    /// Nil when the run fits in `available` bytes (with a quarter kept for everything else);
    /// otherwise a sentence with the estimate and what to change.
    public func refusal(available: UInt64 = ProcessInfo.processInfo.physicalMemory, batch: Int) -> String? {
        let budget = Double(available) * 0.75
        guard Double(parameterBytes) + Double(activationBytes) + Double(workspaceBytes) > budget else { return nil }
        func gib(_ bytes: Int) -> String { String(format: "%.1f GiB", Double(bytes) / 1_073_741_824) }
        var advice: [String] = []
        if activationBytes > parameterBytes && batch > 1 {
            let fitting = max(1, Int(Double(batch) * (budget - Double(parameterBytes + workspaceBytes)) / Double(max(1, activationBytes))))
            advice.append("a smaller --batch (about \(fitting) would fit)")
        }
        if parameterBytes > activationBytes { advice.append("fewer parameters (a smaller fc or conv layer)") }
        return "this run needs about \(gib(totalBytes)) (parameters and optimizer state \(gib(parameterBytes)), "
            + "activations for a batch of \(batch) \(gib(activationBytes)), workspace \(gib(workspaceBytes))) "
            + "but the machine has \(gib(Int(clamping: available))); try " + (advice.isEmpty ? "a smaller network" : advice.joined(separator: " or "))
    }
}
