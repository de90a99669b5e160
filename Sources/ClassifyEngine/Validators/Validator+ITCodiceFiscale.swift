// SPDX-License-Identifier: Apache-2.0

/// Values of the characters in odd (1st, 3rd, ...) positions; digits take the value of the
/// letter at the same index (0 as A, 1 as B, ...).
private let cfOdd: [UInt8] = [
    1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23,
]

/// Month letters A (January) ... T (December).
private let cfMonths = Array("ABCDEHLMPRST".utf8)

/// Omocodia: letters that replace digits 0-9 when codes collide.
private let cfOmocodia = Array("LMNPQRSTUV".utf8)

/// Positions that hold letters, and positions that hold digits (or omocodia letters).
private let cfLetterPositions = [0, 1, 2, 3, 4, 5, 8, 11, 15]
private let cfDigitPositions = [6, 7, 9, 10, 12, 13, 14]

extension Validator {
    /// Italy's codice fiscale for persons, omocodia included.
    static let itCodiceFiscale = Validator(
        name: "it_codice_fiscale",
        summary: "Italy codice fiscale: 16 chars (6 letters, YY, month letter, DD 1-31 or 41-71, place letter+3, check letter), omocodia letters LMNPQRSTUV accepted in digit positions, odd/even table check character."
    ) { bytes in
        guard let c = compact(bytes, limit: 16), c.count == 16 else { return false }
        // Digit positions (which omocodia may turn into letters) and letter positions.
        func digit(_ i: Int) -> Int {
            let ch = c[i]
            if isDigitByte(ch) { return Int(ch - 0x30) }
            if let k = cfOmocodia.firstIndex(of: ch) { return k }
            return -1
        }
        for i in cfLetterPositions where !isUpperByte(c[i]) { return false }
        for i in cfDigitPositions where digit(i) < 0 { return false }
        guard let monthIndex = cfMonths.firstIndex(of: c[8]) else { return false }
        var day = digit(9) * 10 + digit(10)
        if day > 40 { day -= 40 }  // women: day + 40
        guard isValidDate(year: 2000, month: monthIndex + 1, day: day) else { return false }
        var sum = 0
        for i in 0..<15 {
            let ch = c[i]
            let index = isDigitByte(ch) ? Int(ch - 0x30) : Int(ch - 0x41)
            sum += i % 2 == 0 ? Int(cfOdd[index]) : index
        }
        return c[15] == UInt8(0x41 + sum % 26)
    }
}
