// SPDX-License-Identifier: Apache-2.0
// Reads one input into a reusable buffer, with the size limit and the binary check. Files
// are read (never mapped), so a file truncated while it is scanned cannot fault.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// A worker's read buffer, reused from file to file.
struct ReadBuffer {
    var storage: [UInt8] = []
    var count = 0

    /// Makes room for at least `capacity` bytes (keeps what was read).
    mutating func reserve(_ capacity: Int) {
        if storage.count < capacity {
            var bigger = [UInt8](repeating: 0, count: capacity)
            if count > 0 {
                bigger.withUnsafeMutableBufferPointer { dst in
                    storage.withUnsafeBufferPointer { src in
                        _ = memcpy(dst.baseAddress!, src.baseAddress!, count)
                    }
                }
            }
            storage = bigger
        }
    }
}

enum ReadOutcome {
    case data
    case skipped(String)
    case failed(String)
}

struct FileReader {
    /// Bytes looked at for a NUL byte (ripgrep's rule).
    static let binaryProbeBytes = 8192

    let maxFileSize: Int

    /// Reads `target` into `buffer` (`buffer.count` bytes on `.data`).
    func read(_ target: ScanTarget, into buffer: inout ReadBuffer) -> ReadOutcome {
        buffer.count = 0
        let fd: Int32
        switch target.kind {
        case .standardInput:
            fd = 0
        case .regular, .stream:
            let flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | (target.kind == .regular ? O_NONBLOCK : 0)
            fd = target.path.withCString { open($0, flags) }
            guard fd >= 0 else { return .failed("cannot open: \(System.describe(errno: errno))") }
        }
        defer { if fd != 0 { close(fd) } }

        var st = stat()
        guard fstat(fd, &st) == 0 else { return .failed("cannot stat: \(System.describe(errno: errno))") }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return .failed("is a directory") }
        if target.kind == .regular {
            // O_NONBLOCK only guarded the open against a file replaced by a FIFO.
            guard type == S_IFREG else { return .skipped("no longer a regular file") }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        }
        var initial = 65_536
        if type == S_IFREG {
            if Int(st.st_size) > maxFileSize { return .skipped(FileReader.tooLarge(Int(st.st_size), maxFileSize)) }
            // Files in /proc and the like report 0 and still have content: read to the end.
            initial = max(Int(st.st_size) + 1, 4096)
        }
        let limit = maxFileSize == Int.max ? Int.max : maxFileSize + 1
        buffer.reserve(min(initial, limit))
        while true {
            if buffer.count == buffer.storage.count {
                guard buffer.count < limit else { break }
                let grown = buffer.storage.count > limit / 2 ? limit : buffer.storage.count * 2
                buffer.reserve(max(grown, 4096))
            }
            let want = min(buffer.storage.count, limit) - buffer.count
            let n = buffer.storage.withUnsafeMutableBytes { raw in
                Glibc.read(fd, raw.baseAddress! + buffer.count, want)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed("cannot read: \(System.describe(errno: errno))")
            }
            if n == 0 { break }
            buffer.count += n
            if buffer.count > maxFileSize {
                return .skipped(FileReader.tooLarge(nil, maxFileSize))
            }
        }
        let probe = min(buffer.count, FileReader.binaryProbeBytes)
        let hasNUL = buffer.storage.withUnsafeBytes { raw in memchr(raw.baseAddress!, 0, probe) != nil }
        if hasNUL { return .skipped("binary file (NUL byte in the first 8 KiB)") }
        return .data
    }

    static func tooLarge(_ size: Int?, _ limit: Int) -> String {
        let limitText = "\(Text.grouped(limit)) bytes"
        if let size { return "larger than --max-file-size (\(Text.grouped(size)) bytes > \(limitText))" }
        return "larger than --max-file-size (more than \(limitText))"
    }
}
