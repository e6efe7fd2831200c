import Foundation
import Testing

/// The built `convterm dashboard` in a private tmux server: keys in, pane text out, and the
/// terminal given back (alternate screen left, cursor shown) however the program ends.
@Suite(.serialized, .enabled(if: DashboardTmux.tmuxPath != nil, "tmux is not installed: end-to-end dashboard tests skipped"))
struct DashboardEndToEndTests {
    static let arguments = "dashboard --train-count 600 --test-count 100 --seed 3 --fps 20"

    @Test func keysPauseStepLearningRateLayerZoomHelpResizeAndQuit() throws {
        let tmux = try DashboardTmux(name: "main")
        defer { tmux.kill() }
        try tmux.start(Self.arguments, width: 120, height: 40)
        try tmux.wait(for: "TRAINING  step [1-9]")
        try tmux.wait(for: "conv1    conv 5x5/1  32x32x16")

        tmux.send("Space")
        try tmux.wait(for: "PAUSED  step [0-9,]+")
        // A step already under way when the key came still finishes: wait until the count settles.
        var step = -1
        for _ in 0..<50 {
            let text = tmux.capture()
            let now = Int(DashboardTmux.firstMatch("PAUSED  step ([0-9,]+)", in: text)?.replacingOccurrences(of: ",", with: "") ?? "") ?? -1
            if now == step && now >= 0 { break }
            step = now
            Thread.sleep(forTimeInterval: 0.3)
        }
        #expect(step > 0)
        tmux.send("n")
        try tmux.wait(for: "PAUSED  step \(DashboardTmux.grouped(step + 1)) ")

        tmux.send("]")
        try tmux.wait(for: "learning rate 2 \\(was 1\\); training continues")
        try tmux.wait(for: "PAUSED  step \(DashboardTmux.grouped(step + 1)) ")

        tmux.send("j")
        try tmux.wait(for: "conv1 activations  32x32x16")
        tmux.send("z")
        try tmux.wait(for: "\nconv1 activations .*tab view  z back")
        tmux.send("z")
        try tmux.wait(for: "tab view  z zoom")

        tmux.send("?")
        try tmux.wait(for: "Dashboard keys")
        tmux.send("x")
        try tmux.wait(for: "tab view  z zoom", absent: "Dashboard keys")

        tmux.resize(width: 90, height: 30)
        // 90x30 is the compact tier: its stats say "ms/ex".
        try tmux.wait(for: "ms/ex f.*need 80x24|ms/ex f", absent: "act min")
        tmux.resize(width: 70, height: 20)
        try tmux.wait(for: "need 80x24, have 70x20")
        tmux.resize(width: 120, height: 40)
        try tmux.wait(for: "act min\\.\\.max")

        tmux.send("q")
        try tmux.wait(for: "Quit\\? .* since the last save would be lost")
        tmux.send("y")
        try tmux.wait(for: "EXIT=0")
        #expect(tmux.display("#{alternate_on}#{cursor_flag}") == "01")
    }

    @Test func ctrlCRestoresTheTerminal() throws {
        let tmux = try DashboardTmux(name: "sigint")
        defer { tmux.kill() }
        try tmux.start(Self.arguments, width: 100, height: 30)
        try tmux.wait(for: "TRAINING  step [1-9]")
        tmux.send("C-c")
        try tmux.wait(for: "EXIT=130")
        #expect(tmux.display("#{alternate_on}#{cursor_flag}") == "01")
    }

    @Test func sigtermRestoresTheTerminal() throws {
        let tmux = try DashboardTmux(name: "sigterm")
        defer { tmux.kill() }
        try tmux.start(Self.arguments, width: 100, height: 30)
        try tmux.wait(for: "TRAINING  step [1-9]")
        let pid = try #require(tmux.programPID())
        kill(pid, SIGTERM)
        try tmux.wait(for: "EXIT=143")
        #expect(tmux.display("#{alternate_on}#{cursor_flag}") == "01")
    }

    @Test func coloursUnderXterm256AndNoneUnderNoColor() throws {
        let colour = try DashboardTmux(name: "colour")
        defer { colour.kill() }
        try colour.start(Self.arguments + " --paused", width: 100, height: 30, environment: "TERM=xterm-256color")
        try colour.wait(for: "PAUSED")
        let escaped = colour.capture(escapes: true)
        #expect(escaped.contains("38;5;") || escaped.contains("48;5;"))
        colour.send("q")
        try colour.wait(for: "EXIT=0")

        let plain = try DashboardTmux(name: "nocolour")
        defer { plain.kill() }
        try plain.start(Self.arguments + " --paused", width: 100, height: 30, environment: "TERM=xterm-256color NO_COLOR=1")
        try plain.wait(for: "PAUSED")
        let text = plain.capture(escapes: true)
        #expect(!text.contains("38;5;") && !text.contains("48;5;"))
        #expect(DashboardTmux.firstMatch("\u{1b}\\[[0-9;]*(3[0-7]|4[0-7]|9[0-7])m", in: text) == nil, "no colour escapes at all")
        #expect(text.contains("PAUSED"))
        plain.send("q")
        try plain.wait(for: "EXIT=0")
    }
}

/// A private tmux server for one test: its own socket name, killed by the test's defer.
struct DashboardTmux {
    static let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
        FileManager.default.isExecutableFile(atPath: $0)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    let socket: String

    init(name: String) throws {
        socket = "convterm-dash-\(name)-\(getpid())"
    }

    /// The built `convterm`, next to the test bundle (both are products of the same build).
    static func binary() throws -> String {
        var candidates: [URL] = []
        if let exe = Bundle.main.executableURL { candidates.append(exe.deletingLastPathComponent()) }
        candidates.append(URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent())
        candidates.append(Bundle.main.bundleURL.deletingLastPathComponent())
        for dir in candidates {
            // The xctest bundle may be a directory (macOS) whose executable sits deeper inside.
            var d = dir
            for _ in 0..<4 {
                let path = d.appendingPathComponent("convterm").path
                if FileManager.default.isExecutableFile(atPath: path) { return path }
                d = d.deletingLastPathComponent()
            }
        }
        throw Failure(description: "convterm binary not found near \(candidates.map(\.path))")
    }

    /// Runs tmux on this test's socket. `capture: false` for commands that start the server:
    /// the daemon inherits the pipe, so reading it to the end would never finish.
    @discardableResult
    func tmux(_ args: [String], capture: Bool = true) -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: DashboardTmux.tmuxPath!)
        p.arguments = ["-L", socket, "-f", "/dev/null"] + args
        let out = Pipe()
        if capture {
            p.standardOutput = out
            p.standardError = out
        } else {
            p.standardOutput = FileHandle.nullDevice
            p.standardError = FileHandle.nullDevice
        }
        do { try p.run() } catch { return (-1, "\(error)") }
        let data = capture ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func start(_ arguments: String, width: Int, height: Int, environment: String = "TERM=xterm-256color") throws {
        // NO_COLOR is cleared unless the test sets it: the runner's own environment must not leak in.
        let command = "env -u NO_COLOR \(environment) LANG=C.UTF-8 LC_ALL=C.UTF-8 \(try DashboardTmux.binary()) \(arguments); echo EXIT=$?; exec sleep 600"
        let status = spawnServer(["new-session", "-d", "-s", "S", "-x", "\(width)", "-y", "\(height)", command])
        guard status == 0 else { throw Failure(description: "tmux new-session failed with status \(status)") }
    }

    /// Starts the server with an empty signal mask. Foundation's `Process` starts children with
    /// every signal blocked; the server and the program in its pane would inherit that, and
    /// Ctrl-C, SIGTERM and even `kill-server` would then do nothing.
    func spawnServer(_ args: [String]) -> Int32 {
        let argv = [DashboardTmux.tmuxPath!, "-L", socket, "-f", "/dev/null"] + args
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        sigaddset(&defaults, SIGINT)
        sigaddset(&defaults, SIGTERM)
        sigaddset(&defaults, SIGHUP)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for fd in [Int32(0), 1, 2] { posix_spawn_file_actions_addopen(&actions, fd, "/dev/null", fd == 0 ? O_RDONLY : O_WRONLY, 0) }
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid = pid_t()
        guard posix_spawn(&pid, argv[0], &actions, &attributes, &cArgs, environ) == 0 else { return -1 }
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        return (status >> 8) & 0xff
    }

    func send(_ keys: String...) {
        tmux(["send-keys", "-t", "S"] + keys)
    }

    func resize(width: Int, height: Int) {
        tmux(["resize-window", "-t", "S", "-x", "\(width)", "-y", "\(height)"])
    }

    func capture(escapes: Bool = false) -> String {
        tmux(["capture-pane", "-p", "-t", "S"] + (escapes ? ["-e"] : [])).output
    }

    func display(_ format: String) -> String {
        tmux(["display", "-p", "-t", "S", format]).output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The pid of the program in the pane (the child of the pane's shell).
    func programPID() -> pid_t? {
        guard let shell = Int32(display("#{pane_pid}")) else { return nil }
        let children = (try? String(contentsOfFile: "/proc/\(shell)/task/\(shell)/children", encoding: .utf8)) ?? ""
        return children.split(separator: " ").first.flatMap { Int32($0) }
    }

    /// Polls the pane every 0.1 s until `pattern` matches (and `absent` does not); throws with the
    /// pane's text after `timeout` seconds.
    @discardableResult
    func wait(for pattern: String, absent: String? = nil, timeout: Double = 15) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var text = ""
        while Date() < deadline {
            text = capture()
            if DashboardTmux.firstMatch(pattern, in: text) != nil,
               absent.map({ DashboardTmux.firstMatch($0, in: text) == nil }) ?? true {
                return text
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        throw Failure(description: "timed out waiting for /\(pattern)/; the pane shows:\n\(text)")
    }

    func kill() {
        tmux(["kill-server"])
    }

    static func firstMatch(_ pattern: String, in text: String) -> String? {
        guard let re = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]) else { return nil }
        let ns = text as NSString
        guard let m = re.firstMatch(in: text, range: NSRange(location: 0, length: ns.length)) else { return nil }
        return ns.substring(with: m.numberOfRanges > 1 && m.range(at: 1).location != NSNotFound ? m.range(at: 1) : m.range)
    }

    static func grouped(_ n: Int) -> String {
        let digits = String(n)
        var out = ""
        for (i, ch) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(ch)
        }
        return out
    }
}
