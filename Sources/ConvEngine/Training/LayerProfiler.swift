import Dispatch

/// Wall time spent in each layer's forward and backward passes, for `convterm bench --profile`.
/// Attach one to a `Network` (`network.profiler`); every pass then times each layer it runs,
/// blocks and their children alike. Times are inclusive (a residual block's include its body's);
/// `exclusive` subtracts the children, leaving a block's own work (the residual add).
/// Costs two clock reads a layer and pass; nil (the default) costs one nil check.
public final class LayerProfiler: @unchecked Sendable {
    public enum Pass: Sendable { case forward, backward }

    /// One layer's accumulated time over all passes since the last `reset`.
    public struct Record: Sendable {
        public var name: String
        public var forwardNanoseconds: UInt64 = 0
        public var backwardNanoseconds: UInt64 = 0
        public var forwardCalls = 0
        public var backwardCalls = 0
    }

    private var index: [ObjectIdentifier: Int] = [:]
    public private(set) var records: [Record] = []

    public init() {}

    /// Runs body, adding its wall time to `layer`'s record for `pass`.
    func time<T>(_ layer: RuntimeLayer, _ pass: Pass, _ body: () -> T) -> T {
        let start = DispatchTime.now().uptimeNanoseconds
        let result = body()
        let elapsed = DispatchTime.now().uptimeNanoseconds &- start
        let id = ObjectIdentifier(layer)
        let at: Int
        if let i = index[id] { at = i } else {
            at = records.count
            index[id] = at
            records.append(Record(name: layer.name))
        }
        switch pass {
        case .forward: records[at].forwardNanoseconds &+= elapsed; records[at].forwardCalls += 1
        case .backward: records[at].backwardNanoseconds &+= elapsed; records[at].backwardCalls += 1
        }
        return result
    }

    /// Forgets every record (after warm-up steps, say).
    public func reset() {
        index = [:]
        records = []
    }

    /// The record of one layer (zeros when it never ran).
    public func record(_ layer: RuntimeLayer) -> Record {
        index[ObjectIdentifier(layer)].map { records[$0] } ?? Record(name: layer.name)
    }

    /// A layer's time minus its children's: for plain layers all of it, for a block its own work.
    public func exclusive(_ layer: RuntimeLayer) -> Record {
        var r = record(layer)
        for child in layer.children {
            let c = record(child)
            r.forwardNanoseconds = r.forwardNanoseconds &- min(r.forwardNanoseconds, c.forwardNanoseconds)
            r.backwardNanoseconds = r.backwardNanoseconds &- min(r.backwardNanoseconds, c.backwardNanoseconds)
        }
        return r
    }
}
