// SPDX-License-Identifier: Apache-2.0
// One read(2) from an opened input that never blocks for good: a stream (standard input,
// a FIFO, a character device) is waited for with poll in short slices, so that a FIFO
// whose writer has not come yet, or a terminal nobody types on, still lets an interrupt
// stop the scan. Regular files are read directly.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum InputReadResult {
    case bytes(Int)
    case end
    /// errno of a failed read.
    case failed(Int32)
    /// SIGINT/SIGTERM/SIGHUP asked the scan to stop (Interrupts.stopSignal).
    case interrupted
}

struct InputReader {
    /// How long one poll waits before the interrupt flag is looked at again.
    static let pollMilliseconds: Int32 = 100

    let fd: Int32
    let polls: Bool

    init(_ input: OpenedInput) {
        fd = input.fd
        polls = !input.isRegular
    }

    /// Reads at most `buffer.count` bytes.
    func read(into buffer: UnsafeMutableRawBufferPointer) -> InputReadResult {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return .bytes(0) }
        while true {
            if Interrupts.stopSignal != nil { return .interrupted }
            var failedPoll = false
            if polls {
                // On Linux a FIFO opened before any writer polls as not ready (not as hung
                // up) until a writer comes: this is where a writer is waited for.
                var p = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let r = poll(&p, 1, InputReader.pollMilliseconds)
                if r < 0 {
                    if errno == EINTR { continue }
                    return .failed(errno)
                }
                if r == 0 { continue }
                failedPoll = p.revents & Int16(POLLERR | POLLNVAL) != 0
            }
            let n = Glibc.read(fd, base, buffer.count)
            if n > 0 { return .bytes(n) }
            if n == 0 { return .end }
            let e = errno
            if e == EINTR { continue }
            if polls, e == EAGAIN || e == EWOULDBLOCK {
                // Ready by poll and still nothing: only an error condition would loop here.
                if failedPoll { return .failed(EIO) }
                continue
            }
            return .failed(e)
        }
    }
}
