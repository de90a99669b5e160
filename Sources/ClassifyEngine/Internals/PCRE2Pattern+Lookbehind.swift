// SPDX-License-Identifier: Apache-2.0
// How far before its start position a match attempt may read: what a stream must keep of
// the bytes before the next position it searches from.

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
}
