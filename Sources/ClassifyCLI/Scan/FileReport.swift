// SPDX-License-Identifier: Apache-2.0
// What a scan of one file produced, ready for every output format: the engine's result
// plus, for each finding, where it is in lines and columns and what may be shown of it.
// The file's bytes are dropped once this is built.

import ClassifyEngine
import RulePacks

/// A finding with its position in the text and its masked (or, with --show-values, raw)
/// value.
struct LocatedFinding: Sendable {
    var finding: Finding
    var start: TextPosition
    /// Position of the first byte after the value.
    var end: TextPosition
    var preview: String
    var frameworks: [String]
    /// SHA-256 of the finding's line (trimmed), for SARIF fingerprints; nil unless asked.
    var lineDigest: [UInt8]?
    /// In a structured file, the column or path of the value it is in.
    var field: String? = nil
}

struct FileReport: Sendable {
    var path: PathName
    var byteCount: Int
    var result: ScanResult
    var findings: [LocatedFinding]

    var isStandardInput: Bool { path.bytes == Array(FileWalker.standardInputName.utf8) }
}

/// What became of one target.
enum FileOutcome: Sendable {
    case scanned(FileReport)
    case skipped(SkippedEntry)
    case failed(ErrorEntry)
}

struct ReportBuilder: Sendable {
    var showValues: Bool
    var lineDigests: Bool

    func build(path: PathName, data: UnsafeBufferPointer<UInt8>, result: ScanResult, fields: [String]? = nil)
        -> FileReport
    {
        var cursor = LineCursor(data)
        var located: [LocatedFinding] = []
        located.reserveCapacity(result.findings.count)
        var frameworkCache: [Int: [String]] = [:]
        var lastDigestLine = -1
        var lastDigest: [UInt8] = []
        for f in result.findings {
            let start = cursor.position(of: f.start)
            var digest: [UInt8]?
            if lineDigests {
                if cursor.currentLine != lastDigestLine {
                    lastDigest = Digest.sha256(cursor.currentLineContent())
                    lastDigestLine = cursor.currentLine
                }
                digest = lastDigest
            }
            let end = cursor.position(of: f.end)
            let spec = result.detector(of: f)
            let lo = min(max(f.start, 0), data.count)
            let hi = min(max(f.end, lo), data.count)
            let preview = Masking.preview(
                UnsafeBufferPointer(rebasing: data[lo..<hi]), category: spec.category, showValues: showValues)
            let frameworks: [String]
            if let cached = frameworkCache[f.detectorIndex] {
                frameworks = cached
            } else {
                frameworks = result.frameworks(of: f)
                frameworkCache[f.detectorIndex] = frameworks
            }
            located.append(
                LocatedFinding(
                    finding: f, start: start, end: end, preview: preview, frameworks: frameworks, lineDigest: digest,
                    field: fields.flatMap { located.count < $0.count ? $0[located.count] : nil }))
        }
        return FileReport(path: path, byteCount: data.count, result: result, findings: located)
    }
}
