// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Poland's PESEL: birth date with the century in the month, weights 1,3,7,9.
    static let plPESEL = Validator(
        name: "pl_pesel",
        summary: "Poland PESEL: 11 digits, valid YYMMDD with century in the month (+80 1800s, +0 1900s, +20 2000s, +40 2100s, +60 2200s) not after the current year, weights 1,3,7,9 mod 10 check."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11 else { return false }
        let yy = decimal(d, 0, 2)
        var month = decimal(d, 2, 2)
        let day = decimal(d, 4, 2)
        let century: Int
        switch month {
        case 81...92: century = 1800; month -= 80
        case 1...12: century = 1900
        case 21...32: century = 2000; month -= 20
        case 41...52: century = 2100; month -= 40
        case 61...72: century = 2200; month -= 60
        default: return false
        }
        guard isPastDate(year: century + yy, month: month, day: day) else { return false }
        let s = weightedSum(d, [1, 3, 7, 9, 1, 3, 7, 9, 1, 3])
        return (10 - s % 10) % 10 == Int(d[10])
    }
}
