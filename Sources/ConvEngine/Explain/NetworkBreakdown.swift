/// Where a network's memory and parameters sit, row by row, for the inspector's bars: VGG-16's
/// activations pile up in the early conv layers and its parameters in the late FC layers.
public struct NetworkBreakdown: Sendable {
    public struct Share: Hashable, Sendable {
        /// Fraction of the forward pass's stored activations (input included) in this row.
        public var memoryOfTotal: Double
        /// Fraction of all parameters in this row.
        public var paramsOfTotal: Double
        /// Relative to the largest row (the largest is 1): what a bar's length shows.
        public var memoryOfLargest: Double
        public var paramsOfLargest: Double
    }

    /// One share per `NetworkShapes.rows` entry. Block header rows (residual, concat) get 0: their
    /// contents already hold the memory and parameters, and counting both would double them.
    public let shares: [Share]

    public init(_ shapes: NetworkShapes) {
        let memory = shapes.rows.map { $0.isBlock ? 0 : $0.activations }
        let params = shapes.rows.enumerated().map { i, row in i == 0 || row.isBlock ? 0 : row.params }
        let totalMemory = max(1, memory.reduce(0, +)), totalParams = max(1, params.reduce(0, +))
        let maxMemory = max(1, memory.max() ?? 1), maxParams = max(1, params.max() ?? 1)
        shares = zip(memory, params).map { m, p in
            Share(memoryOfTotal: Double(m) / Double(totalMemory), paramsOfTotal: Double(p) / Double(totalParams),
                  memoryOfLargest: Double(m) / Double(maxMemory), paramsOfLargest: Double(p) / Double(maxParams))
        }
    }

    /// The conv rows' and the FC rows' shares of memory and parameters: the lecture's summary
    /// "most memory is in the early CONV, most params are in the late FC" as four numbers.
    public struct KindTotals: Hashable, Sendable {
        public var convMemory: Double
        public var convParams: Double
        public var fullyConnectedMemory: Double
        public var fullyConnectedParams: Double
    }

    public func kindTotals(_ shapes: NetworkShapes) -> KindTotals {
        var t = KindTotals(convMemory: 0, convParams: 0, fullyConnectedMemory: 0, fullyConnectedParams: 0)
        for (row, share) in zip(shapes.rows, shares) {
            switch row.kind {
            case .conv:
                t.convMemory += share.memoryOfTotal
                t.convParams += share.paramsOfTotal
            case .fullyConnected:
                t.fullyConnectedMemory += share.memoryOfTotal
                t.fullyConnectedParams += share.paramsOfTotal
            default: break
            }
        }
        return t
    }
}

/// Two layers side by side (the inspector's compare), and the lecture's question for a conv layer:
/// how many weights would a fully connected layer between the same volumes need?
public struct LayerComparison: Hashable, Sendable {
    public var first: LayerShape
    public var second: LayerShape

    public init(_ first: LayerShape, _ second: LayerShape) {
        self.first = first
        self.second = second
    }

    /// second / first, or nil when the first is 0 (a ratio to nothing says nothing).
    public var paramsRatio: Double? { LayerComparison.ratio(second.params, first.params) }
    public var memoryRatio: Double? { LayerComparison.ratio(second.activations, first.activations) }
    public var multiplyAddsRatio: Double? { LayerComparison.ratio(second.multiplyAdds, first.multiplyAdds) }

    static func ratio(_ a: Int, _ b: Int) -> Double? { b == 0 ? nil : Double(a) / Double(b) }

    /// How many times more weights the fully connected alternative has than the conv layer
    /// itself (weights only on both sides: the alternative's count has no biases either).
    public static func fullyConnectedFactor(_ conv: LayerShape) -> Double? {
        ratio(conv.fullyConnectedAlternative, conv.weights)
    }
}
