import ConvEngine
import Foundation

/// `convterm summary`: the network table in torchinfo's layout, and its stable JSON/CSV/Markdown forms.
public struct SummaryReport: Sendable {
    public enum Format: String, CaseIterable, Sendable { case table, json, csv, markdown }

    public var networkName: String
    public var shapes: NetworkShapes
    public var batch: Int
    public var maxDepth: Int
    public var convention: MultiplyAddConvention

    public init(networkName: String, shapes: NetworkShapes, batch: Int = 1, maxDepth: Int = 3, convention: MultiplyAddConvention = .lecture) {
        self.networkName = networkName
        self.shapes = shapes
        self.batch = batch
        self.maxDepth = maxDepth
        self.convention = convention
    }

    public func render(_ format: Format) -> String {
        switch format {
        case .table: table
        case .json: json
        case .csv: csv
        case .markdown: markdown
        }
    }

    var visibleRows: [LayerShape] { shapes.rows.filter { $0.depth < maxDepth } }

    func macs(_ row: LayerShape) -> Int {
        (convention == .lecture ? row.multiplyAdds : row.torchinfoMultiplyAdds) * batch
    }

    func typeName(_ row: LayerShape) -> String {
        switch row.kind {
        case nil: "Input"
        case .conv: "Conv"
        case .relu: "ReLU"
        case .maxPool: "MaxPool"
        case .avgPool: "AvgPool"
        case .globalAvgPool: "GlobalAvgPool"
        case .fullyConnected: "Linear"
        case .softmax: "Softmax"
        case .dropout: "Dropout"
        case .localResponseNorm: "LRN"
        case .batchNorm: "BatchNorm"
        case .flatten: "Flatten"
        case .residual: "Residual"
        case .concat: "Concat"
        case .deconv: "ConvTranspose"
        case .upsample: "Upsample"
        case .activation(.sigmoid): "Sigmoid"
        case .activation(.tanh): "Tanh"
        case .activation(.leakyReLU): "LeakyReLU"
        }
    }

    func volumeText(_ row: LayerShape) -> String {
        row.unknown ? "?" : (batch > 1 ? "\(batch)x" : "") + row.output.description
    }

    func receptiveText(_ row: LayerShape) -> String {
        let rf = row.receptiveField
        return rf.height == rf.width ? "\(rf.height)" : "\(rf.height)x\(rf.width)"
    }

    // MARK: Table

    var table: String {
        let headers = ["Layer (type: name)", "Output volume", "Param #", "Mult-Adds", "Memory", "RF"]
        var cells: [[String]] = []
        for (index, row) in visibleRows.enumerated() {
            var prefix = ""
            if row.depth > 0 {
                let laterSibling = visibleRows[(index + 1)...].prefix { $0.depth >= row.depth }.contains { $0.depth == row.depth }
                prefix = String(repeating: "│    ", count: row.depth - 1) + (laterSibling ? "├─" : "└─")
            }
            let frozen = row.kind?.hasParameters == true && !row.trainable ? " (frozen)" : ""
            let params = row.kind?.hasParameters == true ? row.params.grouped + frozen : (row.isBlock ? "" : "--")
            let mem = row.activations > 0 ? Self.bytes(row.activationBytes * batch) : "--"
            cells.append([
                prefix + "\(typeName(row)): \(row.name)",
                volumeText(row), params,
                row.kind == nil || macs(row) == 0 ? "--" : macs(row).grouped,
                mem, receptiveText(row),
            ])
            if let problem = row.problem { cells.append(["  ! " + problem, "", "", "", "", ""]) }
        }
        // What the net is trained for closes the table: its targets stand where a layer's output would.
        if let loss = shapes.spec.loss {
            cells.append(["Loss: \(loss.text)", loss.targetShape(output: shapes.output), "--", "--", "--", ""])
            if let problem = loss.problem(output: shapes.output) { cells.append(["  ! " + problem, "", "", "", "", ""]) }
        }
        let widths = headers.indices.map { column in
            max(headers[column].count, cells.filter { !$0[0].hasPrefix("  ! ") }.map { $0[column].count }.max() ?? 0)
        }
        let totalWidth = widths.reduce(0, +) + 2 * (widths.count - 1)
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                column == 0 ? value.padding(toLength: widths[0], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: max(0, widths[column] - value.count)) + value
            }.joined(separator: "  ")
        }
        let rule = String(repeating: "=", count: totalWidth)
        var out = "\(networkName): input \(shapes.spec.input)\(batch > 1 ? ", batch \(batch)" : "")\n"
        out += rule + "\n" + line(headers) + "\n" + rule + "\n"
        for row in cells {
            out += (row[0].hasPrefix("  ! ") ? row[0] : line(row)) + "\n"
        }
        out += rule + "\n"
        for (label, value) in footer { out += "\(label): \(value)\n" }
        out += rule + "\n"
        out += conventionNote + "\n"
        return out
    }

    var footer: [(String, String)] {
        let s = shapes
        return [
            ("Total params", "\(s.totalParams.grouped) (weights \(s.totalWeights.grouped) + biases \(s.totalBiases.grouped))"),
            ("Trainable params", s.trainableParams.grouped),
            ("Non-trainable params", s.frozenParams.grouped),
            ("Total mult-adds", "\((s.multiplyAdds(convention) * batch).grouped) (\(Self.scaled(Double(s.multiplyAdds(convention) * batch))))"),
            ("Input size (MB)", Self.megabytes(s.inputBytes * batch)),
            ("Forward pass activations (MB)", Self.megabytes(s.forwardActivationBytes * batch)),
            ("Forward/backward pass size (MB)", Self.megabytes(s.forwardBackwardBytes * batch)),
            ("Params size (MB)", Self.megabytes(s.paramBytes)),
            ("Estimated total size (MB)", Self.megabytes(estimatedTotalBytes)),
        ] + (s.spec.loss.map { [("Trained for", "loss \($0.text): targets are \($0.targetDescription(output: s.output))")] } ?? [])
    }

    var estimatedTotalBytes: Int { shapes.inputBytes * batch + shapes.forwardBackwardBytes * batch + shapes.paramBytes }

    var conventionNote: String {
        let macs = convention == .lecture
            ? "mult-adds count the multiplies of each dot product, no bias (the lecture's (5*5*3)*(28*28*6))"
            : "mult-adds follow torchinfo: conv (weights+biases) x output positions, linear and batch norm their params, pooling and activations 0"
        return """
        Conventions: float32; MB = 10^6 bytes; \(macs); memory counts the input and each layer's output \
        (ReLU and dropout in place, flatten a view); forward/backward = 2 x the layers' activations.
        """
    }

    static func megabytes(_ bytes: Int) -> String {
        let mb = Double(bytes) / 1e6
        return String(format: "%.2f", mb)
    }

    static func bytes(_ bytes: Int) -> String {
        if bytes >= 1_000_000 { return String(format: "%.2f MB", Double(bytes) / 1e6) }
        if bytes >= 1_000 { return String(format: "%.1f KB", Double(bytes) / 1e3) }
        return "\(bytes) B"
    }

    static func scaled(_ x: Double) -> String {
        if x >= 1e9 { return String(format: "%.2f G", x / 1e9) }
        if x >= 1e6 { return String(format: "%.2f M", x / 1e6) }
        if x >= 1e3 { return String(format: "%.2f K", x / 1e3) }
        return String(format: "%.0f", x)
    }

    // MARK: Machine-readable forms

    /// The JSON document described in the README; later features and tests read it, so keys are stable.
    public struct Document: Codable, Sendable {
        public struct Size: Codable, Sendable { public var width, height, depth: Int }
        public struct Layer: Codable, Sendable {
            public var name: String
            public var type: String
            public var spec: String
            public var depth: Int
            public var line: Int?
            public var output: Size?
            public var weights: Int
            public var biases: Int
            public var params: Int
            public var trainable: Bool
            public var multiplyAdds: Int
            public var activations: Int
            public var activationBytes: Int
            public var receptiveField: [Int]
            public var receptiveStride: [Int]
            public var problem: String?

            enum CodingKeys: String, CodingKey {
                case name, type, spec, depth, line, output, weights, biases, params, trainable, multiplyAdds
                case activations, activationBytes, receptiveField, receptiveStride, problem
            }

            /// Every key always present, `null` when there is no value (the README's contract):
            /// a script can read `layer["problem"]` without first asking whether the key exists.
            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(name, forKey: .name)
                try c.encode(type, forKey: .type)
                try c.encode(spec, forKey: .spec)
                try c.encode(depth, forKey: .depth)
                try c.encode(line, forKey: .line)
                try c.encode(output, forKey: .output)
                try c.encode(weights, forKey: .weights)
                try c.encode(biases, forKey: .biases)
                try c.encode(params, forKey: .params)
                try c.encode(trainable, forKey: .trainable)
                try c.encode(multiplyAdds, forKey: .multiplyAdds)
                try c.encode(activations, forKey: .activations)
                try c.encode(activationBytes, forKey: .activationBytes)
                try c.encode(receptiveField, forKey: .receptiveField)
                try c.encode(receptiveStride, forKey: .receptiveStride)
                try c.encode(problem, forKey: .problem)
            }
        }
        public struct Totals: Codable, Sendable {
            public var params, weights, biases, trainableParams, nonTrainableParams, multiplyAdds: Int
            public var inputBytes, forwardActivationBytes, forwardBackwardBytes, paramBytes, estimatedTotalBytes: Int
        }
        public var network: String
        /// False when any layer has a `problem`; sizes from the first misfit on are then `null`.
        public var fits: Bool
        public var input: Size
        public var batch: Int
        public var convention: String
        public var layers: [Layer]
        public var totals: Totals
        /// The `loss` line's words (e.g. `pixelsoftmax`) and its targets; absent for a classifier.
        public var loss: Loss?
        public struct Loss: Codable, Sendable {
            public var spec: String
            public var target: String
            public var problem: String?

            enum CodingKeys: String, CodingKey { case spec, target, problem }

            /// `"problem": null` when the output fits, as `Layer` does: the synthesized encoder
            /// would leave the key out.
            public func encode(to encoder: Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(spec, forKey: .spec)
                try c.encode(target, forKey: .target)
                try c.encode(problem, forKey: .problem)
            }
        }
    }

    public var document: Document {
        let s = shapes
        func size(_ v: Volume) -> Document.Size { .init(width: v.width, height: v.height, depth: v.depth) }
        let layers = s.rows.map { row in
            Document.Layer(
                name: row.name, type: typeName(row),
                spec: row.kind == nil ? "input \(row.output)" : LayerSpec(row.kind!).lineText.replacingOccurrences(of: " {", with: ""),
                depth: row.depth, line: row.location?.line,
                // A layer that does not fit, and every layer after it, has no real output size:
                // null, never the rounded-down stand-in the table keeps going with.
                output: row.unknown || !row.exact ? nil : size(row.output),
                weights: row.weights, biases: row.biases, params: row.params, trainable: row.trainable,
                multiplyAdds: macs(row), activations: row.activations * batch, activationBytes: row.activationBytes * batch,
                receptiveField: [row.receptiveField.height, row.receptiveField.width],
                receptiveStride: [row.receptiveStride.height, row.receptiveStride.width],
                problem: row.problem)
        }
        return Document(
            network: networkName, fits: s.problems.isEmpty, input: size(s.spec.input), batch: batch, convention: convention.rawValue, layers: layers,
            totals: .init(params: s.totalParams, weights: s.totalWeights, biases: s.totalBiases,
                          trainableParams: s.trainableParams, nonTrainableParams: s.frozenParams,
                          multiplyAdds: s.multiplyAdds(convention) * batch, inputBytes: s.inputBytes * batch,
                          forwardActivationBytes: s.forwardActivationBytes * batch,
                          forwardBackwardBytes: s.forwardBackwardBytes * batch, paramBytes: s.paramBytes,
                          estimatedTotalBytes: estimatedTotalBytes),
            loss: s.spec.loss.map { .init(spec: $0.text, target: $0.targetDescription(output: s.output), problem: $0.problem(output: s.output)) })
    }

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: (try? encoder.encode(document)) ?? Data(), as: UTF8.self) + "\n"
    }

    var csv: String {
        var out = "name,type,depth,output,weights,biases,params,trainable,multiply_adds,activations,activation_bytes,receptive_field,problem\n"
        for row in document.layers {
            let output = row.output.map { "\($0.width)x\($0.height)x\($0.depth)" } ?? ""
            let problem = row.problem.map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" } ?? ""
            out += "\(row.name),\(row.type),\(row.depth),\(output),\(row.weights),\(row.biases),\(row.params),\(row.trainable),\(row.multiplyAdds),\(row.activations),\(row.activationBytes),\(row.receptiveField[0])x\(row.receptiveField[1]),\(problem)\n"
        }
        return out
    }

    var markdown: String {
        var out = "| Layer | Output volume | Params | Mult-adds | Memory | RF |\n|---|---:|---:|---:|---:|---:|\n"
        for row in visibleRows {
            let indent = String(repeating: "&nbsp;&nbsp;", count: row.depth)
            out += "| \(indent)\(typeName(row)): `\(row.name)` | \(volumeText(row)) | \(row.params.grouped) | \(macs(row).grouped) | \(row.activations > 0 ? Self.bytes(row.activationBytes * batch) : "--") | \(receptiveText(row)) |\n"
        }
        if let loss = shapes.spec.loss { out += "| Loss: `\(loss.text)` | \(loss.targetShape(output: shapes.output)) | -- | -- | -- | |\n" }
        out += "\n"
        for (label, value) in footer { out += "- **\(label)**: \(value)\n" }
        out += "\n_\(conventionNote)_\n"
        return out
    }
}
