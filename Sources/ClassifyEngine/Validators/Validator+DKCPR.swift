// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Denmark's CPR number. The mod 11 check was dropped in 2007 (numbers without it are
    /// issued), so only the date is checked, with the century the 7th digit gives.
    static let dkCPR = Validator(
        name: "dk_cpr",
        summary: "Denmark CPR: DDMMYY-SSSS, valid date with the century from the 7th digit (0-3: 1900s; 4,9: 2000s if YY<=36; 5-8: 2000s if YY<=57, else 1800s); not after the current year; no mod-11 (dropped 2007)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10), d.count == 10 else { return false }
        let dd = decimal(d, 0, 2), mm = decimal(d, 2, 2), yy = decimal(d, 4, 2)
        let century: Int
        switch d[6] {
        case 0...3: century = 1900
        case 4, 9: century = yy <= 36 ? 2000 : 1900
        default: century = yy <= 57 ? 2000 : 1800
        }
        return isPastDate(year: century + yy, month: mm, day: dd)
    }
}
