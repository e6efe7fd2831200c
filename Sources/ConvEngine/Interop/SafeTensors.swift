import Foundation

/// The safetensors weight format (Hugging Face's; what PyTorch users save state_dicts in):
/// 8 bytes of little-endian header length N, N bytes of JSON mapping each tensor's name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets into the bytes after the header)
/// plus an optional `"__metadata__"` of strings, then the raw little-endian tensor bytes.
///
/// Reading converts every float dtype (F32, F64, F16, BF16) to Float, and integer ones too
/// (PyTorch's batch norm saves `num_batches_tracked` as I64); writing is F32 only. The reader
/// trusts nothing in the file: every way a file can be damaged is a `Failure` naming the file,
/// what was wrong and what to do, never a trap (`SafeTensorsFuzzTests`).
public struct SafeTensors: Sendable {
    public struct Tensor: Sendable, Equatable {
        public var name: String
        /// The dtype as the file spells it ("F32", "BF16", ...).
        public var dtype: String
        public var shape: [Int]
        public var values: [Float]

        public init(name: String, shape: [Int], values: [Float], dtype: String = "F32") {
            self.name = name
            self.shape = shape
            self.values = values
            self.dtype = dtype
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// In file order (by data offset).
    public var tensors: [Tensor]
    public var metadata: [String: String]

    public init(tensors: [Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors
        self.metadata = metadata
    }

    public subscript(name: String) -> Tensor? { tensors.first { $0.name == name } }

    /// Bytes per element of the dtypes this reader understands.
    static let elementSizes: [String: Int] = [
        "F64": 8, "F32": 4, "F16": 2, "BF16": 2, "I64": 8, "I32": 4, "I16": 2, "I8": 1, "U8": 1, "BOOL": 1,
    ]

    /// The reference implementation refuses headers above 100 MB; so do we, before allocating.
    static let largestHeader = 100_000_000

    // MARK: Writing

    /// The file's bytes: F32 tensors in the given order, the header padded with spaces to a
    /// multiple of 8 bytes (as the reference writer does, so the data is aligned).
    public func encoded() -> Data {
        var entries: [String] = []
        var offset = 0
        if !metadata.isEmpty {
            let pairs = metadata.keys.sorted().map { "\(Self.jsonString($0)):\(Self.jsonString(metadata[$0]!))" }
            entries.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
        }
        for t in tensors {
            let end = offset + t.values.count * 4
            entries.append("\(Self.jsonString(t.name)):{\"dtype\":\"F32\",\"shape\":[\(t.shape.map(String.init).joined(separator: ","))],\"data_offsets\":[\(offset),\(end)]}")
            offset = end
        }
        var header = Array("{\(entries.joined(separator: ","))}".utf8)
        while header.count % 8 != 0 { header.append(0x20) }
        var out = Data(capacity: 8 + header.count + offset)
        withUnsafeBytes(of: UInt64(header.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(contentsOf: header)
        for t in tensors {
            t.values.withUnsafeBufferPointer { buffer in
                var bytes = [UInt8](repeating: 0, count: buffer.count * 4)
                for (i, v) in buffer.enumerated() {
                    let bits = v.bitPattern
                    bytes[4 * i] = UInt8(truncatingIfNeeded: bits)
                    bytes[4 * i + 1] = UInt8(truncatingIfNeeded: bits >> 8)
                    bytes[4 * i + 2] = UInt8(truncatingIfNeeded: bits >> 16)
                    bytes[4 * i + 3] = UInt8(truncatingIfNeeded: bits >> 24)
                }
                out.append(contentsOf: bytes)
            }
        }
        return out
    }

    /// Writes atomically, like checkpoints: a crash never leaves half a file.
    public func write(to url: URL) throws {
        for t in tensors where t.shape.reduce(1, *) != t.values.count {
            throw Failure(description: "\(url.path): tensor `\(t.name)` has shape \(t.shape) but \(t.values.count) values; this is a bug in the caller")
        }
        do {
            try encoded().write(to: url, options: .atomic)
        } catch {
            throw Failure(description: "\(url.path): could not write the weights (\(error.localizedDescription)); check the directory exists and is writable")
        }
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20: out += String(format: "\\u%04x", scalar.value)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    // MARK: Reading

    public static func read(from url: URL) throws -> SafeTensors {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw Failure(description: "\(url.path): no such file; give a .safetensors file (PyTorch: save a state_dict with safetensors.torch.save_file, or the weights.safetensors `convterm export` wrote)")
        }
        guard !isDirectory.boolValue else {
            throw Failure(description: "\(url.path) is a directory; give the .safetensors file inside it")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            throw Failure(description: "\(url.path): cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, name: url.path)
    }

    /// Parses and checks a whole file held in memory; `name` prefixes every message.
    public static func decode(_ data: Data, name: String) throws -> SafeTensors {
        func fail(_ why: String) -> Failure {
            Failure(description: "\(name): \(why)")
        }
        let damaged = "the file is damaged or not safetensors; save the weights again"
        guard data.count >= 8 else {
            throw fail("\(data.count) bytes is too short for a safetensors file (it starts with an 8-byte header length); \(damaged)")
        }
        let base = data.startIndex
        var length: UInt64 = 0
        for i in 0..<8 { length |= UInt64(data[base + i]) << (8 * UInt64(i)) }
        guard length <= UInt64(largestHeader) else {
            throw fail("the header length \(length) is larger than the 100 MB safetensors allows; \(damaged)")
        }
        guard length <= UInt64(data.count - 8) else {
            throw fail("the header is \(length) bytes but only \(data.count - 8) follow the length; the file is truncated or not safetensors")
        }
        let headerBytes = data[(base + 8)..<(base + 8 + Int(length))]
        guard let headerText = String(data: headerBytes, encoding: .utf8) else {
            throw fail("the header is not UTF-8 text; \(damaged)")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerText.utf8), options: [])
        } catch {
            throw fail("the header is not valid JSON; \(damaged)")
        }
        guard let root = json as? [String: Any] else {
            throw fail("the header is JSON but not an object of tensor names; \(damaged)")
        }
        let bufferStart = base + 8 + Int(length)
        let bufferSize = data.count - 8 - Int(length)

        var metadata: [String: String] = [:]
        if let meta = root["__metadata__"] {
            guard let dict = meta as? [String: Any] else { throw fail("`__metadata__` must be an object of strings; \(damaged)") }
            for (key, value) in dict {
                guard let text = value as? String else { throw fail("`__metadata__` entry `\(key)` is not a string; \(damaged)") }
                metadata[key] = text
            }
        }

        struct Entry { var name: String; var dtype: String; var shape: [Int]; var begin: Int; var end: Int }
        var entries: [Entry] = []
        for (tensorName, value) in root where tensorName != "__metadata__" {
            func bad(_ why: String) -> Failure { fail("tensor `\(tensorName)`: \(why); \(damaged)") }
            guard let fields = value as? [String: Any] else { throw bad("its entry is not an object") }
            guard let dtype = fields["dtype"] as? String else { throw bad("it has no dtype") }
            guard let size = elementSizes[dtype] else {
                throw fail("tensor `\(tensorName)` has dtype \(dtype), which ConvTerm does not read (it reads F32, F64, F16, BF16 and integers); convert it to float32 in PyTorch (`t.float()`) and save again")
            }
            guard let shapeList = fields["shape"] as? [Any], let shape = wholeNumbers(shapeList) else {
                throw bad("its shape is not a list of whole numbers")
            }
            guard let offsetList = fields["data_offsets"] as? [Any], let offsets = wholeNumbers(offsetList), offsets.count == 2 else {
                throw bad("its data_offsets are not two whole numbers")
            }
            var elements = 1
            for d in shape {
                let (product, overflow) = elements.multipliedReportingOverflow(by: d)
                guard !overflow, product <= bufferSize else { throw bad("its shape \(shape) holds more values than the file has bytes") }
                elements = product
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin <= end, end <= bufferSize else {
                throw fail("tensor `\(tensorName)`: its data_offsets [\(begin), \(end)] lie outside the \(bufferSize) bytes of data; the file is truncated or damaged")
            }
            guard end - begin == elements * size else {
                throw bad("its shape \(shape) of \(dtype) needs \(elements * size) bytes but its data_offsets [\(begin), \(end)] hold \(end - begin)")
            }
            entries.append(Entry(name: tensorName, dtype: dtype, shape: shape, begin: begin, end: end))
        }
        // The data must be tiled exactly, as the reference reader demands: no overlaps, no gaps.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var position = 0
        for e in entries {
            guard e.begin == position else {
                let what = e.begin < position ? "overlaps the tensor before it" : "leaves a gap of \(e.begin - position) bytes before it"
                throw fail("tensor `\(e.name)`: its data (from byte \(e.begin)) \(what); \(damaged)")
            }
            position = e.end
        }
        guard position == bufferSize else {
            throw fail("the tensors cover \(position) bytes but \(bufferSize) follow the header; the file is damaged or has extra bytes at the end")
        }
        var tensors: [Tensor] = []
        tensors.reserveCapacity(entries.count)
        for e in entries {
            let values = data.withUnsafeBytes { raw in
                convert(UnsafeRawBufferPointer(rebasing: raw[(bufferStart - base + e.begin)..<(bufferStart - base + e.end)]), dtype: e.dtype)
            }
            tensors.append(Tensor(name: e.name, shape: e.shape, values: values, dtype: e.dtype))
        }
        return SafeTensors(tensors: tensors, metadata: metadata)
    }

    /// Non-negative integers only (JSON numbers arrive as NSNumber; 2.5, -1, true or "3" are refused).
    static func wholeNumbers(_ list: [Any]) -> [Int]? {
        var out: [Int] = []
        for item in list {
            guard let number = item as? NSNumber, !isBoolean(number) else { return nil }
            let d = number.doubleValue
            guard d.isFinite, d >= 0, d < 9.0e15, d == d.rounded() else { return nil }
            out.append(Int(d))
        }
        return out
    }

    /// JSON `true` arrives as an NSNumber too (and `is Bool` holds for any 0 or 1 on Darwin);
    /// a boolean is told apart by its objCType, "c".
    static func isBoolean(_ number: NSNumber) -> Bool {
        String(cString: number.objCType) == "c"
    }

    /// Little-endian elements of `dtype` to Float.
    static func convert(_ raw: UnsafeRawBufferPointer, dtype: String) -> [Float] {
        let size = elementSizes[dtype]!
        let count = raw.count / size
        var out = [Float](repeating: 0, count: count)
        func u16(_ i: Int) -> UInt16 { UInt16(raw[i]) | UInt16(raw[i + 1]) << 8 }
        func u32(_ i: Int) -> UInt32 { UInt32(u16(i)) | UInt32(u16(i + 2)) << 16 }
        func u64(_ i: Int) -> UInt64 { UInt64(u32(i)) | UInt64(u32(i + 4)) << 32 }
        for i in 0..<count {
            let at = i * size
            switch dtype {
            case "F32": out[i] = Float(bitPattern: u32(at))
            case "F64": out[i] = Float(Double(bitPattern: u64(at)))
            case "F16": out[i] = HalfFloat.float(fromHalf: u16(at))
            case "BF16": out[i] = Float(bitPattern: UInt32(u16(at)) << 16)
            case "I64": out[i] = Float(Int64(bitPattern: u64(at)))
            case "I32": out[i] = Float(Int32(bitPattern: u32(at)))
            case "I16": out[i] = Float(Int16(bitPattern: u16(at)))
            case "I8": out[i] = Float(Int8(bitPattern: raw[at]))
            default: out[i] = Float(raw[at])   // U8, BOOL
            }
        }
        return out
    }
}
