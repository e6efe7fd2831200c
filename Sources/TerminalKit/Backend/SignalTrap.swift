#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Catches SIGINT, SIGTERM and SIGHUP (an SSH connection dropped) into an atomic flag so the
/// app loop can restore the terminal, let the app save, and exit 130/143/129 itself. It must be installed before the terminal opens: ncurses only
/// installs its own handlers where the disposition is still the default.
public enum SignalTrap {
    // A lock-free atomic store is async-signal-safe; nothing else happens in the handler.
    static let received = Atomic<Int32>(0)

    /// Installs the handlers (idempotent).
    public static func install(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        // Touch the global first so its lazy initialisation never runs inside a handler.
        _ = received.load(ordering: .relaxed)
        for s in signals {
            _ = signal(s) { sig in SignalTrap.received.store(sig, ordering: .relaxed) }
        }
    }

    /// Puts the default dispositions back, so Ctrl-C works normally once the screen is closed.
    public static func uninstall(_ signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]) {
        for s in signals { _ = signal(s, SIG_DFL) }
    }

    /// The last signal caught, if any.
    public static var caught: Int32? {
        let s = received.load(ordering: .relaxed)
        return s == 0 ? nil : s
    }

    public static func reset() { received.store(0, ordering: .relaxed) }

    /// The conventional shell exit status for death by a signal: 128 + n (130 for SIGINT, 143 for SIGTERM).
    public static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }
}
