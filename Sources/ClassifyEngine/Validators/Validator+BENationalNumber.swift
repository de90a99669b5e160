// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Belgium's national register number (Rijksregisternummer / numéro de registre national).
    static let beNationalNumber = Validator(
        name: "be_national_number",
        summary: "Belgium national number: 11 digits YYMMDDSSSCC, key = 97 - (first 9 mod 97), or with a leading 2 for births from 2000 (up to the current year); month 00-12 and day 00-31 (00 = unknown), a real date when both are known."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11 else { return false }
        guard d.contains(where: { $0 != 0 }) else { return false }
        let base = decimal(d, 0, 9), key = decimal(d, 9, 2)
        let yy = decimal(d, 0, 2), mm = decimal(d, 2, 2), dd = decimal(d, 4, 2)
        let year: Int
        if 97 - base % 97 == key {
            year = 1900 + yy
        } else if 2000 + yy <= currentYear, 97 - (2_000_000_000 + base) % 97 == key {
            year = 2000 + yy
        } else {
            return false
        }
        guard mm <= 12, dd <= 31 else { return false }
        if mm == 0 || dd == 0 { return true }
        return isValidDate(year: year, month: mm, day: dd)
    }
}
