import Foundation

/// A saved training state: spec, weights, optimizer state, RNG state and counters, so a resumed
/// run continues bit for bit.
///
/// Format (version 1): a UTF-8 header of `key value` lines ending with an empty line, then the
/// spec's `.net` text (`spec-bytes` long), then the payload: little-endian float32 tensors in the
/// order of the `tensor NAME COUNT` lines. `payload-crc32` (IEEE, as zlib) guards the payload and
/// the spec. Files are written to a temporary name and renamed, so a crash never leaves half a file.
public struct Checkpoint: Sendable {
    public static let magic = "convterm-checkpoint 1"

    public var specText: String
    public var step: Int
    public var examplesSeen: Int
    public var randomState: (UInt64, UInt64, UInt64, UInt64)
    public var optimizer: OptimizerSettings
    public var optimizerStep: Int
    /// Anything the caller needs to resume exactly (e.g. the data order's position), as text.
    public var extra: [String: String]
    public var tensors: [(name: String, values: [Float])]

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Captures a trainer's whole state.
    public init(trainer: Trainer, extra: [String: String] = [:]) {
        let network = trainer.network
        specText = network.spec.text
        step = trainer.step
        examplesSeen = trainer.examplesSeen
        randomState = network.random.generator.state
        optimizer = trainer.optimizer.settings
        optimizerStep = trainer.optimizer.t
        self.extra = extra
        var tensors: [(String, [Float])] = []
        for (index, p) in network.parameters.enumerated() {
            tensors.append((p.name, p.value))
            for (s, slot) in (trainer.optimizer.slots[index] ?? []).enumerated() { tensors.append(("\(p.name)#slot\(s)", slot)) }
        }
        for bn in network.batchNorms {
            tensors.append(("\(bn.name).running_mean", bn.runningMean))
            tensors.append(("\(bn.name).running_var", bn.runningVariance))
        }
        self.tensors = tensors
    }

    // MARK: Writing

    public func encoded() -> Data {
        var payload = Data()
        payload.append(Data(specText.utf8))
        for (_, values) in tensors {
            values.withUnsafeBufferPointer { buffer in
                for v in buffer { withUnsafeBytes(of: v.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            }
        }
        var header = Checkpoint.magic + "\n"
        header += "step \(step)\nexamples \(examplesSeen)\n"
        header += "rng \(randomState.0) \(randomState.1) \(randomState.2) \(randomState.3)\n"
        header += "optimizer \(optimizer.kind.rawValue) lr \(optimizer.learningRate) l2 \(optimizer.l2) momentum \(optimizer.momentum) t \(optimizerStep)\n"
        for key in extra.keys.sorted() { header += "extra \(key) \(extra[key]!)\n" }
        for (name, values) in tensors { header += "tensor \(name) \(values.count)\n" }
        header += "spec-bytes \(Data(specText.utf8).count)\n"
        // The checksum covers the header lines above it too: a damaged step or RNG word is caught.
        header += "payload-crc32 \(String(CRC32.checksum(Data(header.utf8) + payload), radix: 16))\n\n"
        return Data(header.utf8) + payload
    }

    /// Writes atomically: the old file stays intact until the new one is complete.
    public func write(to url: URL) throws {
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw Failure(description: "\(url.path): could not write the checkpoint (\(error.localizedDescription)); check the directory exists and is writable")
        }
    }

    // MARK: Reading

    public static func read(from url: URL) throws -> Checkpoint {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw Failure(description: "\(url.path) is a directory; give the checkpoint file that `convterm train --save FILE` wrote")
        }
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw Failure(description: "\(url.path): no such file; give the checkpoint file that `convterm train --save FILE` wrote")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Failure(description: "\(url.path): cannot read the checkpoint (\(error.localizedDescription))")
        }
        return try decode(data, name: url.path)
    }

    /// The largest step, example or optimizer count a header may hold: 2^53, exact as a Double
    /// (the log and Adam's bias correction use Doubles) and far beyond any run (a million steps a
    /// second for 285 years), yet far enough below Int.max that the counters can never overflow.
    public static let largestCount = 1 << 53

    static func decode(_ data: Data, name: String) throws -> Checkpoint {
        func fail(_ why: String) -> Failure {
            Failure(description: "\(name): \(why)")
        }
        let bytes = [UInt8](data)
        let magicBytes = Array(magic.utf8)
        guard bytes.starts(with: magicBytes + [10]) || bytes.starts(with: magicBytes + [13, 10]) else {
            throw fail("not a ConvTerm checkpoint (it should start with `\(magic)`); give a file written by `convterm train --save`")
        }
        // The header ends at its first empty line, LF or CRLF (an editor may have converted it);
        // the payload after it is binary and is never converted.
        var headerEnd: (header: Int, payload: Int)?
        var i = 0
        while i + 1 < bytes.count {
            if bytes[i] == 10 && bytes[i + 1] == 10 { headerEnd = (i, i + 2); break }
            if i + 3 < bytes.count && bytes[i] == 13 && bytes[i + 1] == 10 && bytes[i + 2] == 13 && bytes[i + 3] == 10 {
                headerEnd = (i, i + 4)
                break
            }
            i += 1
        }
        guard let headerEnd else {
            throw fail("the header is cut off; the file is truncated — use an earlier checkpoint")
        }
        let header = LineEnds.normalized(String(decoding: bytes[..<headerEnd.header], as: UTF8.self))
        let payload = Data(bytes[headerEnd.payload...])
        var step = 0, examples = 0, specBytes = -1, crc: UInt32?
        var rng: (UInt64, UInt64, UInt64, UInt64)?
        var settings = OptimizerSettings(kind: .sgd)
        var optimizerStep = 0
        var extra: [String: String] = [:]
        var layout: [(String, Int)] = []
        let edited = "the header was edited or damaged; use an earlier checkpoint"
        func count(_ text: String) -> Int? {
            Int(text).flatMap { (0...largestCount).contains($0) ? $0 : nil }
        }
        for (number, line) in header.split(separator: "\n").enumerated().dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            let bad = fail("header line \(number + 1) is damaged: `\(line)`")
            func field(_ expected: String) -> Failure {
                fail("header line \(number + 1) (`\(line)`): \(expected); \(edited)")
            }
            let whole = "a whole number from 0 to \(largestCount.grouped)"
            switch words.first {
            case "step":
                guard words.count == 2, let v = count(words[1]) else { throw field("the step count must be \(whole)") }
                step = v
            case "examples":
                guard words.count == 2, let v = count(words[1]) else { throw field("the number of examples seen must be \(whole)") }
                examples = v
            case "rng":
                let v = words.dropFirst().compactMap { UInt64($0) }
                guard words.count == 5, v.count == 4 else {
                    throw field("the random generator state must be four whole numbers from 0 to \(UInt64.max)")
                }
                // xoshiro256** never leaves the all-zero state: every number drawn would be 0.
                guard v.contains(where: { $0 != 0 }) else {
                    throw field("the random generator state is all zeros, which xoshiro256** cannot use (it would draw only zeros)")
                }
                rng = (v[0], v[1], v[2], v[3])
            case "optimizer":
                guard words.count == 10, words[2] == "lr", words[4] == "l2", words[6] == "momentum", words[8] == "t" else {
                    throw field("expected `optimizer KIND lr RATE l2 DECAY momentum MU t STEPS`")
                }
                guard let kind = OptimizerKind(rawValue: words[1]) else {
                    throw field("the optimizer must be one of \(OptimizerKind.allCases.map(\.rawValue).joined(separator: ", ")), got `\(words[1])`")
                }
                guard let lr = Double(words[3]), lr.isFinite, lr > 0 else {
                    throw field("the learning rate must be a positive number, got \(words[3])")
                }
                guard let l2 = Double(words[5]), l2.isFinite, l2 >= 0 else {
                    throw field("the L2 decay must be zero or a positive number, got \(words[5])")
                }
                guard let mu = Double(words[7]), mu >= 0, mu < 1 else {
                    throw field("the momentum must be a number from 0 up to (not including) 1, got \(words[7])")
                }
                guard let t = count(words[9]) else { throw field("the optimizer step count `t` must be \(whole)") }
                settings = OptimizerSettings(kind: kind, learningRate: lr, l2: l2)
                settings.momentum = mu
                optimizerStep = t
            case "extra": guard words.count >= 3 else { throw bad }; extra[words[1]] = words[2...].joined(separator: " ")
            case "tensor":
                guard words.count == 3, let n = Int(words[2]), n >= 0, n <= payload.count / 4 else { throw bad }
                layout.append((words[1], n))
            case "spec-bytes": guard words.count == 2, let v = Int(words[1]) else { throw bad }; specBytes = v
            case "payload-crc32": guard words.count == 2, let v = UInt32(words[1], radix: 16) else { throw bad }; crc = v
            default: throw bad
            }
        }
        guard let rng, let crc, specBytes >= 0 else { throw fail("the header is incomplete; the file is damaged") }
        guard specBytes <= payload.count else { throw fail("the header is damaged (spec-bytes beyond the end of the file)") }
        // Every count is at most payload/4 (checked above), so this sum cannot overflow for any real header.
        let expected = layout.reduce(specBytes) { $0 + $1.1 * 4 }
        guard payload.count == expected else {
            throw fail("expected \(expected) bytes after the header, found \(payload.count): the file is truncated, was cut short while copying, or had its line ends converted (copy checkpoints as binary files)")
        }
        let crcLine = header.range(of: "\npayload-crc32 ")!.lowerBound
        let covered = Data(header[...crcLine].utf8) + payload
        guard CRC32.checksum(covered) == crc else {
            throw fail("the checksum does not match: the file is corrupted; use an earlier checkpoint")
        }
        let specText = String(decoding: payload.prefix(specBytes), as: UTF8.self)
        var tensors: [(String, [Float])] = []
        var offset = payload.startIndex + specBytes
        for (tensorName, count) in layout {
            var values = [Float](repeating: 0, count: count)
            payload[offset..<(offset + count * 4)].withUnsafeBytes { raw in
                for i in 0..<count { values[i] = Float(bitPattern: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self))) }
            }
            offset += count * 4
            tensors.append((tensorName, values))
        }
        var checkpoint = Checkpoint(specText: specText, step: step, examplesSeen: examples, randomState: rng,
                                    optimizer: settings, optimizerStep: optimizerStep, extra: extra, tensors: [])
        checkpoint.tensors = tensors
        return checkpoint
    }

    init(specText: String, step: Int, examplesSeen: Int, randomState: (UInt64, UInt64, UInt64, UInt64),
         optimizer: OptimizerSettings, optimizerStep: Int, extra: [String: String], tensors: [(name: String, values: [Float])]) {
        self.specText = specText
        self.step = step
        self.examplesSeen = examplesSeen
        self.randomState = randomState
        self.optimizer = optimizer
        self.optimizerStep = optimizerStep
        self.extra = extra
        self.tensors = tensors
    }

    public func spec() throws -> NetworkSpec {
        do { return try SpecParser.parse(specText) } catch {
            throw Failure(description: "the checkpoint's network does not parse: \(error)")
        }
    }

    /// Loads this state into a trainer whose network has the same spec; refuses another network.
    public func restore(into trainer: Trainer) throws {
        let network = trainer.network
        guard specText == network.spec.text else {
            throw Failure(description: "this checkpoint is for a different network (its spec differs from the one being trained); train with `--net` matching the checkpoint, or start without `--resume`")
        }
        var byName: [String: [Float]] = [:]
        for (name, values) in tensors { byName[name] = values }
        // Check everything before changing anything: a refused checkpoint leaves the trainer as it was.
        for p in network.parameters {
            guard let values = byName[p.name], values.count == p.count else {
                throw Failure(description: "the checkpoint lacks `\(p.name)` with \(p.count) values; it does not belong to this network")
            }
            let slots = (0..<2).compactMap { byName["\(p.name)#slot\($0)"] }
            let expectedSlots = Optimizer(optimizer).slotCount
            guard slots.isEmpty || (slots.count == expectedSlots && slots.allSatisfy { $0.count == p.count }) else {
                throw Failure(description: "the checkpoint's optimizer state for `\(p.name)` does not fit \(optimizer.kind.rawValue); the file is damaged")
            }
        }
        for bn in network.batchNorms {
            guard byName["\(bn.name).running_mean"]?.count == bn.runningMean.count,
                  byName["\(bn.name).running_var"]?.count == bn.runningVariance.count else {
                throw Failure(description: "the checkpoint lacks the running statistics of `\(bn.name)`; it does not belong to this network")
            }
        }
        for (index, p) in network.parameters.enumerated() {
            p.value = byName[p.name]!
            let slots = (0..<2).compactMap { byName["\(p.name)#slot\($0)"] }
            trainer.optimizer.slots[index] = slots.isEmpty ? nil : slots
        }
        for bn in network.batchNorms {
            bn.runningMean = byName["\(bn.name).running_mean"]!
            bn.runningVariance = byName["\(bn.name).running_var"]!
        }
        let slots = trainer.optimizer.slots
        trainer.optimizer.settings = optimizer
        trainer.optimizer.slots = slots
        trainer.optimizer.t = optimizerStep
        network.random.generator = SeededRandom(state: randomState)
        trainer.restore(step: step, examplesSeen: examplesSeen)
    }
}

/// IEEE CRC-32 (the zlib/PNG polynomial), table-driven. TerminalKit's `PNGEncoder` computes the
/// same checksum: neither module depends on the other, so each keeps its own few lines.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { n in
        var c = UInt32(n)
        for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
        return c
    }

    static func checksum(_ data: Data) -> UInt32 {
        var c: UInt32 = 0xFFFF_FFFF
        data.withUnsafeBytes { raw in
            for byte in raw { c = table[Int((c ^ UInt32(byte)) & 0xFF)] ^ (c >> 8) }
        }
        return c ^ 0xFFFF_FFFF
    }
}
