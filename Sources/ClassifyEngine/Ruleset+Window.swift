// SPDX-License-Identifier: Apache-2.0
// What a stream must keep of its input to report exactly what a scan of the whole input
// reports: for each pattern, how far a match attempt reads ahead of its start (`reach`,
// from the prefilter's plans) and behind it (lookbehind), and for each detector how far
// before a value its keywords and negative keywords may be.

import RulePacks

/// How a stream searches one pattern incrementally.
struct StreamPatternGeometry: Sendable {
    let detector: Int
    let pattern: Int
    /// An attempt at start p reads at most up to p + reach: once that many bytes follow p,
    /// the attempt's outcome is final.
    let reach: Int
    /// An attempt at p reads at most this many bytes before p.
    let lookbehind: Int
    /// The pattern's matches have no length bound (reach is then a cut-off, see
    /// `Limits.unboundedMatchBytes`).
    let unbounded: Bool
    /// The bytes a match can start with, if known (`PCRE2Pattern.firstBytes`).
    let firstBytes: [Bool]?
    /// Bytes every match starts with (lower-cased when `prefixCaseless`), if the pattern
    /// begins with plain literal text (`literalPrefix(of:caseless:)`).
    let prefix: [UInt8]?
    let prefixCaseless: Bool

    /// Whether no match can start at `p` of `s` (an absolute position, `s` holding the
    /// bytes from `base` to `end`), whatever bytes follow `end`.
    func cannotStart(at p: Int, in s: UnsafeBufferPointer<UInt8>, base: Int, end: Int) -> Bool {
        let c = s[p - base]
        if let firstBytes, !firstBytes[Int(c)] { return true }
        guard let prefix else { return false }
        var i = 0
        while i < prefix.count, p + i < end {
            var b = s[p + i - base]
            if prefixCaseless, b >= 0x41, b <= 0x5A { b |= 0x20 }
            if b != prefix[i] { return true }
            i += 1
        }
        return false
    }

    /// The literal text a pattern starts with, when that is plain to see: the characters
    /// before the first metacharacter, escape (other than an escaped punctuation character)
    /// or quantified character, in a pattern without a top-level alternation. Nil when
    /// there is none (or a leading construct other than `(?i)` makes it unclear).
    static func literalPrefix(of pattern: String, caseless: Bool) -> (bytes: [UInt8], caseless: Bool)? {
        var p = Array(pattern.utf8)
        var fold = caseless
        if p.starts(with: Array("(?i)".utf8)) {
            fold = true
            p.removeFirst(4)
        }
        // A top-level "|" means the first branch's text is not required.
        var depth = 0, i = 0, inClass = false
        while i < p.count {
            let c = p[i]
            if c == UInt8(ascii: "\\") {
                i += 2
                continue
            }
            if inClass {
                if c == UInt8(ascii: "]") { inClass = false }
            } else if c == UInt8(ascii: "[") {
                inClass = true
            } else if c == UInt8(ascii: "(") {
                depth += 1
            } else if c == UInt8(ascii: ")") {
                depth -= 1
            } else if c == UInt8(ascii: "|"), depth == 0 {
                return nil
            }
            i += 1
        }
        let special = Set("\\^$.|?*+()[]{}".utf8)
        var out: [UInt8] = []
        i = 0
        while i < p.count {
            var c = p[i]
            var width = 1
            if c == UInt8(ascii: "\\") {
                guard i + 1 < p.count else { break }
                let e = p[i + 1]
                // Only an escaped punctuation character is itself; \d, \b, \x41 ... are not.
                guard e < 0x80, !(e >= 0x30 && e <= 0x39), !(e >= 0x41 && e <= 0x5A), !(e >= 0x61 && e <= 0x7A)
                else { break }
                c = e
                width = 2
            } else if special.contains(c) || c >= 0x80 {
                break
            }
            // A character with a quantifier after it may be missing (or repeated).
            if i + width < p.count, [UInt8(ascii: "?"), UInt8(ascii: "*"), UInt8(ascii: "{"), UInt8(ascii: "+")].contains(p[i + width]) {
                if p[i + width] == UInt8(ascii: "+") { out.append(c) }
                break
            }
            out.append(c)
            i += width
        }
        guard out.count >= 2 else { return nil }
        if fold { out = out.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
        return (out, fold)
    }
}

extension Ruleset {
    /// The reach used for a pattern whose match length is unbounded: the longest match the
    /// engine follows, plus room for a lookahead after it.
    static let unboundedStreamReach = Limits.unboundedMatchBytes + 64

    /// Per pattern of every detector, in detector order.
    var streamGeometry: [StreamPatternGeometry] {
        var out: [StreamPatternGeometry] = []
        for d in detectors {
            for (pi, p) in d.patterns.enumerated() {
                let planned = prefilter.reach(detector: d.index, pattern: pi)
                let prefix = StreamPatternGeometry.literalPrefix(of: d.spec.patterns[pi], caseless: d.spec.caseless)
                out.append(
                    StreamPatternGeometry(
                        detector: d.index, pattern: pi, reach: planned ?? Ruleset.unboundedStreamReach,
                        lookbehind: p.maxLookbehindBytes, unbounded: planned == nil, firstBytes: p.firstBytes,
                        prefix: prefix?.bytes, prefixCaseless: prefix?.caseless ?? false))
            }
        }
        return out
    }

    /// How many bytes before a value the context step may read: the longest `max_distance`
    /// or `negative_distance` of a detector that has keywords or negative keywords, plus the
    /// widening of the keyword window to a word start (`KeywordSet.widening`).
    var keywordLookback: Int {
        var m = 0
        for d in detectors {
            if !d.keywords.isEmpty { m = max(m, d.spec.maxDistance) }
            if !d.negativeKeywords.isEmpty { m = max(m, d.spec.negativeDistance) }
        }
        return m + KeywordSet.widening
    }

    /// The most bytes a stream keeps of its input: the longest distance a match attempt
    /// reads ahead and behind its start, plus `keywordLookback`. A finding is reported at the
    /// latest when this many bytes have been written after its end (and always by
    /// `ScanStream.finish`). The C function is `classify_ruleset_max_window`.
    var maxWindow: Int {
        streamGeometry.map { $0.reach + $0.lookbehind }.max().map { $0 + keywordLookback } ?? keywordLookback
    }
}
