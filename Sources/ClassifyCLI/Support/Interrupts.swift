// SPDX-License-Identifier: Apache-2.0
// SIGINT, SIGTERM and SIGHUP. Two ways to take them:
//
// - `install()` (redact, profile): remove the temporary report files (so that no partial
//   report is left), erase the progress line, then die of the signal as usual.
// - `installStopping()` (scan): the first signal only sets a flag. The scan polls it (and
//   the engine reads it as the scans' cancel flag), stops, writes the report of what was
//   scanned marked incomplete, and exits 128 + the signal. A second signal is handled as
//   by `install()`: the process dies of it at once.
//
// The handlers make only async-signal-safe calls (unlink, write, signal, raise) and touch
// only memory allocated before they are installed: no Swift allocation, no locks.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

import ClassifyEngine

enum Interrupts {
    /// Slots for the temporary files being written (`--output`, `--summary`), each a
    /// NUL-terminated path or nil. Allocated once, before any handler is installed.
    static let slotCount = 4
    nonisolated(unsafe) static let pendingTemporaryPaths: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?> = {
        let p = UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>.allocate(capacity: slotCount)
        p.initialize(repeating: nil, count: slotCount)
        return p
    }()
    /// Whether a progress line is on the terminal (standard error).
    nonisolated(unsafe) static var progressShown = false
    /// The signal that asked the scan to stop, 0 until one does. Written by the handler,
    /// read by every thread (an aligned Int32: a plain load or store is indivisible) and by
    /// the engine through `cancelFlag`.
    nonisolated(unsafe) static let received: UnsafeMutablePointer<Int32> = {
        let p = UnsafeMutablePointer<Int32>.allocate(capacity: 1)
        p.initialize(to: 0)
        return p
    }()

    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    /// The signal that stopped the scan, if one did.
    static var stopSignal: Int32? {
        let s = received.pointee
        return s == 0 ? nil : s
    }

    /// The engine's cancel flag, set by the first signal after `installStopping()`.
    static var cancelFlag: CancelFlag { CancelFlag(UnsafePointer(received)) }

    /// The exit status of a process stopped by `signal` (what a shell shows for it).
    static func exitStatus(for signal: Int32) -> Int32 { 128 + signal }

    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: return "SIGINT"
        case SIGTERM: return "SIGTERM"
        case SIGHUP: return "SIGHUP"
        default: return "signal \(signal)"
        }
    }

    /// Registers a temporary file to remove if the process dies of a signal; returns its
    /// slot (nil when every slot is taken: the file is then only removed on orderly paths).
    static func registerTemporary(_ path: UnsafeMutablePointer<CChar>) -> Int? {
        for i in 0..<slotCount where pendingTemporaryPaths[i] == nil {
            pendingTemporaryPaths[i] = path
            return i
        }
        return nil
    }

    /// Forgets (and frees) the temporary file in `slot`.
    static func unregisterTemporary(_ slot: Int) {
        if let p = pendingTemporaryPaths[slot] {
            pendingTemporaryPaths[slot] = nil
            p.deallocate()
        }
    }

    /// Cleans up and dies of `sig`. Async-signal-safe.
    private static let die: @convention(c) (Int32) -> Void = { sig in
        for i in 0..<Interrupts.slotCount {
            if let p = Interrupts.pendingTemporaryPaths[i] { unlink(p) }
        }
        if Interrupts.progressShown {
            let erase: StaticString = "\r\u{1B}[K"
            _ = write(2, erase.utf8Start, erase.utf8CodeUnitCount)
        }
        signal(sig, SIG_DFL)
        raise(sig)
    }

    /// Die of the first signal (after cleaning up).
    static func install() {
        prepare()
        for s in signals { handle(s, die) }
    }

    /// Stop on the first signal (`received`), die of the second.
    static func installStopping() {
        prepare()
        let stop: @convention(c) (Int32) -> Void = { sig in
            if Interrupts.received.pointee == 0 {
                Interrupts.received.pointee = sig
                return
            }
            Interrupts.die(sig)
        }
        for s in signals { handle(s, stop) }
    }

    /// Touches the handlers' state so that its lazy initialisation happens now, never in
    /// a handler.
    private static func prepare() {
        _ = pendingTemporaryPaths
        _ = received
        _ = die
        _ = progressShown
    }

    private static func handle(_ sig: Int32, _ handler: @convention(c) (Int32) -> Void) {
        // signal(2) in glibc and musl: the handler stays installed and interrupted system
        // calls restart (the scan polls `received` rather than relying on EINTR, which
        // reaches only the thread that took the signal).
        signal(sig, handler)
    }
}
