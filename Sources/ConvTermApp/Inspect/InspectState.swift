import ConvEngine
import TerminalKit

/// Everything the inspector shows, as a value. The spec is kept as the lines of its `.net` text
/// (comments and layout survive an edit); every change re-parses the whole text and recomputes all
/// shapes at once, so a table row never disagrees with the file that would be written.
public struct InspectState: Sendable {
    public var name: String
    /// Where it came from, for the title: `zoo:vgg16` or the path typed.
    public var origin: String
    /// The file it was loaded from (the default target of `w`), nil for zoo nets.
    public var sourcePath: String?
    public private(set) var lines: [String]
    public private(set) var shapes: NetworkShapes
    public private(set) var breakdown: NetworkBreakdown
    /// Index into `shapes.rows`.
    public var selected = 0
    public var convention: MultiplyAddConvention = .lecture
    /// A row marked with `m` to compare with the selected one.
    public var mark: Int?
    public var mode: Mode = .browse
    public var message: StatusMessage?
    /// Edits not yet written to a file (quitting asks first).
    public private(set) var isModified = false
    public var showHelp = false
    public var lastSearch = ""
    /// What q does, for the footer: "quit" alone, "back" inside a lesson.
    public var quitAction = "quit"
    /// Earlier texts, for `u`.
    private var undoStack: [[String]] = []

    public enum Mode: Hashable, Sendable {
        case browse
        /// Editing a layer line; `error` is the parse error of the last attempt to apply it.
        case edit(LineEditor, EditTarget, error: String?)
        case prompt(Prompt, LineEditor, error: String?)
        case confirm(Confirmation)
    }

    public enum EditTarget: Hashable, Sendable {
        /// Replace the line at this 0-based index.
        case replace(line: Int)
        /// Insert a new line before this 0-based index, with this indentation.
        case insert(before: Int, indent: String)
    }

    public enum Prompt: String, Hashable, Sendable {
        case search = "search"
        case goTo = "go to layer (name or #)"
        case input = "input size WxHxD"
        case writePath = "write to file"
    }

    public enum Confirmation: Hashable, Sendable {
        case overwrite(path: String)
        case quitUnsaved
    }

    public struct StatusMessage: Hashable, Sendable {
        public var text: String
        public var isError: Bool
        public init(_ text: String, isError: Bool = false) {
            self.text = text
            self.isError = isError
        }
    }

    /// `text` must parse (callers load through `NetworkSource`, which already reported any error).
    public init(name: String, origin: String, sourcePath: String? = nil, text: String) throws(SpecError) {
        self.name = name
        self.origin = origin
        self.sourcePath = sourcePath
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        self.lines = lines
        let spec = try SpecParser.parse(text)
        if let tooLarge = ShapeLimits.check(spec) { throw SpecError(tooLarge, at: SourceLocation(line: 1, column: 1)) }
        shapes = NetworkShapes(spec)
        breakdown = NetworkBreakdown(shapes)
    }

    public init(source: NetworkSource) throws(SpecError) {
        let isZoo = source.origin.hasPrefix("zoo:")
        try self.init(name: source.name, origin: source.origin, sourcePath: isZoo ? nil : source.origin, text: source.text)
    }

    public var text: String { lines.joined(separator: "\n") + "\n" }
    public var rows: [LayerShape] { shapes.rows }
    public var selectedRow: LayerShape { shapes.rows[min(selected, shapes.rows.count - 1)] }

    /// Rows whose layer does not fit its input.
    public var problemRows: [Int] { shapes.rows.indices.filter { shapes.rows[$0].problem != nil } }

    // MARK: Text and rows

    /// The 0-based index of the line a row was written on.
    public func lineIndex(ofRow i: Int) -> Int? {
        guard shapes.rows.indices.contains(i) else { return nil }
        let location = i == 0 ? shapes.spec.inputLocation : shapes.rows[i].location
        guard let line = location?.line, lines.indices.contains(line - 1) else { return nil }
        return line - 1
    }

    /// The row written on a 0-based line, if any.
    public func row(atLine index: Int) -> Int? {
        if shapes.spec.inputLocation?.line == index + 1 { return 0 }
        return shapes.rows.indices.dropFirst().first { shapes.rows[$0].location?.line == index + 1 }
    }

    /// For a block header (`residual {`, `concat {`), the 0-based line of its closing brace.
    func blockEnd(fromLine start: Int) -> Int? {
        var depth = 0
        for i in start..<lines.count {
            let code = lines[i].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            depth += code.filter { $0 == "{" }.count - code.filter { $0 == "}" }.count
            if depth == 0 && i > start { return i }
            if depth == 0 && i == start && !code.contains("{") { return i }
        }
        return nil
    }

    static func indentation(of line: String) -> String { String(line.prefix { $0 == " " || $0 == "\t" }) }

    /// Replaces the whole text if it parses; otherwise leaves everything as it was and returns the
    /// error (the editor stays open showing it). Shape problems are not errors: they show in red.
    @discardableResult
    mutating func apply(_ newLines: [String], select line: Int? = nil) -> SpecError? {
        let joined = newLines.joined(separator: "\n") + "\n"
        let spec: NetworkSpec
        do { spec = try SpecParser.parse(joined) } catch { return error }
        // Typed numbers can be anything; refuse sizes whose counts would overflow (and trap).
        if let tooLarge = ShapeLimits.check(spec) {
            let line = line.map { $0 + 1 } ?? 1
            return SpecError(tooLarge, at: SourceLocation(line: line, column: 1))
        }
        undoStack.append(lines)
        if undoStack.count > 200 { undoStack.removeFirst() }
        lines = newLines
        recompute(spec)
        isModified = true
        if let line, let row = row(atLine: line) { selected = row }
        selected = min(selected, shapes.rows.count - 1)
        if let m = mark, m >= shapes.rows.count { mark = nil }
        return nil
    }

    private mutating func recompute(_ spec: NetworkSpec) {
        shapes = NetworkShapes(spec)
        breakdown = NetworkBreakdown(shapes)
    }

    /// `u`: back to the text before the last edit.
    mutating func undo() -> Bool {
        guard let previous = undoStack.popLast() else { return false }
        lines = previous
        if let spec = try? SpecParser.parse(text) { recompute(spec) }
        selected = min(selected, shapes.rows.count - 1)
        isModified = true
        return true
    }

    public var canUndo: Bool { !undoStack.isEmpty }

    mutating func markWritten(to path: String) {
        isModified = false
        sourcePath = path
    }
}
