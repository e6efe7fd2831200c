import ConvEngine
import Foundation

/// `convterm export NET|CHECKPOINT --pytorch DIR`: model.py, weights.safetensors, train.py and
/// README.txt, so a network (and its trained weights) carries on in PyTorch.
public struct PyTorchExport {
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public let title: String
    public let layout: TorchLayout
    public let weights: SafeTensors
    /// The net's `loss` line: model.py gets its `loss_fn`, and train.py (a CIFAR classifier's
    /// loop, with no masks or boxes to read) says so and stops.
    public let loss: LossSpec?

    /// From a checkpoint: its weights and running statistics.
    public init(checkpoint: Checkpoint, path: String, threads: Int = 1) throws {
        let spec = try checkpoint.spec()
        let network = try Self.network(spec, origin: path, seed: 1)
        let trainer: Trainer
        do { trainer = try Trainer(network: network, optimizer: checkpoint.optimizer, threads: threads) } catch {
            throw Failure(description: "\(path): \(error)")
        }
        try checkpoint.restore(into: trainer)
        try self.init(spec: spec, network: network, title: "\(URL(fileURLWithPath: path).lastPathComponent) (a ConvTerm checkpoint at step \(checkpoint.step))",
                      source: path)
    }

    /// From a network alone: a fresh initialisation with the training defaults' scheme and `seed`.
    public init(source: NetworkSource, seed: UInt64) throws {
        let network = try Self.network(source.spec, origin: source.origin, seed: seed)
        try self.init(spec: source.spec, network: network,
                      title: "\(source.name) (freshly initialised, \(TrainingDefaults.initialization.rawValue) scheme, seed \(seed))",
                      source: source.origin)
    }

    init(spec: NetworkSpec, network: Network, title: String, source: String) throws {
        self.title = title
        loss = spec.loss
        do { layout = try TorchLayout(spec) } catch { throw Failure(description: "\(source): \(error)") }
        weights = StateDictBridge.stateDict(of: network, layout: layout, metadata: ["format": "pt", "convterm-source": source])
    }

    /// LRN runs only in PyTorch (ConvTerm computes its shape), and holds no weights: the weights
    /// come from the same spec without it, whose other layers keep their names.
    static func network(_ spec: NetworkSpec, origin: String, seed: UInt64) throws -> Network {
        do {
            return try Network(spec: withoutLRN(spec), initialization: TrainingDefaults.initialization, seed: seed)
        } catch {
            throw Failure(description: "\(origin): \(error)")
        }
    }

    static func withoutLRN(_ spec: NetworkSpec) -> NetworkSpec {
        func strip(_ layers: [LayerSpec]) -> [LayerSpec] {
            layers.compactMap { layer in
                var layer = layer
                switch layer.kind {
                case .localResponseNorm: return nil
                case .residual(let body, let shortcut): layer.kind = .residual(body: strip(body), shortcut: shortcut.map(strip))
                case .concat(let branches): layer.kind = .concat(branches: branches.map(strip))
                default: break
                }
                return layer
            }
        }
        var copy = spec
        copy.layers = strip(spec.layers)
        return copy
    }

    /// The five files, each named after what it holds.
    public func files() throws -> [(name: String, data: Data)] {
        let model: String
        do { model = try PyTorchModelScript.text(layout: layout, title: title) } catch { throw Failure(description: "\(error)") }
        return [
            ("model.py", Data(model.utf8)),
            ("weights.safetensors", weights.encoded()),
            ("network.net", Data(layout.spec.text.utf8)),
            ("train.py", Data((loss.map { PyTorchTrainScript.refusal(title: title, loss: $0) } ?? PyTorchTrainScript.text(title: title)).utf8)),
            ("README.txt", Data(PyTorchReadme.text(title: title, loss: loss).utf8)),
        ]
    }

    /// Writes into `directory` (created if missing); files already there with these names are replaced.
    public func write(to directory: URL) throws {
        let files = try files()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw Failure(description: "\(directory.path): cannot create the directory (\(error.localizedDescription)); give a writable place")
        }
        for (name, data) in files {
            let url = directory.appendingPathComponent(name)
            do { try data.write(to: url, options: .atomic) } catch {
                throw Failure(description: "\(url.path): cannot write (\(error.localizedDescription)); check the directory is writable")
            }
        }
    }
}
