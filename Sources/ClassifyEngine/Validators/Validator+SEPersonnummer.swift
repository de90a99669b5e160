// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Sweden's personnummer and samordningsnummer (day + 60).
    static let sePersonnummer = Validator(
        name: "se_personnummer",
        summary: "Sweden personnummer/samordningsnummer: YYMMDD[-+]NNNC or YYYYMMDD[-+]NNNC (century 18-20), valid date (samordningsnummer day+60; a 4-digit year not after the current one), Luhn over the last 10 digits."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 12, separator: { $0 == 0x2D || $0 == 0x2B || $0 == 0x20 }),
              d.count == 10 || d.count == 12
        else { return false }
        let offset = d.count - 10
        var day = decimal(d, offset + 4, 2)
        let month = decimal(d, offset + 2, 2)
        if day > 60 { day -= 60 }
        if d.count == 12 {
            let century = decimal(d, 0, 2)
            guard century >= 18, century <= 20 else { return false }
            guard isPastDate(year: decimal(d, 0, 4), month: month, day: day) else { return false }
        } else {
            guard isValidDate(twoDigitYear: decimal(d, 0, 2), month: month, day: day) else { return false }
        }
        return luhnValid(d[offset...])
    }
}
