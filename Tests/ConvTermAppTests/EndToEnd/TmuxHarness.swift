import Foundation
#if canImport(Glibc)
import Glibc
private func Darwin_or_Glibc_pipe(_ fds: inout [Int32]) -> Int32 { pipe(&fds) }
#else
import Darwin
private func Darwin_or_Glibc_pipe(_ fds: inout [Int32]) -> Int32 { pipe(&fds) }
#endif

/// Runs the built `convterm` inside a private tmux server, for end-to-end tests of the real
/// terminal path (curses, keys, resize, signals, exit status, giving the terminal back).
///
///     @Suite(.enabled(if: TmuxSession.isAvailable, "tmux is not installed: ... skipped"))
///     ...
///     let session = try TmuxSession.start(["inspect", "vgg16"])
///     defer { session.kill() }
///     try session.waitFor("conv1_1")
///     session.send("e")                        // tmux key names: "Enter", "Up", "C-c", "BSpace"
///     session.type("conv 32 3x3 pad 1")        // literal text
///     let screen = try session.waitFor(#"Params 1[0-9,]+"#)
///     session.send("q")
///     #expect(try session.waitForExit() == 0)
///     #expect(session.terminalModes() == .init(alternateScreen: false, cursorVisible: true))
///
/// Each session has its own server (`tmux -L <unique>`, no config file), so tests run in
/// parallel without seeing each other or the user's tmux. The program runs as
/// `CMD; echo EXIT=$?; <echo mode as TTY=echo|-echo>; exec sleep 600`, which keeps the pane (the exit status, and whether the program left echo on) readable
/// after it quits. Waits poll `capture-pane` every 0.1 s up to a timeout: never a fixed sleep.
/// Always `kill()` (in a `defer`); `deinit` kills too, as a safety net.
///
/// Without tmux, `start` throws rather than letting the test pass having checked nothing: a test
/// that needs tmux carries the `.enabled(if: TmuxSession.isAvailable, ...)` trait (on it or its
/// suite), so a machine without tmux reports it as skipped.
///
/// The program gets TERM=screen-256color and a UTF-8 locale, and never the test runner's
/// NO_COLOR (`swift test` sets it); pass `environment: ["NO_COLOR": "1"]` to test monochrome.
final class TmuxSession: @unchecked Sendable {
    /// Why a wait failed, with the screen as it was, so a failing test shows what it saw.
    struct Timeout: Error, CustomStringConvertible {
        var pattern: String
        var screen: String
        var description: String { "timed out waiting for /\(pattern)/; the screen was:\n\(screen)" }
    }

    /// Why a session could not start (no tmux, no built binary), as opposed to a wait that failed.
    struct SetupError: Error, CustomStringConvertible {
        var description: String
    }

    struct Modes: Equatable {
        var alternateScreen: Bool
        var cursorVisible: Bool
    }

    let socket: String
    let width: Int
    let height: Int
    private var killed = false

    /// The tmux executable, or nil when it is not installed (tests with the `isAvailable` trait
    /// are then skipped).
    static let tmuxPath: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(String.init)
            + ["/usr/bin", "/usr/local/bin", "/opt/homebrew/bin"]
        return paths.map { $0 + "/tmux" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static var isAvailable: Bool { tmuxPath != nil }

    /// The `convterm` binary built with the tests: next to the test bundle (whatever the scratch
    /// path: `.build`, `.build-inspect`, ...), else `<repo>/.build/debug/convterm`.
    static let convtermPath: String? = {
        var candidates: [URL] = []
        let argv0 = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        candidates.append(argv0.deletingLastPathComponent())
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            candidates.append(URL(fileURLWithPath: bundle.bundlePath).deletingLastPathComponent())
        }
        // The xctest binary may sit inside Contents/MacOS of the bundle on macOS.
        candidates += candidates.map { $0.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent() }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(repo.appendingPathComponent(".build/debug"))
        return candidates.map { $0.appendingPathComponent("convterm").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// Starts `convterm ARGS` in a fresh server with a `width` x `height` window. Throws when tmux
    /// is not installed (the test lacks the `isAvailable` trait) or the binary is missing.
    static func start(_ arguments: [String], width: Int = 120, height: Int = 40,
                      environment: [String: String] = [:], directory: String? = nil) throws -> TmuxSession {
        guard isAvailable else {
            throw SetupError(description: "tmux is not installed: give this test or its suite "
                + ".enabled(if: TmuxSession.isAvailable, ...) so it is skipped rather than failed")
        }
        guard let binary = convtermPath else {
            throw SetupError(description: "no built convterm next to the tests (\(CommandLine.arguments[0]))")
        }
        let session = TmuxSession(width: width, height: height)
        // A 256-colour terminal and a UTF-8 locale, whatever the test runner has.
        var env = ["TERM": "screen-256color", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"]
        env.merge(environment) { $1 }
        let assignments = env.sorted { $0.key < $1.key }.map { "\($0.key)=\(shellQuote($0.value))" }.joined(separator: " ")
        let cd = directory.map { "cd \(shellQuote($0)) && " } ?? ""
        let command = "\(cd)env \(assignments) \(([binary] + arguments).map(shellQuote).joined(separator: " ")); echo EXIT=$?; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/TTY=/'; exec sleep 600"
        // The server forked here inherits stdout: reading it would wait for the server to exit.
        try session.tmux(["new-session", "-d", "-s", "S", "-x", "\(width)", "-y", "\(height)", command], readOutput: false)
        return session
    }

    private init(width: Int, height: Int) {
        socket = "convterm-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        self.width = width
        self.height = height
    }

    deinit { kill() }

    /// Presses keys by tmux name: "q", "Enter", "Escape", "Up", "BSpace", "C-c", "Space".
    func send(_ keys: String...) {
        _ = try? tmux(["send-keys", "-t", "S"] + keys)
    }

    /// Types text literally (no key-name lookup).
    func type(_ text: String) {
        _ = try? tmux(["send-keys", "-t", "S", "-l", text])
    }

    /// The visible screen as text; `colors` keeps the SGR escapes (`38;5;N` / `48;5;N`).
    func capture(colors: Bool = false) -> String {
        (try? tmux(["capture-pane", "-p", "-t", "S"] + (colors ? ["-e"] : []))) ?? ""
    }

    /// Polls the screen until `pattern` (a regular expression) matches and `absent`, if given,
    /// does not (e.g. a new screen is drawn *and* the overlay is gone); returns that screen.
    /// 15 s by default: a debug build training on two shared cores can take a while to draw.
    @discardableResult
    func waitFor(_ pattern: String, absent: String? = nil, timeout: Duration = .seconds(15),
                 colors: Bool = false) throws -> String {
        let regex = try NSRegularExpression(pattern: pattern)
        let unwanted = try absent.map { try NSRegularExpression(pattern: $0) }
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var screen = ""
        while true {
            screen = capture(colors: colors)
            let range = NSRange(screen.startIndex..., in: screen)
            if regex.firstMatch(in: screen, range: range) != nil,
               unwanted?.firstMatch(in: screen, range: range) == nil {
                return screen
            }
            if clock.now >= deadline {
                throw Timeout(pattern: pattern + (absent.map { " without /\($0)/" } ?? ""), screen: screen)
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
    }

    /// The first match of `pattern` in `text` (its first group, when it has one), or nil.
    static func firstMatch(_ pattern: String, in text: String) throws -> String? {
        let regex = try NSRegularExpression(pattern: pattern)
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        let range = match.numberOfRanges > 1 && match.range(at: 1).location != NSNotFound ? match.range(at: 1) : match.range
        return Range(range, in: text).map { String(text[$0]) }
    }

    /// Waits for the program to quit and returns its exit status.
    func waitForExit(timeout: Duration = .seconds(15)) throws -> Int32 {
        let screen = try waitFor(#"EXIT=\d+"#, timeout: timeout)
        let match = screen.range(of: #"EXIT=\d+"#, options: .regularExpression)!
        return Int32(screen[match].dropFirst(5))!
    }

    /// A tmux format expanded for the pane, e.g. "#{pane_pid}"; empty if tmux could not answer.
    func display(_ format: String) -> String {
        ((try? tmux(["display", "-p", "-t", "S", format])) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Whether the terminal echoes typed keys again after the program quit (`stty` run by the pane's shell).
    func echoIsOn() throws -> Bool {
        let screen = try waitFor(#"TTY=-?echo"#)
        return screen.contains("TTY=echo")
    }

    /// Whether the pane is on the alternate screen and shows the cursor (after exit: false, true).
    /// Anything but two flags (the server gone, say) is neither, so an expectation of
    /// (false, true) fails.
    func terminalModes() -> Modes {
        let flags = Array(display("#{alternate_on}#{cursor_flag}"))
        guard flags.count == 2 else { return Modes(alternateScreen: false, cursorVisible: false) }
        return Modes(alternateScreen: flags[0] == "1", cursorVisible: flags[1] == "1")
    }

    /// The pid of the program in the pane, to signal it directly (SIGTERM): the first child of the
    /// pane's shell, since `env` execs the program in place. Linux only (/proc); nil elsewhere.
    func programPID() -> pid_t? {
        guard let shell = Int32(display("#{pane_pid}")) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    func resize(width: Int, height: Int) {
        _ = try? tmux(["resize-window", "-t", "S", "-x", "\(width)", "-y", "\(height)"])
    }

    /// Ends the server and everything in it. Safe to call twice.
    func kill() {
        guard !killed else { return }
        killed = true
        _ = try? tmux(["kill-server"])
    }

    /// Runs one tmux client command and returns its output. posix_spawn + waitpid rather than
    /// Foundation's Process: Process.waitUntilExit was seen to hang when many tests spawn at once.
    @discardableResult
    private func tmux(_ arguments: [String], readOutput: Bool = true) throws -> String {
        let argv = [TmuxSession.tmuxPath!, "-L", socket, "-f", "/dev/null"] + arguments
        var env = ProcessInfo.processInfo.environment
        env["LC_ALL"] = "C.UTF-8"
        env.removeValue(forKey: "TMUX")  // inside a user's tmux, still talk to our own server
        // `swift test` runs with NO_COLOR=1; the server would pass it to the program. Colour is
        // what most e2e checks look at, so it is off only when a test asks (environment:).
        env.removeValue(forKey: "NO_COLOR")
        return try TmuxSession.spawn(argv, environment: env.map { "\($0.key)=\($0.value)" }, readOutput: readOutput)
    }

    struct SpawnError: Error, CustomStringConvertible {
        var description: String
    }

    static func spawn(_ argv: [String], environment: [String], readOutput: Bool) throws -> String {
        var pipe: [Int32] = [-1, -1]
        if readOutput { guard Darwin_or_Glibc_pipe(&pipe) == 0 else { throw SpawnError(description: "pipe failed") } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if readOutput {
            posix_spawn_file_actions_adddup2(&actions, pipe[1], 1)
            posix_spawn_file_actions_addclose(&actions, pipe[0])
            posix_spawn_file_actions_addclose(&actions, pipe[1])
        } else {
            // The server forked by new-session inherits stdout: it must not be a pipe we wait on.
            posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        }
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        let cArgs = argv.map { strdup($0) } + [nil]
        let cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgs + cEnv).forEach { free($0) } }
        // Test threads (libdispatch workers) block most signals, and a blocked mask survives
        // fork and exec: through the tmux server it would reach the program, which would then
        // never see Ctrl-C (SIGINT) or a resize (SIGWINCH). Start tmux with nothing blocked and
        // default handlers.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none)
        sigfillset(&all)
        sigdelset(&all, SIGKILL)
        sigdelset(&all, SIGSTOP)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, argv[0], &actions, &attributes, cArgs, cEnv)
        if readOutput { close(pipe[1]) }
        guard rc == 0 else {
            if readOutput { close(pipe[0]) }
            throw SpawnError(description: "posix_spawn \(argv[0]) failed: \(rc)")
        }
        var output = [UInt8]()
        if readOutput {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                let n = read(pipe[0], &buffer, buffer.count)
                if n > 0 { output += buffer[0..<n] } else if n == 0 || errno != EINTR { break }
            }
            close(pipe[0])
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return String(decoding: output, as: UTF8.self)
    }

    static func shellQuote(_ s: String) -> String {
        "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
