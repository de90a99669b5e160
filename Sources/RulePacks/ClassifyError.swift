// SPDX-License-Identifier: Apache-2.0

/// An error from loading a pack, compiling it or scanning with it.
///
/// Every error says what went wrong and where: the pack, the JSON pointer of the offending
/// value, its line and column, and for a pattern the offset where PCRE2 stopped. It never
/// contains scanned data. The codes map one to one onto the C status codes.
public struct ClassifyError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The kind of failure; one per negative `CLASSIFY_E_*` status.
    public enum Code: Int32, Sendable, Equatable {
        case invalidArgument = -1
        case noMemory = -2
        case io = -3
        case invalidPack = -4
        case pattern = -5
        case version = -6
        case limit = -7
        case busy = -8
        /// A required signature is missing, malformed, untrusted or wrong (`CLASSIFY_E_SIGNATURE`).
        case signature = -9
        /// A swap to an older version of the loaded pack (`CLASSIFY_E_DOWNGRADE`).
        case downgrade = -10
        case `internal` = -100
    }

    public var code: Code
    /// What went wrong and, where it helps, how to fix it. No location prefix.
    public var reason: String
    /// The pack's id if known, else the path or buffer name.
    public var pack: String?
    /// RFC 6901 pointer to the offending value, "" for the whole document.
    public var jsonPointer: String?
    /// The detector concerned, if any.
    public var detector: String?
    /// 1-based line and byte column of the offending value; 0 when unknown.
    public var line: Int = 0
    public var column: Int = 0
    /// For pattern errors: the byte offset in the pattern where compilation stopped.
    public var patternOffset: Int?

    public init(
        _ code: Code, _ reason: String, pack: String? = nil, jsonPointer: String? = nil,
        detector: String? = nil, line: Int = 0, column: Int = 0, patternOffset: Int? = nil
    ) {
        self.code = code
        self.reason = reason
        self.pack = pack
        self.jsonPointer = jsonPointer
        self.detector = detector
        self.line = line
        self.column = column
        self.patternOffset = patternOffset
    }

    /// One line: "pack 'x': /detectors/3/patterns/0 (line 41, column 20): reason".
    public var description: String {
        var s = ""
        if let pack { s += "pack '\(pack)': " }
        if let jsonPointer {
            s += jsonPointer.isEmpty ? "(document)" : jsonPointer
            if line > 0 { s += " (line \(line), column \(column))" }
            s += ": "
        }
        s += reason
        return ClassifyError.oneLine(s)
    }

    /// Escapes control characters (a newline in a quoted pack string or path, say), so that
    /// a message stays one line whatever the pack holds: "\n", "\r", "\t", else "\u{1b}".
    static func oneLine(_ s: String) -> String {
        guard s.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F }) else { return s }
        var out = ""
        for u in s.unicodeScalars {
            switch u.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0..<0x20, 0x7F: out += "\\u{" + String(u.value, radix: 16) + "}"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }
}
