// SPDX-License-Identifier: Apache-2.0
// An input scanned as a stream (docs/streaming.md): standard input, a FIFO or character
// device named on the command line, and regular files larger than --stream-above. It is
// read in 64 KiB pieces and never held whole: the stream keeps a bounded tail, and each
// finding's line, column, preview and (for SARIF) line digest are worked out while its
// bytes are still there (StreamLocator.swift). The report is the one a scan of the whole
// input would give, offsets beyond 2^32 included.

import ClassifyEngine
import RulePacks

enum StreamScan {
    static let pieceBytes = 65_536

    /// Scans `input` (opened for `target`) to its end, or until the scan is interrupted:
    /// the result then covers the bytes read so far, and is marked incomplete (`cancelled`).
    static func process(_ target: ScanTarget, input: OpenedInput, scanner: Scanner, settings: ScanSettings)
        -> FileOutcome
    {
        // An interrupt is seen between pieces (InputReader), not inside the engine: each
        // piece is small, and every byte read is then scanned, the stream's held-back tail
        // included, so the partial result covers exactly what was read.
        var options = settings.options
        options.cancel = nil
        let stream = ScanStream(ruleset: settings.ruleset, options: options)
        var locator = StreamLocator(
            showValues: settings.builder.showValues, lineDigests: settings.builder.lineDigests,
            ruleset: settings.ruleset)
        let reader = InputReader(input)
        var piece = [UInt8](repeating: 0, count: pieceBytes)
        var total = 0
        var stoppedEarly = false
        reading: while true {
            let got = piece.withUnsafeMutableBytes { reader.read(into: $0) }
            let n: Int
            switch got {
            case .bytes(let k): n = k
            case .end: break reading
            case .interrupted:
                stoppedEarly = true
                break reading
            case .failed(let e):
                return .failed(ErrorEntry(path: target.path, message: "cannot read: \(System.describe(errno: e))"))
            }
            // The same rules as for files read whole: a NUL byte in the first 8 KiB makes it
            // binary, and more than --max-file-size bytes are too many.
            if total < FileReader.binaryProbeBytes {
                let probe = min(n, FileReader.binaryProbeBytes - total)
                if piece[0..<probe].contains(0) {
                    return .skipped(SkippedEntry(path: target.path, reason: FileReader.binaryReason))
                }
            }
            total += n
            if total > settings.maxFileSize {
                return .skipped(
                    SkippedEntry(
                        path: target.path, reason: FileReader.tooLarge(nil, settings.maxFileSize),
                        incomplete: target.named))
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
        var result = stream.result(findings: locator.findings)
        if stoppedEarly {
            // The input was not read to its end: the result covers only a prefix, which the
            // engine cannot know (it saw every byte it was given).
            result = scanner.result(
                of: locator.findings, with: settings.ruleset, options: options,
                incomplete: result.decision.incomplete.union(.cancelled))
        }
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
