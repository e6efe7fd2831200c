import ConvEngine
import Foundation

/// Resolves what a user typed after `--net` or `summary`: a zoo name or a `.net` file.
public struct NetworkSource: Sendable {
    public var name: String
    /// What error messages call it: the path as the user typed it, or `zoo:NAME`.
    public var origin: String
    public var text: String
    public var spec: NetworkSpec

    public init(name: String, origin: String, text: String, spec: NetworkSpec) {
        self.name = name
        self.origin = origin
        self.text = text
        self.spec = spec
    }

    /// A human message: which file, which line, what was expected, what to do next.
    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public static func load(_ nameOrPath: String) throws -> NetworkSource {
        if let entry = Zoo.entry(named: nameOrPath) {
            return try NetworkSource(name: entry.name, origin: "zoo:\(entry.name)", text: entry.text, spec: SpecParser.parse(entry.text))
        }
        let url = URL(fileURLWithPath: nameOrPath)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            var hint = "zoo nets: " + Zoo.names.joined(separator: ", ")
            if let guess = Zoo.names.first(where: { $0.hasPrefix(nameOrPath.lowercased().prefix(3)) }) {
                hint = "did you mean `\(guess)`? " + hint
            }
            throw Failure(description: "no zoo net or file named `\(nameOrPath)`; \(hint). A .net file path also works.")
        }
        guard !isDirectory.boolValue else {
            throw Failure(description: "\(nameOrPath) is a directory; give a .net file or a zoo name (\(Zoo.names.joined(separator: ", ")))")
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw Failure(description: "\(nameOrPath): cannot be read (\(error.localizedDescription)); check its permissions")
        }
        let bytes = [UInt8](data)
        // LF from here on: the editor, the caret under an error and a saved copy all count lines as the parser does.
        let text = LineEnds.normalized(String(decoding: bytes, as: UTF8.self))
        do {
            let spec = try SpecParser.parse(bytes: bytes)
            return NetworkSource(name: url.deletingPathExtension().lastPathComponent, origin: nameOrPath, text: text, spec: spec)
        } catch {
            throw Failure(description: describe(error.inFile(nameOrPath), in: text))
        }
    }

    /// The error, then the offending line with a caret under the column, compiler style.
    public static func describe(_ error: SpecError, in text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var out = "error: \(error)"
        let index = error.location.line - 1
        if lines.indices.contains(index), !lines[index].isEmpty, !text.contains("\0") {
            let line = String(lines[index]).replacingOccurrences(of: "\t", with: " ")
            out += "\n  \(line)\n  " + String(repeating: " ", count: max(0, error.location.column - 1)) + "^"
        }
        return out
    }

    /// The first shape problem of the network, formatted like a parse error.
    public func shapeProblem(for shapes: NetworkShapes) -> String? {
        shapes.problems.first.map { NetworkSource.describe($0.inFile(origin), in: text) }
    }
}
