import Foundation
import Testing

/// What the built `convterm` printed and how it exited.
struct ConvtermRun {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the `convterm` built with the tests as a user types it (no terminal: stdin is empty),
/// for the command-line tests of every suite.
func convterm(_ arguments: [String]) throws -> ConvtermRun {
    let path = try #require(TmuxSession.convtermPath, "the convterm binary is built with the tests")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Both pipes are read to the end before waiting, so a chatty run cannot fill one and block.
    let stdout = out.fileHandleForReading.readDataToEndOfFile()
    let stderr = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return ConvtermRun(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                       stderr: String(decoding: stderr, as: UTF8.self))
}
