import Foundation
import ConvEngine

/// The networks a lesson can reference: the ones its ```net blocks declare, then the zoo.
public struct NetworkLibrary: Sendable {
    public var declared: [String: NetworkShapes]

    public init(declared: [String: NetworkShapes] = [:]) {
        self.declared = declared
    }

    /// Shape tables of every zoo net, computed once (shape inference allocates nothing per weight).
    static let zoo: [String: NetworkShapes] = {
        var out: [String: NetworkShapes] = [:]
        for name in Zoo.names {
            if let spec = Zoo.spec(named: name) { out[name] = NetworkShapes(spec) }
        }
        return out
    }()

    /// A declared net, else a zoo net; `_` may stand for `-` in zoo names (convnetjs_cifar10).
    public func shapes(named name: String) -> NetworkShapes? {
        declared[name] ?? NetworkLibrary.zoo[name] ?? NetworkLibrary.zoo[name.replacingOccurrences(of: "_", with: "-")]
    }

    public var allNames: [String] { declared.keys.sorted() + Zoo.names }
}
