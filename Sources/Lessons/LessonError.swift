import ConvEngine

/// A problem in a lesson file, located the way editors jump to it: `file:line:column: message`.
public struct LessonError: Error, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(_ message: String, file: String, line: Int, column: Int) {
        self.message = message
        self.file = file
        self.line = line
        self.column = column
    }

    public init(_ message: String, file: String, at location: SourceLocation) {
        self.init(message, file: file, line: location.line, column: location.column)
    }

    public var description: String { "\(file):\(line):\(column): \(message)" }
}
