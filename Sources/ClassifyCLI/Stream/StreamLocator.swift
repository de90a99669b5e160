// SPDX-License-Identifier: Apache-2.0
// What a report needs to know of each finding of a stream, worked out as the stream's
// bytes pass (used by StreamScan.swift).

import ClassifyEngine
import RulePacks

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
