// SPDX-License-Identifier: Apache-2.0
// The progress line on standard error: files and bytes done, throughput, findings so far.
// On a terminal it is rewritten in place, and only once the scan has run for half a
// second; with --progress and no terminal, a plain line is written every two seconds.

enum ProgressMode {
    case off
    /// Rewritten in place with CR and erase-line.
    case terminal
    /// One line at a time (logs).
    case lines
}

final class ProgressLine {
    private let mode: ProgressMode
    private let start: UInt64
    private var lastDraw: UInt64 = 0
    private var drawn = false

    init(mode: ProgressMode, start: UInt64) {
        self.mode = mode
        self.start = start
    }

    func update(_ s: ProgressSnapshot) {
        guard mode != .off else { return }
        let now = System.monotonicNanoseconds()
        let elapsed = now &- start
        switch mode {
        case .off: return
        case .terminal:
            guard elapsed >= 500_000_000, now &- lastDraw >= 100_000_000 else { return }
        case .lines:
            guard now &- lastDraw >= 2_000_000_000 || lastDraw == 0 else { return }
        }
        lastDraw = now
        let seconds = Double(elapsed) / 1e9
        let rate = seconds > 0 ? Double(s.bytesDone) / seconds : 0
        var text = "scanning: \(Text.grouped(s.filesDone))/\(Text.grouped(s.filesTotal)) files, "
        text += "\(Text.bytes(s.bytesDone)), \(Text.bytes(Int(rate)))/s, "
        text += Text.count(s.findings, "finding")
        if mode == .terminal {
            if let cols = System.terminalColumns(2), text.count >= cols { text = String(text.prefix(cols - 1)) }
            System.writeStderr("\r\u{1B}[K" + text)
            drawn = true
            Interrupts.progressShown = true
        } else {
            System.writeStderr(text + "\n")
        }
    }

    /// Erases the line (terminal mode) so that what follows starts clean.
    func finish() {
        if drawn {
            System.writeStderr("\r\u{1B}[K")
            drawn = false
            Interrupts.progressShown = false
        }
    }
}
