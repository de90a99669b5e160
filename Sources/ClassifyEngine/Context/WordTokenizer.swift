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
        var out: [[UInt8]] = []
        var current: [UInt8] = []
        var prev: UInt8 = 0
        var i = range.lowerBound
        while i < range.upperBound {
            let c = bytes[i]
            let kind = classOf(c)
            if kind == .separator {
                if !current.isEmpty { out.append(current); current.removeAll(keepingCapacity: true) }
            } else {
                if !current.isEmpty {
                    let pk = classOf(prev)
                    var split = false
                    if pk == .lower && kind == .upper { split = true }
                    if (pk == .digit) != (kind == .digit) && (pk != .other && kind != .other) { split = true }
                    if pk == .upper && kind == .lower && current.count >= 2 {
                        // "SSNNumber": move the last capital to the new word.
                        let last = current.removeLast()
                        out.append(current)
                        current = [last]
                    }
                    if split { out.append(current); current = [] }
                }
                current.append(kind == .upper ? c | 0x20 : c)
            }
            prev = c
            i += 1
        }
        if !current.isEmpty { out.append(current) }
        return out
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
