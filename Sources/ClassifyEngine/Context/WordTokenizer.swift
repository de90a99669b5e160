// SPDX-License-Identifier: Apache-2.0
// Splits text into lower-case words the way people write field names and labels, so that
// "social security number", "social_security_number", "socialSecurityNumber",
// "SOCIAL-SECURITY-NUMBER" and "customerSSN" all yield the words a keyword is made of.

enum WordTokenizer {
    /// The words of `bytes[range]` as ranges, with their lower-cased ASCII bytes in `lowered`.
    /// Word bytes are ASCII letters and digits, and every non-ASCII byte (so that words in
    /// other scripts stay whole). Splits happen at every other byte, at a lower-to-upper
    /// case change ("customerSSN" -> customer, ssn), before the last capital of a capital
    /// run followed by a lower-case letter ("SSNNumber" -> ssn, number), and between
    /// letters and digits.
    static func words(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> [[UInt8]] {
        var spans: [Range<Int>] = []
        wordRanges(bytes, range, into: &spans)
        return spans.map { r in bytes[r].map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 } }
    }

    /// The words of `bytes[range]` as byte ranges (every word is a contiguous span), into
    /// `out` (emptied first): `words` without allocating once `out` has grown.
    static func wordRanges(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into out: inout [Range<Int>]) {
        out.removeAll(keepingCapacity: true)
        var start = -1  // of the current word; -1 = between words
        var prev: UInt8 = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let c = bytes[i]
            let kind = classOf(c)
            if kind == .separator {
                if start >= 0 { out.append(start..<i) }
                start = -1
            } else {
                if start >= 0 {
                    let pk = classOf(prev)
                    if pk == .lower && kind == .upper {
                        out.append(start..<i)
                        start = i
                    } else if (pk == .digit) != (kind == .digit) && pk != .other && kind != .other {
                        out.append(start..<i)
                        start = i
                    } else if pk == .upper && kind == .lower && i - start >= 2 {
                        // "SSNNumber": the last capital begins the next word.
                        out.append(start..<(i - 1))
                        start = i - 1
                    }
                } else {
                    start = i
                }
            }
            prev = c
            i += 1
        }
        if start >= 0 { out.append(start..<range.upperBound) }
    }

    enum ByteClass { case lower, upper, digit, other, separator }

    @inline(__always)
    static func classOf(_ c: UInt8) -> ByteClass {
        switch c {
        case 0x61...0x7A: return .lower
        case 0x41...0x5A: return .upper
        case 0x30...0x39: return .digit
        case 0x80...0xFF: return .other
        default: return .separator
        }
    }

    /// Whether `c` is part of a word.
    @inline(__always)
    static func isWordByte(_ c: UInt8) -> Bool { classOf(c) != .separator }
}
