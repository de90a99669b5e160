// SPDX-License-Identifier: Apache-2.0
// `classify scan -`: standard input scanned as a stream (docs/streaming.md). It is read in
// 64 KiB pieces and never held whole: the stream keeps a bounded tail, and each finding's
// line, column, preview and (for SARIF) line digest are worked out while its bytes are
// still there. The report is the one a scan of the whole input would give.

import ClassifyEngine
import RulePacks

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

enum StandardInputScan {
    static let pieceBytes = 65_536

    static func process(_ target: ScanTarget, scanner: Scanner, settings: ScanSettings) -> FileOutcome {
        let stream = ScanStream(ruleset: settings.ruleset, options: settings.options)
        var locator = StreamLocator(
            showValues: settings.builder.showValues, lineDigests: settings.builder.lineDigests,
            ruleset: settings.ruleset)
        var piece = [UInt8](repeating: 0, count: pieceBytes)
        var total = 0
        while true {
            let n = piece.withUnsafeMutableBytes { read(0, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failed(ErrorEntry(path: target.path, message: "cannot read: \(System.describe(errno: errno))"))
            }
            if n == 0 { break }
            // The same rules as for files: a NUL byte in the first 8 KiB makes it binary, and
            // more than --max-file-size bytes are too many.
            if total < FileReader.binaryProbeBytes {
                let probe = min(n, FileReader.binaryProbeBytes - total)
                if piece[0..<probe].contains(0) {
                    return .skipped(SkippedEntry(path: target.path, reason: "binary file (NUL byte in the first 8 KiB)"))
                }
            }
            total += n
            if total > settings.maxFileSize {
                return .skipped(SkippedEntry(path: target.path, reason: FileReader.tooLarge(nil, settings.maxFileSize)))
            }
            do {
                _ = try piece.withUnsafeBufferPointer { buf throws(ClassifyError) in
                    try stream.write(UnsafeBufferPointer(rebasing: buf[0..<n]), scanner: scanner) { locator.observe($0) }
                }
            } catch {
                return .failed(ErrorEntry(path: target.path, message: error.description))
            }
        }
        do {
            try stream.finish(scanner: scanner) { locator.observe($0) }
            locator.finishInput()
        } catch {
            return .failed(ErrorEntry(path: target.path, message: error.description))
        }
        let result = stream.result(findings: locator.findings)
        var located = locator.located
        var frameworks: [Int: [String]] = [:]
        for i in located.indices {
            let d = located[i].finding.detectorIndex
            if frameworks[d] == nil { frameworks[d] = result.frameworks(of: located[i].finding) }
            located[i].frameworks = frameworks[d] ?? []
        }
        return .scanned(FileReport(path: target.path, byteCount: total, result: result, findings: located))
    }
}

/// Follows a stream's bytes as they pass, to give each finding what a report shows: its
/// line and columns (as `LineCursor` counts them), its masked value and its line's digest.
struct StreamLocator {
    let showValues: Bool
    let lineDigests: Bool
    let ruleset: Ruleset

    private(set) var findings: [Finding] = []
    private(set) var located: [LocatedFinding] = []

    // The cursor: everything before `offset` has been counted.
    private var offset = 0
    private var line = 1
    private var lineStart = 0
    /// Code points from lineStart to offset.
    private var chars = 0

    // The current line's digest (trimmed of spaces, tabs and CR at both ends).
    private var hasher = Digest.Hasher()
    private var leading = true
    /// Whitespace seen after the last other byte of the line, as (byte, run length).
    private var heldBack: [(UInt8, Int)] = []
    /// Findings that start on the current line, waiting for its digest.
    private var waiting: [Int] = []

    init(showValues: Bool, lineDigests: Bool, ruleset: Ruleset) {
        self.showValues = showValues
        self.lineDigests = lineDigests
        self.ruleset = ruleset
    }

    mutating func observe(_ event: StreamEvent) {
        switch event {
        case .retire(let bytes, let base):
            advance(to: base + bytes.count, in: bytes, base: base)
        case .finding(let f, let window, let base):
            advance(to: f.start, in: window, base: base)
            let start = position
            if lineDigests { waiting.append(located.count) }
            advance(to: f.end, in: window, base: base)
            let end = position
            let value = UnsafeBufferPointer(rebasing: window[(f.start - base)..<(f.end - base)])
            let preview = Masking.preview(value, category: ruleset.detectorSpecs[f.detectorIndex].category, showValues: showValues)
            findings.append(f)
            located.append(
                LocatedFinding(finding: f, start: start, end: end, preview: preview, frameworks: [], lineDigest: nil))
        }
    }

    private var position: TextPosition {
        TextPosition(line: line, column: offset - lineStart + 1, columnChars: chars + 1)
    }

    /// Counts the bytes from `offset` to `target` (absolute), read from `bytes` (which
    /// start at `base`). The stream's last retire ends the input: the last line's digest
    /// is then made.
    private mutating func advance(to target: Int, in bytes: UnsafeBufferPointer<UInt8>, base: Int) {
        while offset < target {
            let c = bytes[offset - base]
            if c == 0x0A {
                endLine()
                line += 1
                lineStart = offset + 1
                chars = 0
            } else {
                if c & 0xC0 != 0x80 { chars += 1 }
                if lineDigests { hash(c) }
            }
            offset += 1
        }
    }

    private mutating func hash(_ c: UInt8) {
        let space = c == 0x20 || c == 0x09 || c == 0x0D
        if leading {
            if space { return }
            leading = false
        }
        if space {
            if let last = heldBack.last, last.0 == c {
                heldBack[heldBack.count - 1].1 += 1
            } else {
                heldBack.append((c, 1))
            }
            return
        }
        for (b, n) in heldBack { for _ in 0..<n { hasher.update(b) } }
        heldBack.removeAll(keepingCapacity: true)
        hasher.update(c)
    }

    private mutating func endLine() {
        guard lineDigests else { return }
        let digest = hasher.finish()
        for i in waiting { located[i].lineDigest = digest }
        waiting.removeAll(keepingCapacity: true)
        heldBack.removeAll(keepingCapacity: true)
        leading = true
    }

    /// The digest of the last line, once the input has ended.
    mutating func finishInput() { endLine() }
}
