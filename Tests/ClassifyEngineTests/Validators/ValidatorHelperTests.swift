// SPDX-License-Identifier: Apache-2.0
// The pieces the validators share: byte helpers, dates, the clock, SHA-256.

import Testing
@testable import ClassifyEngine

@Suite("Validator helpers")
struct ValidatorHelperTests {
    private func withBytes<T>(_ s: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        Array(s.utf8).withUnsafeBufferPointer(body)
    }

    @Test func compactStripsSeparatorsAndUppercases() {
        #expect(withBytes("ab-12 c./d\t3") { Validator.compact($0, limit: 20).map { Array($0) } } == Array("AB12CD3".utf8))
        #expect(withBytes("AB_12") { Validator.compact($0, limit: 20).map { Array($0) } } == nil)          // '_' is no separator
        #expect(withBytes("AB\u{00E9}12") { Validator.compact($0, limit: 20).map { Array($0) } } == nil)   // non-ASCII
        #expect(withBytes("ABCDEF") { Validator.compact($0, limit: 5).map { Array($0) } } == nil)          // over the limit
        #expect(withBytes("") { Validator.compact($0, limit: 5).map { Array($0) } } == [])
    }

    @Test func compactDigitsRejectsLetters() {
        #expect(withBytes("12-34 5") { Validator.compactDigits($0, limit: 9).map { Array($0) } } == [1, 2, 3, 4, 5])
        #expect(withBytes("12a45") { Validator.compactDigits($0, limit: 9).map { Array($0) } } == nil)
        #expect(withBytes("1234567890") { Validator.compactDigits($0, limit: 9).map { Array($0) } } == nil)
        #expect(withBytes("1+2") { Validator.compactDigits($0, limit: 9, separator: { $0 == 0x2B }).map { Array($0) } } == [1, 2])
    }

    @Test func trimmedKeepsCaseAndInnerBytes() {
        #expect(withBytes("  aB c \n") { Validator.trimmed($0, limit: 10).map { Array($0) } } == Array("aB c".utf8))
        #expect(withBytes("   ") { Validator.trimmed($0, limit: 10).map { Array($0) } } == [])
        #expect(withBytes(" abcdef ") { Validator.trimmed($0, limit: 5).map { Array($0) } } == nil)
    }

    @Test func decimalIsTotal() {
        let d: [UInt8] = [1, 2, 3, 4]
        #expect(Validator.decimal(d, 0, 4) == 1234)
        #expect(Validator.decimal(d, 2, 2) == 34)
        #expect(Validator.decimal(d, 3, 2) == -1)
        #expect(Validator.decimal(d, -1, 1) == -1)
        #expect(Validator.decimal(d, 0, -1) == -1)
        #expect(Validator.decimal([10], 0, 1) == -1)
        #expect(Validator.decimal([UInt8](repeating: 9, count: 30), 0, 19) == -1)  // would overflow
        #expect(Validator.asciiDecimal(Array("12A4".utf8), 0, 2) == 12)
        #expect(Validator.asciiDecimal(Array("12A4".utf8), 1, 2) == -1)
        #expect(Validator.weightedSum([1, 2], [1, 1, 1]) == -1)
    }

    @Test(arguments: [
        (2000, 2, 29, true), (1900, 2, 29, false), (2024, 2, 29, true), (2023, 2, 29, false),
        (2023, 4, 31, false), (2023, 12, 31, true), (2023, 0, 1, false), (2023, 13, 1, false),
        (2023, 1, 0, false),
    ])
    func dates(year: Int, month: Int, day: Int, valid: Bool) {
        #expect(Validator.isValidDate(year: year, month: month, day: day) == valid)
    }

    @Test func twoDigitYearsAcceptALeapDayWhenSomeCenturyAllows() {
        #expect(Validator.isValidDate(twoDigitYear: 0, month: 2, day: 29))
        #expect(Validator.isValidDate(twoDigitYear: 96, month: 2, day: 29))
        #expect(!Validator.isValidDate(twoDigitYear: 97, month: 2, day: 29))
        #expect(!Validator.isValidDate(twoDigitYear: 100, month: 1, day: 1))
        #expect(!Validator.isValidDate(twoDigitYear: -1, month: 1, day: 1))
    }

    @Test(arguments: [(0, 1970), (-1, 1969), (19_722, 2023), (19_723, 2024), (20_453, 2025), (-719_468, 0)])
    func civilYear(days: Int, year: Int) {
        #expect(Validator.civilYear(daysSinceEpoch: days) == year)
    }

    @Test func currentYearIsPlausible() {
        #expect(Validator.currentYear >= Validator.minimumCurrentYear)
        #expect(Validator.currentYear < 3000)
        #expect(Validator.isPastDate(year: 1999, month: 12, day: 31))
        #expect(!Validator.isPastDate(year: Validator.currentYear + 1, month: 1, day: 1))
    }

    @Test func verhoeffAndLuhnCores() {
        #expect(Validator.luhnValid([7, 9, 9, 2, 7, 3, 9, 8, 7, 1, 3]))
        #expect(!Validator.luhnValid([7]))
        #expect(Validator.verhoeffValid([2, 3, 6, 3]))
        #expect(!Validator.verhoeffValid([2, 3, 6, 4]))
        #expect(!Validator.verhoeffValid([2, 3, 6, 13]))  // not a digit value
    }
}

@Suite("SHA-256 (FIPS 180-4 vectors)")
struct SHA256ValidatorSupportTests {
    private static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    @Test(arguments: [
        ("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
        ("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
        ("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"),
    ])
    func knownAnswers(message: String, digest: String) {
        #expect(Self.hex(SHA256.hash(Array(message.utf8))) == digest)
    }

    /// Lengths around the padding boundaries (55, 56, 64 bytes) and a multi-block message.
    @Test(arguments: [
        (55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"),
        (56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"),
        (64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb"),
        (1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3"),
    ])
    func paddingBoundaries(count: Int, digest: String) {
        #expect(Self.hex(SHA256.hash([UInt8](repeating: 0x61, count: count))) == digest)
    }
}
