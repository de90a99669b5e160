// SPDX-License-Identifier: Apache-2.0
// Where the words that give a value its meaning may be. A keyword counts when it is
// within `max_distance` bytes before the value AND on the value's own line, or on lines
// above it that the value's line continues: when the value starts its line (a form label
// above it), when the line is indented (YAML, JSON, nested config), or when the line above
// is a comment (`# mailgun` over the code that uses the key). So a word in the previous
// log line or CSV row does not leak into the next record. In a delimited table (CSV,
// TSV), the column's header counts as well: `ssn` heading a column makes a bare nine-digit
// cell an SSN, as Macie treats CSV headers.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Line and column geometry of one scanned buffer, computed once per scan.
struct LineContext {
    /// The header of a delimited table that starts the buffer, if it is one.
    let table: TableHeader?

    init(_ s: UnsafeBufferPointer<UInt8>) {
        table = TableHeader(s)
    }

    /// The start of the window in which keywords before `pos` count, given the largest
    /// distance `distance`.
    func keywordWindowStart(_ s: UnsafeBufferPointer<UInt8>, before pos: Int, distance: Int) -> Int {
        let lo = max(0, pos - distance)
        var cursor = pos
        var first = true
        while let nl = LineContext.lastNewline(s, before: cursor, floor: lo) {
            let lineStart = nl + 1
            if table != nil { return lineStart }
            let continues =
                (first && LineContext.onlyBlanks(s, lineStart, pos))
                || (lineStart < s.count && (s[lineStart] == 0x20 || s[lineStart] == 0x09))
            if !continues {
                let above = (LineContext.lastNewline(s, before: nl, floor: lo) ?? (lo - 1)) + 1
                return LineContext.isComment(s, above, nl) ? above : lineStart
            }
            first = false
            cursor = nl
        }
        return lo
    }

    /// The index of the last '\n' in s[floor..<pos], if any.
    static func lastNewline(_ s: UnsafeBufferPointer<UInt8>, before pos: Int, floor: Int) -> Int? {
        var i = pos - 1
        while i >= floor {
            if s[i] == 0x0A { return i }
            i -= 1
        }
        return nil
    }

    /// Whether s[from..<to] is a comment line: `#`, `//`, `--`, `;`, `/*` or `*` after blanks.
    static func isComment(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = max(0, from)
        while i < to, s[i] == 0x20 || s[i] == 0x09 { i += 1 }
        guard i < to else { return false }
        let c = s[i]
        let next: UInt8 = i + 1 < to ? s[i + 1] : 0
        switch c {
        case UInt8(ascii: "#"), UInt8(ascii: ";"), UInt8(ascii: "*"): return true
        case UInt8(ascii: "/"): return next == UInt8(ascii: "/") || next == UInt8(ascii: "*")
        case UInt8(ascii: "-"): return next == UInt8(ascii: "-")
        default: return false
        }
    }

    static func onlyBlanks(_ s: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) -> Bool {
        var i = from
        while i < to {
            switch s[i] {
            case 0x20, 0x09, 0x0D, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "-"), UInt8(ascii: "*"): i += 1
            default: return false
            }
        }
        return true
    }
}

/// The first line of a buffer, when it is the header of a delimited table. Holds no list:
/// a field's range is found again in the header line when asked for (a header is short),
/// so that recognising one allocates nothing. The column of a value below it:
/// `TableColumns`.
struct TableHeader {
    let delimiter: UInt8
    /// Where the header line ends (its '\n').
    let end: Int
    /// How many fields the header has.
    let fieldCount: Int

    static let delimiters: [UInt8] = [UInt8(ascii: ","), 0x09, UInt8(ascii: ";"), UInt8(ascii: "|")]
    static let maxHeaderBytes = 16 * 1024
    static let maxFields = 1024
    static let maxFieldBytes = 64

    /// Recognises a header: a first line with at least one delimiter, whose fields mostly
    /// contain letters and are at most `maxFieldBytes` long, followed by a line with the
    /// same number of fields.
    init?(_ s: UnsafeBufferPointer<UInt8>) {
        guard let base = s.baseAddress,
            let hit = memchr(base, 0x0A, min(s.count, TableHeader.maxHeaderBytes))
        else { return nil }
        let nl = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
        // JSON lines and log lines are not tables: a header has no braces and no colons.
        for i in 0..<nl where s[i] == UInt8(ascii: "{") || s[i] == UInt8(ascii: "[") || s[i] == UInt8(ascii: ":") {
            return nil
        }
        var best: UInt8 = 0
        var bestCount = 0
        for d in TableHeader.delimiters {
            let c = TableHeader.count(d, in: s, 0..<nl)
            if c > bestCount { best = d; bestCount = c }
        }
        guard bestCount >= 1, bestCount < TableHeader.maxFields else { return nil }
        // The next line must have as many fields.
        var next = nl + 1
        while next < s.count, next - nl <= TableHeader.maxHeaderBytes * 4, s[next] != 0x0A { next += 1 }
        guard next > nl + 1, TableHeader.count(best, in: s, (nl + 1)..<next) == bestCount else { return nil }
        // One pass over the fields (as `field(_:delimiter:_:headerEnd:)` cuts them): their
        // lengths, and how many hold a letter.
        var fields = 0
        var named = 0
        var start = 0
        var letter = false
        var quoted = false
        for i in 0...nl {
            let last = i == nl
            if !last {
                let c = s[i]
                if c == UInt8(ascii: "\"") { quoted.toggle() }
                if !(c == best && !quoted) {
                    if (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7A { letter = true }
                    continue
                }
            }
            let stop = last && nl > 0 && s[nl - 1] == 0x0D && nl - 1 >= start ? nl - 1 : i
            guard stop - start <= TableHeader.maxFieldBytes else { return nil }
            fields += 1
            if letter { named += 1 }
            letter = false
            start = i + 1
        }
        guard named * 2 >= fields else { return nil }
        delimiter = best
        end = nl
        fieldCount = fields
    }

    /// Unquoted occurrences of `d` in s[r].
    static func count(_ d: UInt8, in s: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int {
        var n = 0
        var quoted = false
        for i in r {
            if s[i] == UInt8(ascii: "\"") { quoted.toggle() }
            if s[i] == d && !quoted { n += 1 }
        }
        return n
    }

    /// The byte range of field `k` (0-based) of the header line s[0 ..< headerEnd]: between
    /// the k-th and (k+1)-th unquoted delimiters; the last one ends before a '\r'. Empty
    /// past the last field.
    static func field(_ k: Int, delimiter d: UInt8, _ s: UnsafeBufferPointer<UInt8>, headerEnd nl: Int) -> Range<Int> {
        var start = 0
        var seen = 0
        var quoted = false
        for i in 0..<nl {
            if s[i] == UInt8(ascii: "\"") { quoted.toggle() }
            guard s[i] == d && !quoted else { continue }
            if seen == k { return start..<i }
            seen += 1
            start = i + 1
        }
        guard seen == k else { return nl..<nl }
        return start..<(nl > 0 && s[nl - 1] == 0x0D && nl - 1 >= start ? nl - 1 : nl)
    }
}
