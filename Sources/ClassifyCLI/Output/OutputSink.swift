// SPDX-License-Identifier: Apache-2.0
// Where a report goes: standard output, or a file written atomically (a temporary file in
// the same directory, renamed over the target once complete), so that a reader never sees
// a half-written report. Writes are buffered and every error is reported: a full disk is
// an error (exit 2), a reader that went away (EPIPE on standard output) is not.

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum OutputFailure: Error {
    /// Standard output is a pipe whose reader has gone away.
    case brokenPipe
    /// Anything else, with a message that names the destination.
    case failed(String)
}

final class OutputSink {
    /// "standard output" or the target path, for messages.
    let label: String
    let isStandardOutput: Bool
    /// The descriptor written to: 1, a temporary file, or a device/FIFO given as `--output`.
    private let fd: Int32
    private let finalPath: String?
    private var temporaryPath: [CChar]?
    /// The temporary file's slot in `Interrupts` (removed if the process dies of a signal).
    private var interruptSlot: Int?
    private var buffer: [UInt8] = []
    private var closed = false
    /// The file the report replaces and the temporary file it is written to, so that a
    /// scan of their directory leaves them out.
    private(set) var previousFile: FileID?
    private(set) var temporaryFile: FileID?

    private init(label: String, fd: Int32, finalPath: String?, temporaryPath: [CChar]?, isStandardOutput: Bool) {
        self.label = label
        self.fd = fd
        self.finalPath = finalPath
        self.temporaryPath = temporaryPath
        self.isStandardOutput = isStandardOutput
        buffer.reserveCapacity(1 << 16)
    }

    static func standardOutput() -> OutputSink {
        OutputSink(label: "standard output", fd: 1, finalPath: nil, temporaryPath: nil, isStandardOutput: true)
    }

    /// Opens `path` for a report. A regular file (or a new one) is written through a
    /// temporary file in the same directory; a device or a FIFO (`/dev/stdout`, a named
    /// pipe) is written directly. Fails before any scanning when the directory is not
    /// writable.
    static func file(_ path: String) throws(CLIError) -> OutputSink {
        guard !path.isEmpty else { throw CLIError("--output: the path is empty") }
        var target = path
        var st = stat()
        if lstat(path, &st) == 0, (st.st_mode & S_IFMT) == S_IFLNK {
            // Replace the file the link points to, not the link.
            if let real = realpath(path, nil) {
                target = String(cString: real)
                free(real)
            }
        }
        if stat(target, &st) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR { throw CLIError("--output '\(path)': is a directory") }
            if type != S_IFREG {
                let fd = open(target, O_WRONLY | O_CLOEXEC | O_NOCTTY)
                guard fd >= 0 else {
                    throw CLIError("--output '\(path)': cannot open: \(System.describe(errno: errno))")
                }
                return OutputSink(label: path, fd: fd, finalPath: nil, temporaryPath: nil, isStandardOutput: false)
            }
        }
        var previous: FileID?
        let existingMode: mode_t?
        if stat(target, &st) == 0 {
            existingMode = st.st_mode & 0o7777
            previous = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino))
        } else {
            existingMode = nil
        }
        let slash = target.lastIndex(of: "/")
        let directory = slash.map { String(target[...$0]) } ?? ""
        let base = slash.map { String(target[target.index(after: $0)...]) } ?? target
        var template = Array((directory + "." + base + ".tmp-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else {
            let dir = directory.isEmpty ? "." : directory
            throw CLIError("--output '\(path)': cannot create a file in '\(dir)': \(System.describe(errno: errno))")
        }
        // mkstemp makes the file 0600; give it the mode a new file would get (or the old one's).
        let mask = umask(0)
        umask(mask)
        fchmod(fd, existingMode ?? (0o666 & ~mask))
        let tmp = UnsafeMutablePointer<CChar>.allocate(capacity: template.count)
        tmp.initialize(from: template, count: template.count)
        let sink = OutputSink(label: path, fd: fd, finalPath: target, temporaryPath: template, isStandardOutput: false)
        sink.interruptSlot = Interrupts.registerTemporary(tmp)
        if sink.interruptSlot == nil { tmp.deallocate() }
        sink.previousFile = previous
        if fstat(fd, &st) == 0 { sink.temporaryFile = FileID(device: UInt64(st.st_dev), inode: UInt64(st.st_ino)) }
        return sink
    }

    func write(_ text: String) throws(OutputFailure) {
        var t = text
        t.withUTF8 { buffer.append(contentsOf: $0) }
        if buffer.count >= 1 << 16 { try flush() }
    }

    func write(_ bytes: [UInt8]) throws(OutputFailure) {
        if buffer.isEmpty && bytes.count >= 1 << 16 {
            try writeOut(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 16 { try flush() }
    }

    func flush() throws(OutputFailure) {
        guard !buffer.isEmpty else { return }
        let pending = buffer
        buffer.removeAll(keepingCapacity: true)
        try writeOut(pending)
    }

    private func writeOut(_ bytes: [UInt8]) throws(OutputFailure) {
        let err = bytes.withUnsafeBytes { System.writeAll(fd, $0) }
        guard err != 0 else { return }
        if err == EPIPE && isStandardOutput { throw .brokenPipe }
        throw .failed("cannot write to \(isStandardOutput ? label : "'\(label)'"): \(System.describe(errno: err))")
    }

    /// Flushes and, for a file, syncs it and renames it over the target.
    func commit() throws(OutputFailure) {
        try flush()
        guard !closed else { return }
        closed = true
        guard let temporaryPath, let finalPath else {
            if !isStandardOutput, close(fd) != 0 {
                throw .failed("cannot write to '\(label)': \(System.describe(errno: errno))")
            }
            return
        }
        if fsync(fd) != 0 {
            let e = errno
            close(fd)
            abandon()
            throw .failed("cannot write to '\(label)': \(System.describe(errno: e))")
        }
        if close(fd) != 0 {
            let e = errno
            abandon()
            throw .failed("cannot write to '\(label)': \(System.describe(errno: e))")
        }
        let renamed = temporaryPath.withUnsafeBufferPointer { rename($0.baseAddress!, finalPath) }
        if renamed != 0 {
            let e = errno
            abandon()
            throw .failed("cannot move the report into place at '\(label)': \(System.describe(errno: e))")
        }
        self.temporaryPath = nil
        clearPending()
    }

    /// Removes the temporary file (after an error); the target is left as it was.
    func abandon() {
        if !closed {
            closed = true
            if !isStandardOutput { close(fd) }
        }
        if let temporaryPath {
            _ = temporaryPath.withUnsafeBufferPointer { unlink($0.baseAddress!) }
            self.temporaryPath = nil
        }
        clearPending()
    }

    private func clearPending() {
        if let slot = interruptSlot {
            interruptSlot = nil
            Interrupts.unregisterTemporary(slot)
        }
    }
}
