/// Why the terminal could not be used, worded for the person at it. Apps print
/// `message` and exit with status 2.
public struct TerminalError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }

    public static let notATerminal = TerminalError(
        "standard input and output must be a terminal for the interactive screen (try a non-interactive command instead)")
    public static func dumbTerminal(_ term: String) -> TerminalError {
        TerminalError("TERM=\(term) cannot move the cursor; run in a terminal such as xterm-256color or tmux")
    }
    public static let noTerm = TerminalError("TERM is not set; set it to your terminal type, e.g. TERM=xterm-256color")
    public static func unknownTerminal(_ term: String) -> TerminalError {
        TerminalError("unknown terminal type TERM=\(term) (no terminfo entry); try TERM=xterm-256color")
    }
}
