// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Austria's social insurance number (Sozialversicherungsnummer).
    static let atSVNR = Validator(
        name: "at_svnr",
        summary: "Austria SVNR: 10 digits NNNC DDMMYY, serial not starting with 0, valid birth date (or the substitute months 13-15 the Hauptverband assigns for unknown or exhausted dates, day 01-31), check digit (4th) = weights 3,7,9,0,5,8,4,2,1,6 mod 11 (10 invalid)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10), d.count == 10, d[0] != 0 else { return false }
        let day = decimal(d, 4, 2), month = decimal(d, 6, 2), yy = decimal(d, 8, 2)
        if (13...15).contains(month) {
            guard day >= 1, day <= 31 else { return false }
        } else {
            guard isValidDate(twoDigitYear: yy, month: month, day: day) else { return false }
        }
        let check = weightedSum(d, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11
        return check != 10 && check == Int(d[3])
    }
}
