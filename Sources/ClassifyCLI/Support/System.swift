// SPDX-License-Identifier: Apache-2.0
// Thin wrappers over the C library calls the command uses (no Foundation).

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

enum System {
    /// The text of an errno value ("No such file or directory").
    static func describe(errno code: Int32) -> String {
        guard let s = strerror(code) else { return "error \(code)" }
        return String(cString: s)
    }

    /// Nanoseconds on the monotonic clock.
    static func monotonicNanoseconds() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }

    /// Seconds since the Unix epoch (wall clock).
    static func unixSeconds() -> Int64 { Int64(time(nil)) }

    static func isTerminal(_ fd: Int32) -> Bool { isatty(fd) == 1 }

    /// The value of an environment variable, nil when unset.
    static func environment(_ name: String) -> String? {
        guard let v = getenv(name) else { return nil }
        return String(cString: v)
    }

    /// Columns of the terminal on `fd`, or nil.
    static func terminalColumns(_ fd: Int32) -> Int? {
        var ws = winsize()
        guard ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 else { return nil }
        return Int(ws.ws_col)
    }

    /// The processors online (at least 1).
    static func processorCount() -> Int { max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN))) }

    /// The current directory, or nil.
    static func currentDirectory() -> [UInt8]? {
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return nil }
        return buf.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    }

    /// Writes all of `bytes` to `fd`, retrying on EINTR and short writes. Returns 0 or errno.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> Int32 {
        guard var p = bytes.baseAddress else { return 0 }
        var left = bytes.count
        while left > 0 {
            let n = write(fd, p, left)
            if n < 0 {
                if errno == EINTR { continue }
                return errno
            }
            p += n
            left -= n
        }
        return 0
    }

    /// Writes a message to standard error, ignoring failures (there is nowhere else to say it).
    static func writeStderr(_ text: String) {
        var t = text
        t.withUTF8 { _ = writeAll(2, UnsafeRawBufferPointer($0)) }
    }
}

/// A path as the operating system sees it (bytes, possibly not UTF-8) and as it is shown.
struct PathName: Sendable, Hashable, Comparable {
    /// The bytes handed to the system calls, without a terminating NUL.
    var bytes: [UInt8]

    init(bytes: [UInt8]) { self.bytes = bytes }
    init(_ text: String) { bytes = Array(text.utf8) }

    /// For display and reports; invalid UTF-8 shows as U+FFFD.
    var display: String { String(decoding: bytes, as: UTF8.self) }

    /// `self` joined with a directory entry name, without doubling the separator.
    func appending(_ name: [UInt8]) -> PathName {
        if bytes.isEmpty { return PathName(bytes: name) }
        if bytes.last == UInt8(ascii: "/") { return PathName(bytes: bytes + name) }
        return PathName(bytes: bytes + [UInt8(ascii: "/")] + name)
    }

    /// The last component.
    var baseName: [UInt8] {
        var b = bytes[...]
        while b.count > 1, b.last == UInt8(ascii: "/") { b = b.dropLast() }
        if let slash = b.lastIndex(of: UInt8(ascii: "/")), slash < b.endIndex - 1 {
            return Array(b[(slash + 1)...])
        }
        return Array(b)
    }

    /// Calls `body` with a NUL-terminated C string of the path.
    func withCString<R>(_ body: (UnsafePointer<CChar>) throws -> R) rethrows -> R {
        var z = bytes
        z.append(0)
        return try z.withUnsafeBufferPointer { buf in
            try buf.withMemoryRebound(to: CChar.self) { try body($0.baseAddress!) }
        }
    }

    /// Byte-wise order, so that output order does not depend on Unicode normalization.
    static func < (a: PathName, b: PathName) -> Bool { a.bytes.lexicographicallyPrecedes(b.bytes) }
}
