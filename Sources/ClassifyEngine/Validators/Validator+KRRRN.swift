// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// South Korea's resident registration number.
    static let krRRN = Validator(
        name: "kr_rrn",
        summary: "South Korea RRN: 13 digits YYMMDD-GNNNNNC, valid date not after the current year with century from G (1,2,5,6: 1900s; 3,4,7,8: 2000s; 9,0: 1800s), check (11 - sum(weights 2..9,2..5) mod 11) mod 10, not required for births from October 2020 (the last 6 digits are random since then)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 13), d.count == 13 else { return false }
        let yy = decimal(d, 0, 2), mm = decimal(d, 2, 2), dd = decimal(d, 4, 2)
        let century: Int
        switch d[6] {
        case 1, 2, 5, 6: century = 1900
        case 3, 4, 7, 8: century = 2000
        default: century = 1800
        }
        let year = century + yy
        guard isPastDate(year: year, month: mm, day: dd) else { return false }
        if year > 2020 || (year == 2020 && mm >= 10) { return true }
        let s = weightedSum(d, [2, 3, 4, 5, 6, 7, 8, 9, 2, 3, 4, 5])
        return (11 - s % 11) % 10 == Int(d[12])
    }
}
