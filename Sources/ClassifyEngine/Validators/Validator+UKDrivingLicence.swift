// SPDX-License-Identifier: Apache-2.0

/// The positions that must hold digits: decade, month, day, year, the digit after the initials.
private let licenceDigitPositions = [5, 6, 7, 8, 9, 10, 13]

extension Validator {
    /// Great Britain's driving licence number (DVLA, England, Scotland and Wales).
    static let ukDrivingLicence = Validator(
        name: "uk_driving_licence",
        summary: "GB driving licence number: 16 chars: surname (1-5 letters, then 9s), decade digit, month 01-12 (51-62 for women), day, year digit (a real date), initials (letter, then letter or 9), a digit, 2 check chars (letters or digits); spaces ignored."
    ) { bytes in
        guard let c = compact(bytes, limit: 16, separator: { $0 == 0x20 }), c.count == 16 else { return false }
        // Surname: at least one letter, then padding 9s only.
        guard isUpperByte(c[0]) else { return false }
        var padded = false
        for i in 1..<5 {
            if c[i] == 0x39 {
                padded = true
            } else if padded || !isUpperByte(c[i]) {
                return false
            }
        }
        for i in licenceDigitPositions where !isDigitByte(c[i]) { return false }
        var month = asciiDecimal(c, 6, 2)
        if month > 50 { month -= 50 }
        let day = asciiDecimal(c, 8, 2)
        let yy = Int(c[5] &- 0x30) * 10 + Int(c[10] &- 0x30)
        guard isValidDate(twoDigitYear: yy, month: month, day: day) else { return false }
        guard isUpperByte(c[11]), isUpperByte(c[12]) || c[12] == 0x39 else { return false }
        return isUpperAlnumByte(c[14]) && isUpperAlnumByte(c[15])
    }
}
