import ArgumentParser
import ConvEngine
import Foundation

/// Checks of numeric options shared by every command, so each says the same sentence about a bad
/// value: the option, what it accepts, and what was typed.
///
/// Numeric options are declared `parsing: .unconditional`: otherwise ArgumentParser reads `-1` in
/// `--lr -1` as an option named `-1` and answers "Missing value for '--lr <lr>'", which tells a
/// student nothing about learning rates.
enum OptionValidation {
    /// Enough threads to oversubscribe on purpose (measuring contention), not a typo's 1000.
    static var maximumThreads: Int { 4 * cores }
    static var cores: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// A file to write at the end of a long run: its directory must exist and be writable now,
    /// not after hours of training.
    static func writableFile(_ path: String, option: String) throws {
        let directory = (URL(fileURLWithPath: path).deletingLastPathComponent().path as NSString).standardizingPath
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ValidationError("\(option) \(path): the directory \(directory) does not exist; create it first (mkdir -p \(directory)) or choose another path")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw ValidationError("\(option) \(path): the directory \(directory) is not writable; choose another path")
        }
    }

    static func threads(_ value: Int, option: String = "--threads") throws {
        guard (1...maximumThreads).contains(value) else {
            throw ValidationError("\(option) must be from 1 to \(maximumThreads) (4 x the \(cores) cores of this machine), got \(value)")
        }
    }

    static func whole(_ value: Int, in range: ClosedRange<Int>, option: String) throws {
        guard range.contains(value) else {
            throw ValidationError("\(option) must be from \(range.lowerBound.grouped) to \(range.upperBound.grouped), got \(value)")
        }
    }

    static func atLeast(_ minimum: Int, _ value: Int, option: String) throws {
        guard value >= minimum else {
            throw ValidationError("\(option) must be \(minimum == 0 ? "0 or more" : "at least \(minimum.grouped)"), got \(value)")
        }
    }

    static func positive(_ value: Double, atMost maximum: Double, option: String) throws {
        guard value > 0, value <= maximum else {
            throw ValidationError("\(option) must be a positive number no larger than \(text(maximum)), got \(text(value))")
        }
    }

    static func nonNegative(_ value: Double, atMost maximum: Double, option: String) throws {
        guard value >= 0, value <= maximum else {
            throw ValidationError("\(option) must be zero or a positive number no larger than \(text(maximum)), got \(text(value))")
        }
    }

    /// A seed as typed: UInt64's own parse error would say only "invalid".
    static func seed(_ text: String) throws -> UInt64 {
        guard let value = UInt64(text) else {
            throw ValidationError("--seed must be a whole number from 0 to \(UInt64.max), got \(text)")
        }
        return value
    }

    /// -1 rather than -1.0, 1e6 rather than 1000000.0: numbers as a user types them.
    static func text(_ value: Double) -> String {
        if value.isFinite, value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        if value == 1e6 { return "1e6" }
        return "\(value)"
    }
}
