// SPDX-License-Identifier: Apache-2.0
// SIGINT, SIGTERM and SIGHUP during a scan: remove the temporary report file (so that no
// partial report is left), erase the progress line, then die of the signal as usual (a
// shell sees 130 for Ctrl-C). Only async-signal-safe calls are made in the handler.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum Interrupts {
    /// The temporary file `--output` is being written to (NUL-terminated), if any.
    nonisolated(unsafe) static var pendingTemporaryPath: UnsafeMutablePointer<CChar>?
    /// Whether a progress line is on the terminal (standard error).
    nonisolated(unsafe) static var progressShown = false

    static func install() {
        let handler: @convention(c) (Int32) -> Void = { sig in
            if let p = Interrupts.pendingTemporaryPath { unlink(p) }
            if Interrupts.progressShown {
                let erase: StaticString = "\r\u{1B}[K"
                _ = write(2, erase.utf8Start, erase.utf8CodeUnitCount)
            }
            signal(sig, SIG_DFL)
            raise(sig)
        }
        signal(SIGINT, handler)
        signal(SIGTERM, handler)
        signal(SIGHUP, handler)
    }
}
