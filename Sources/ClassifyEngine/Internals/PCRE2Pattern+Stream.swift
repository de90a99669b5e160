// SPDX-License-Identifier: Apache-2.0
// What a stream needs to know of a pattern beyond what the scanner does: how far before its
// start position an attempt may read, and which bytes a match can start with.

import CPCRE2

extension PCRE2Pattern {
    /// The most bytes an attempt that starts at position p reads before p: PCRE2's longest
    /// lookbehind (in characters; `\b` counts one), at 6 bytes a character so that invalid
    /// UTF-8 sequences are covered too, plus a margin.
    var maxLookbehindBytes: Int {
        var chars: UInt32 = 0
        if pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_MAXLOOKBEHIND), &chars) != 0 { chars = 255 }
        return Int(chars) * 6 + 8
    }

    /// The bytes a match can start with, when PCRE2 worked them out (its first code unit or
    /// its start bitmap); nil when any byte may start one. An attempt at a position holding
    /// another byte fails whatever follows, so a stream can pass over such positions
    /// without waiting for more input.
    var firstBytes: [Bool]? {
        var bitmap: UnsafePointer<UInt8>?
        if pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTBITMAP), &bitmap) == 0, let bitmap {
            return (0..<256).map { bitmap[$0 >> 3] & (1 << UInt8($0 & 7)) != 0 }
        }
        var type: UInt32 = 0
        var unit: UInt32 = 0
        guard pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODETYPE), &type) == 0, type == 1,
            pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_FIRSTCODEUNIT), &unit) == 0, unit < 256
        else { return nil }
        // The unit may stand for its other cases (a caseless pattern or group): both ASCII
        // cases, and every non-ASCII byte (case variants outside ASCII), are let through.
        var table = [Bool](repeating: false, count: 256)
        table[Int(unit)] = true
        let lower = unit | 0x20
        if lower >= 0x61 && lower <= 0x7A {
            table[Int(lower)] = true
            table[Int(lower & ~0x20)] = true
            for b in 0x80..<256 { table[b] = true }
        }
        return table
    }
}
