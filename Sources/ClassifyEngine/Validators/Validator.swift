// SPDX-License-Identifier: Apache-2.0
// A validator confirms or rejects a candidate value by its structure: a check digit, a
// reserved range, a documented fake value. A detector names its validator in the pack
// (`"validator": "luhn"`); the engine runs it on the finding's value (the pattern's
// `value` group, or the whole match) and drops the candidate when it returns false.

/// A named structural check on a matched value.
///
/// Each validator lives in its own file as a `static let` in an extension of `Validator`,
/// and is listed once in `Validator.all` (`Validator+Registry.swift`).
public struct Validator: Sendable {
    /// The name packs use, e.g. `"luhn"`.
    public let name: String
    /// One line for docs/detectors.md.
    public let summary: String
    /// Returns true when `value` passes. `value` is the raw matched bytes, separators
    /// included; a check must never trap, whatever the bytes.
    public let check: @Sendable (UnsafeBufferPointer<UInt8>) -> Bool

    public init(name: String, summary: String, check: @escaping @Sendable (UnsafeBufferPointer<UInt8>) -> Bool) {
        self.name = name
        self.summary = summary
        self.check = check
    }

    /// Runs the check on a byte array (for tests and examples).
    public func validate(_ value: [UInt8]) -> Bool {
        value.withUnsafeBufferPointer { check($0) }
    }

    /// Runs the check on a string's UTF-8 bytes (for tests).
    public func validate(_ value: String) -> Bool {
        validate(Array(value.utf8))
    }
}

extension Validator {
    /// Luhn (mod 10) over digit values (0...9) whose last is the check digit.
    static func luhnValid<C: BidirectionalCollection<UInt8>>(_ digits: C) -> Bool {
        guard digits.count >= 2 else { return false }
        var sum = 0
        for (i, d) in digits.reversed().enumerated() {
            var v = Int(d)
            if i % 2 == 1 { v *= 2; if v > 9 { v -= 9 } }
            sum += v
        }
        return sum % 10 == 0
    }
}

// MARK: - Helpers shared by the validators
//
// Every helper is total: it returns nil / false / -1 instead of trapping, whatever the bytes.
// None allocates: scratch is a `ByteList` (inline), a trimmed value a view of the candidate,
// and the readers take any collection of bytes, counting positions from its start (so that a
// slice `d[3...]` reads like the array `Array(d[3...])` did).

extension Validator {
    /// The bytes printed formats put between groups: space, tab, '-', '.', '/'.
    @inline(__always)
    static func isSeparator(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x09 || b == 0x2D || b == 0x2E || b == 0x2F
    }

    /// ASCII '0'...'9'.
    @inline(__always)
    static func isDigitByte(_ b: UInt8) -> Bool { b &- 0x30 < 10 }

    /// ASCII 'A'...'Z'.
    @inline(__always)
    static func isUpperByte(_ b: UInt8) -> Bool { b &- 0x41 < 26 }

    /// ASCII 'A'...'Z' or '0'...'9'.
    @inline(__always)
    static func isUpperAlnumByte(_ b: UInt8) -> Bool { isDigitByte(b) || isUpperByte(b) }

    /// The ASCII letters (upper-cased) and digits of `bytes`, with the bytes `separator`
    /// accepts removed. Nil when any other byte occurs, or when more than `limit` characters
    /// remain (so that an over-long candidate costs no more than `limit` appends), or more
    /// than `ByteList.capacity` (every caller's `limit` is below it).
    static func compact(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int,
        separator: (UInt8) -> Bool = Validator.isSeparator
    ) -> ByteList? {
        var out = ByteList()
        for b in bytes {
            switch b {
            case 0x30...0x39, 0x41...0x5A: guard out.append(b) else { return nil }
            case 0x61...0x7A: guard out.append(b &- 0x20) else { return nil }
            default:
                if separator(b) { continue }
                return nil
            }
            if out.count > limit { return nil }
        }
        return out
    }

    /// The digit values (0...9) of `bytes`, with the bytes `separator` accepts removed. Nil
    /// when any other byte occurs (a letter, a non-ASCII byte) or when more than `limit`
    /// digits remain, or more than `ByteList.capacity` (every caller's `limit` is below it).
    static func compactDigits(
        _ bytes: UnsafeBufferPointer<UInt8>, limit: Int,
        separator: (UInt8) -> Bool = Validator.isSeparator
    ) -> ByteList? {
        var out = ByteList()
        for b in bytes {
            if isDigitByte(b) {
                guard out.append(b &- 0x30), out.count <= limit else { return nil }
            } else if !separator(b) {
                return nil
            }
        }
        return out
    }

    /// `bytes` without leading and trailing ASCII whitespace (space, tab, CR, LF), or nil when
    /// what remains is longer than `limit`. Case and inner bytes are kept; the result is a view
    /// of `bytes` (indices from 0), not a copy.
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> UnsafeBufferPointer<UInt8>? {
        func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
        var lo = 0
        var hi = bytes.count
        while lo < hi, isSpace(bytes[lo]) { lo += 1 }
        while hi > lo, isSpace(bytes[hi - 1]) { hi -= 1 }
        guard hi - lo <= limit else { return nil }
        return UnsafeBufferPointer(rebasing: bytes[lo..<hi])
    }

    /// The number formed by `count` digit values (0...9) starting at `start`, or -1 when the
    /// range is outside `d`, longer than 18 digits, or holds a value above 9.
    static func decimal<C: RandomAccessCollection<UInt8>>(_ d: C, _ start: Int, _ count: Int) -> Int
    where C.Index == Int {
        guard start >= 0, count >= 0, count <= 18, start <= d.count - count else { return -1 }
        var v = 0
        for i in start..<(start + count) {
            let x = d[d.startIndex + i]
            guard x <= 9 else { return -1 }
            v = v &* 10 &+ Int(x)
        }
        return v
    }

    /// The number formed by `count` ASCII digits starting at `start`, or -1 when the range is
    /// outside `c`, longer than 18 characters, or holds a non-digit.
    static func asciiDecimal<C: RandomAccessCollection<UInt8>>(_ c: C, _ start: Int, _ count: Int) -> Int
    where C.Index == Int {
        guard start >= 0, count >= 0, count <= 18, start <= c.count - count else { return -1 }
        var v = 0
        for i in start..<(start + count) {
            let x = c[c.startIndex + i]
            guard isDigitByte(x) else { return -1 }
            v = v &* 10 &+ Int(x &- 0x30)
        }
        return v
    }

    /// Sum of `weights[i] * d[start + i]`; -1 when `d` is too short. `weights` is a constant
    /// (an array literal or a file-level table), never built per call.
    static func weightedSum<C: RandomAccessCollection<UInt8>>(_ d: C, _ weights: [Int], from start: Int = 0) -> Int
    where C.Index == Int {
        guard start >= 0, start <= d.count - weights.count else { return -1 }
        var s = 0
        for (i, w) in weights.enumerated() { s = s &+ w &* Int(d[d.startIndex + start + i]) }
        return s
    }

    /// True when every element equals the first (and there is at least one).
    static func allSame(_ a: some Collection<UInt8>) -> Bool {
        guard let first = a.first else { return false }
        return a.allSatisfy { $0 == first }
    }

    /// Gregorian leap year.
    static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// True when `day`/`month`/`year` is a real Gregorian date.
    static func isValidDate(year: Int, month: Int, day: Int) -> Bool {
        guard month >= 1, month <= 12, day >= 1 else { return false }
        let days: Int
        switch month {
        case 2: days = isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: days = 30
        default: days = 31
        }
        return day <= days
    }

    /// A date whose century is unknown (`yy` in 0...99): 29 February is accepted when some
    /// century makes the year a leap year (yy divisible by 4, 00 included through 2000).
    static func isValidDate(twoDigitYear yy: Int, month: Int, day: Int) -> Bool {
        guard yy >= 0, yy <= 99 else { return false }
        return isValidDate(year: 2000 + yy, month: month, day: day)
    }
}
