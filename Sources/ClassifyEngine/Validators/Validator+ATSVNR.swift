// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Austria's social insurance number (Sozialversicherungsnummer).
    static let atSVNR = Validator(
        name: "at_svnr",
        summary: "Austria SVNR: 10 digits NNNC DDMMYY, serial not starting with 0, valid birth date, check digit (4th) = weights 3,7,9,0,5,8,4,2,1,6 mod 11 (10 invalid)."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 10), d.count == 10, d[0] != 0 else { return false }
        guard isValidDate(twoDigitYear: decimal(d, 8, 2), month: decimal(d, 6, 2), day: decimal(d, 4, 2)) else {
            return false
        }
        let check = weightedSum(d, [3, 7, 9, 0, 5, 8, 4, 2, 1, 6]) % 11
        return check != 10 && check == Int(d[3])
    }
}
