import ConvEngine
import Foundation

/// Moves weights between a ConvTerm network and a PyTorch `state_dict` held as safetensors.
/// Both directions go through `TorchLayout`, so export followed by import is the identity, bit for bit.
public enum StateDictBridge {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// ConvTerm's tensors of a network by name: every parameter and batch norm's running statistics.
    static func tensors(of network: Network) -> [String: [Float]] {
        var out: [String: [Float]] = [:]
        for p in network.parameters { out[p.name] = p.value }
        for bn in network.batchNorms {
            out["\(bn.name).running_mean"] = bn.runningMean
            out["\(bn.name).running_var"] = bn.runningVariance
        }
        return out
    }

    /// The network's weights under the names of the generated `model.py`.
    public static func stateDict(of network: Network, layout: TorchLayout, metadata: [String: String] = [:]) -> SafeTensors {
        let ours = tensors(of: network)
        let tensors = layout.entries.map { e in SafeTensors.Tensor(name: e.torchName, shape: e.shape, values: ours[e.ourName]!) }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }

    /// Which names a file uses: the export's own (`model.py`'s) or torchvision's.
    public enum Naming: String {
        case convterm = "ConvTerm's export"
        case torchvision = "torchvision's"
    }

    /// The tensors that do not fit, each named with the shape expected; empty when all match.
    public struct Mismatch {
        public var missing: [TorchLayout.Entry] = []
        public var extra: [SafeTensors.Tensor] = []
        public var wrongShape: [(expected: TorchLayout.Entry, found: [Int])] = []
        public var isEmpty: Bool { missing.isEmpty && extra.isEmpty && wrongShape.isEmpty }
        /// How many expected names the file has (to pick the naming that fits best).
        public var matched = 0
    }

    /// Compares a file's tensors with what the layout expects under a naming (`renamed` maps
    /// the layout's torch names to the file's). `num_batches_tracked` and torchvision's GoogLeNet
    /// auxiliary heads (`aux1.`, `aux2.`) are not weights ConvTerm uses and are ignored.
    static func compare(_ file: SafeTensors, _ entries: [TorchLayout.Entry]) -> Mismatch {
        var m = Mismatch()
        var byName: [String: SafeTensors.Tensor] = [:]
        for t in file.tensors { byName[t.name] = t }
        var expected = Set<String>()
        for e in entries {
            expected.insert(e.torchName)
            guard let t = byName[e.torchName] else { m.missing.append(e); continue }
            m.matched += 1
            // PyTorch stores a 1x1 conv as [out, in, 1, 1]; the shape must match exactly either way.
            if t.shape != e.shape { m.wrongShape.append((e, t.shape)) }
        }
        m.extra = file.tensors.filter { t in
            !expected.contains(t.name) && !t.name.hasSuffix("num_batches_tracked")
                && !t.name.hasPrefix("aux1.") && !t.name.hasPrefix("aux2.")
        }
        return m
    }

    /// The entries with torch names replaced by torchvision's (ConvTerm names stay).
    static func renamed(_ entries: [TorchLayout.Entry], _ names: [String: String]) -> [TorchLayout.Entry] {
        entries.map { e in
            var e = e
            e.torchName = names[e.ourName] ?? e.torchName
            return e
        }
    }

    /// A checkpoint of `source`'s network holding the file's weights; refuses a file whose
    /// tensors do not all fit, listing every missing, extra and wrong-shape tensor by name.
    public static func checkpoint(from file: SafeTensors, fileName: String, network source: NetworkSource,
                                  optimizer: OptimizerSettings, seed: UInt64, threads: Int) throws -> (Checkpoint, Naming) {
        let layout: TorchLayout
        do { layout = try TorchLayout(source.spec) } catch { throw Failure(description: "\(source.origin): \(error)") }
        var candidates: [(Naming, [TorchLayout.Entry])] = [(.convterm, layout.entries)]
        if let names = TorchvisionNames.names(network: source.name, layout: layout), source.origin.hasPrefix("zoo:") {
            candidates.append((.torchvision, renamed(layout.entries, names)))
        }
        let compared = candidates.map { ($0.0, $0.1, compare(file, $0.1)) }
        if let fit = compared.first(where: { $0.2.isEmpty }) {
            let network: Network
            do {
                network = try Network(spec: source.spec, initialization: TrainingDefaults.initialization, seed: seed)
            } catch {
                throw Failure(description: "\(source.origin): \(error)")
            }
            var byName: [String: [Float]] = [:]
            for t in file.tensors { byName[t.name] = t.values }
            var values: [String: [Float]] = [:]
            for e in fit.1 { values[e.ourName] = byName[e.torchName]! }
            for p in network.parameters { p.value = values[p.name]! }
            for bn in network.batchNorms {
                bn.runningMean = values["\(bn.name).running_mean"]!
                bn.runningVariance = values["\(bn.name).running_var"]!
            }
            let trainer: Trainer
            do { trainer = try Trainer(network: network, optimizer: optimizer, threads: threads) } catch {
                throw Failure(description: "\(source.origin): \(error)")
            }
            var extra = ["seed": "\(seed)", "imported-from": URL(fileURLWithPath: fileName).lastPathComponent]
            // torchvision's weights are ImageNet's: say which classes and which input they expect.
            if fit.0 == .torchvision { extra.merge(CheckpointInput.torchvisionExtras(network: source.name)) { $1 } }
            return (Checkpoint(trainer: trainer, extra: extra), fit.0)
        }
        // Report against the naming the file comes closest to.
        let best = compared.max { $0.2.matched < $1.2.matched }!
        throw Failure(description: report(best.2, naming: best.0, fileName: fileName, network: source, alternatives: compared.count))
    }

    static func report(_ m: Mismatch, naming: Naming, fileName: String, network: NetworkSource, alternatives: Int) -> String {
        func shape(_ s: [Int]) -> String { "[" + s.map(String.init).joined(separator: ", ") + "]" }
        var lines = ["\(fileName) does not fit \(network.origin) (compared with \(naming.rawValue) names); nothing was written."]
        if !m.missing.isEmpty {
            lines.append("missing (\(m.missing.count)):")
            lines += m.missing.prefix(40).map { "  \($0.torchName) \(shape($0.shape))" }
            if m.missing.count > 40 { lines.append("  ... and \(m.missing.count - 40) more") }
        }
        if !m.wrongShape.isEmpty {
            lines.append("wrong shape (\(m.wrongShape.count)):")
            lines += m.wrongShape.prefix(40).map { "  \($0.expected.torchName): expected \(shape($0.expected.shape)), found \(shape($0.found))" }
            if m.wrongShape.count > 40 { lines.append("  ... and \(m.wrongShape.count - 40) more") }
        }
        if !m.extra.isEmpty {
            lines.append("not in the network (\(m.extra.count)):")
            lines += m.extra.prefix(40).map { "  \($0.name) \(shape($0.shape))" }
            if m.extra.count > 40 { lines.append("  ... and \(m.extra.count - 40) more") }
        }
        var hint = "Check --net names the network the weights were trained for"
        if alternatives == 1 && TorchvisionNames.networks.contains(network.name) == false {
            hint += " (torchvision's names are read for \(TorchvisionNames.networks.joined(separator: ", ")))"
        }
        lines.append(hint + "; `convterm export NET --pytorch DIR` shows the names and shapes it expects in DIR/model.py.")
        return lines.joined(separator: "\n")
    }
}
