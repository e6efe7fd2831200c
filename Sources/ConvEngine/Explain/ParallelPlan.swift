/// What each worker holds and sends when a network is trained on two or more machines, computed
/// from `NetworkShapes` (nothing is allocated): data parallelism (every worker has the whole model
/// and a share of the batch) vs model parallelism (the layers split in two, the batch whole).
public struct ParallelPlan: Sendable {
    public enum Strategy: String, Sendable { case data, model }

    public struct Worker: Sendable {
        /// "layers input..pool5" or "all layers".
        public var layers: String
        public var firstLayer: String
        public var lastLayer: String
        /// Parameters this worker stores (and updates).
        public var params: Int
        /// Activations it stores for one step (forward values of its layers for its images).
        public var activations: Int
        /// Numbers it sends per step (gradients, or activations and their gradients).
        public var sends: Int
        /// Bytes of parameters + stored activations, Float32.
        public var bytes: Int { (params + activations) * 4 }
    }

    public var strategy: Strategy
    public var batch: Int
    public var workers: [Worker]
    /// Model parallelism: the layer after which the second worker takes over.
    public var splitAfter: String?

    /// Top-level rows with the rows nested inside each (a block's activations live in its children).
    static func topLevel(_ shapes: NetworkShapes) -> [(row: LayerShape, params: Int, activations: Int)] {
        var out: [(LayerShape, Int, Int)] = []
        for row in shapes.rows {
            if row.depth == 0 {
                out.append((row, row.isBlock ? 0 : row.params, row.activations))
            } else if !out.isEmpty {
                out[out.count - 1].1 += row.isBlock ? 0 : row.params
                out[out.count - 1].2 += row.activations
            }
        }
        return out
    }

    /// Every worker keeps all parameters and `batch / workers` images' activations, and sends its
    /// whole gradient each step (an all-reduce moves about that much per worker).
    public static func data(_ shapes: NetworkShapes, workers: Int = 2, batch: Int) -> ParallelPlan {
        let workers = max(1, workers)
        let rows = topLevel(shapes)
        let perImage = shapes.forwardActivations
        let ws = (0..<workers).map { w -> Worker in
            let images = batch * (w + 1) / workers - batch * w / workers
            return Worker(layers: "all layers", firstLayer: rows.first?.row.name ?? "", lastLayer: rows.last?.row.name ?? "",
                          params: shapes.totalParams, activations: images * perImage, sends: shapes.totalParams)
        }
        return ParallelPlan(strategy: .data, batch: batch, workers: ws, splitAfter: nil)
    }

    /// Two workers: layers up to and including `splitAfter` on the first, the rest on the second.
    /// With no `splitAfter`, the split that makes the two parameter counts closest. Each sends
    /// the boundary volume forward (worker 1) or its gradient backward (worker 2), per image.
    public static func model(_ shapes: NetworkShapes, batch: Int, splitAfter: String? = nil) -> ParallelPlan {
        let rows = topLevel(shapes)
        precondition(rows.count >= 3, "a model split needs at least two layers after the input")
        let total = rows.reduce(0) { $0 + $1.params }
        // Split index s: rows[0...s] on worker 1, rows[(s+1)...] on worker 2; s >= 1 keeps a layer on each.
        var best = 1
        if let name = splitAfter, let i = rows.firstIndex(where: { $0.row.name == name }), i >= 1, i < rows.count - 1 {
            best = i
        } else {
            var bestGap = Int.max
            var running = 0
            for s in 0..<(rows.count - 1) {
                running += rows[s].params
                let gap = abs(total - 2 * running)
                if s >= 1 && gap < bestGap { bestGap = gap; best = s }
            }
        }
        let first = rows[...best], second = rows[(best + 1)...]
        let boundary = rows[best].row.output.count * batch
        func worker(_ part: ArraySlice<(row: LayerShape, params: Int, activations: Int)>) -> Worker {
            Worker(layers: "\(part.first!.row.name)..\(part.last!.row.name)", firstLayer: part.first!.row.name,
                   lastLayer: part.last!.row.name, params: part.reduce(0) { $0 + $1.params },
                   activations: batch * part.reduce(0) { $0 + $1.activations }, sends: boundary)
        }
        return ParallelPlan(strategy: .model, batch: batch, workers: [worker(first), worker(second)], splitAfter: rows[best].row.name)
    }
}
