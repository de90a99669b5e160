// SPDX-License-Identifier: Apache-2.0
// Opens one input and reads it whole into a reusable buffer, with the size limit and the
// binary check. Files are read (never mapped), so a file truncated while it is scanned
// cannot fault. Nothing here blocks on a FIFO without a writer: every path is opened
// non-blocking, and streams are waited for with poll (InputReading.swift), which the
// interrupt flag can end.

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

/// An input opened for reading.
struct OpenedInput {
    let fd: Int32
    /// A regular file (seekable, with a size); otherwise a stream: standard input, a FIFO
    /// or a character device, read until it ends.
    let isRegular: Bool
    /// A regular file's size when it was opened (it may change while it is read).
    let size: Int

    /// Closes the descriptor (never standard input's).
    func close() { if fd != 0 { _ = Glibc.close(fd) } }
}

enum ReadOutcome {
    case data
    /// Not scanned, and why. `overLimit`: because of `--max-file-size`.
    case skipped(String, overLimit: Bool = false)
    case failed(String)
}

enum OpenOutcome {
    case opened(OpenedInput)
    case skipped(String, overLimit: Bool = false)
    case failed(String)
}

struct FileReader {
    /// Bytes looked at for a NUL byte (ripgrep's rule).
    static let binaryProbeBytes = 8192
    static let binaryReason = "binary file (NUL byte in the first 8 KiB)"

    let maxFileSize: Int

    /// Opens `target`, checks what it is and, for a regular file, its size.
    func open(_ target: ScanTarget) -> OpenOutcome {
        let fd: Int32
        switch target.kind {
        case .standardInput:
            fd = 0
        case .regular, .stream:
            // Non-blocking: opening a FIFO without a writer (named on the command line, or
            // put where a regular file was listed) must not wait. Reads of a stream are
            // waited for with poll instead.
            fd = target.path.withCString { Glibc.open($0, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK) }
            guard fd >= 0 else { return .failed("cannot open: \(System.describe(errno: errno))") }
        }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let e = errno
            if fd != 0 { close(fd) }
            return .failed("cannot stat: \(System.describe(errno: e))")
        }
        let type = st.st_mode & S_IFMT
        // Standard input is always read as a stream (it may not start at offset 0).
        let regular = type == S_IFREG && target.kind != .standardInput
        let input = OpenedInput(fd: fd, isRegular: regular, size: regular ? Int(st.st_size) : 0)
        if type == S_IFDIR {
            input.close()
            return .failed("is a directory")
        }
        if target.kind == .regular, type != S_IFREG {
            input.close()
            return .skipped("no longer a regular file")
        }
        // O_NONBLOCK only guarded the open; a regular file is read with plain reads.
        if input.isRegular { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        if input.isRegular, input.size > maxFileSize {
            input.close()
            return .skipped(FileReader.tooLarge(input.size, maxFileSize), overLimit: true)
        }
        return .opened(input)
    }

    /// Opens and reads `target` whole into `buffer` (`buffer.count` bytes on `.data`).
    func read(_ target: ScanTarget, into buffer: inout ReadBuffer) -> ReadOutcome {
        switch open(target) {
        case .skipped(let reason, let overLimit): return .skipped(reason, overLimit: overLimit)
        case .failed(let message): return .failed(message)
        case .opened(let input):
            defer { input.close() }
            return readWhole(input, into: &buffer)
        }
    }

    /// Reads an opened input to its end into `buffer`. The binary check is made on the
    /// first 8 KiB, before the rest is read.
    func readWhole(_ input: OpenedInput, into buffer: inout ReadBuffer) -> ReadOutcome {
        buffer.count = 0
        let reader = InputReader(input)
        // Files in /proc and the like report 0 and still have content: read to the end.
        let initial = input.isRegular ? max(input.size + 1, 4096) : 65_536
        let limit = maxFileSize == Int.max ? Int.max : maxFileSize + 1
        buffer.reserve(min(initial, limit))
        var probed = false
        while true {
            if buffer.count == buffer.storage.count {
                guard buffer.count < limit else { break }
                let grown = buffer.storage.count > limit / 2 ? limit : buffer.storage.count * 2
                buffer.reserve(max(grown, 4096))
            }
            let want = min(buffer.storage.count, limit) - buffer.count
            let count = buffer.count
            let got = buffer.storage.withUnsafeMutableBytes { raw in
                reader.read(into: UnsafeMutableRawBufferPointer(rebasing: raw[count..<(count + want)]))
            }
            let n: Int
            switch got {
            case .bytes(let k): n = k
            case .end: n = 0
            case .failed(let e): return .failed("cannot read: \(System.describe(errno: e))")
            case .interrupted:
                // The scan is stopping: what was read is scanned, and the engine (whose
                // cancel flag is set) marks the result incomplete.
                n = 0
            }
            if n == 0 { break }
            buffer.count += n
            if buffer.count > maxFileSize {
                return .skipped(FileReader.tooLarge(nil, maxFileSize), overLimit: true)
            }
            if !probed, buffer.count >= FileReader.binaryProbeBytes {
                probed = true
                if FileReader.hasNUL(buffer.storage, count: FileReader.binaryProbeBytes) {
                    return .skipped(FileReader.binaryReason)
                }
            }
        }
        if !probed, FileReader.hasNUL(buffer.storage, count: min(buffer.count, FileReader.binaryProbeBytes)) {
            return .skipped(FileReader.binaryReason)
        }
        return .data
    }

    static func hasNUL(_ bytes: [UInt8], count: Int) -> Bool {
        bytes.withUnsafeBytes { raw in count > 0 && memchr(raw.baseAddress!, 0, count) != nil }
    }

    static func tooLarge(_ size: Int?, _ limit: Int) -> String {
        let limitText = "\(Text.grouped(limit)) bytes"
        if let size { return "larger than --max-file-size (\(Text.grouped(size)) bytes > \(limitText))" }
        return "larger than --max-file-size (more than \(limitText))"
    }
}
