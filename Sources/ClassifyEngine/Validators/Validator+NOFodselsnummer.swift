// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Norway's fødselsnummer, D-number (day + 40) and H-number (month + 40).
    static let noFodselsnummer = Validator(
        name: "no_fodselsnummer",
        summary: "Norway fødselsnummer: 11 digits DDMMYYIIIKK, valid date not after the current year (D-number day+40, H-number month+40; FH-numbers rejected) with the century from the individual number, two mod-11 check digits."
    ) { bytes in
        guard let d = compactDigits(bytes, limit: 11), d.count == 11 else { return false }
        func check(_ weights: [Int]) -> Int {
            let r = weightedSum(d, weights) % 11
            return r == 0 ? 0 : 11 - r  // 10 never equals a digit
        }
        guard check([3, 7, 6, 1, 8, 9, 4, 5, 2]) == Int(d[9]),
              check([5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) == Int(d[10])
        else { return false }
        var day = decimal(d, 0, 2), month = decimal(d, 2, 2)
        let yy = decimal(d, 4, 2), individual = decimal(d, 6, 3)
        if day >= 80 { return false }  // FH-numbers carry no date
        if day > 40 { day -= 40 }
        if month > 40 { month -= 40 }
        let year: Int
        if individual < 500 {
            year = 1900 + yy
        } else if individual < 750 && yy >= 54 {
            year = 1800 + yy
        } else if yy < 40 {
            year = 2000 + yy
        } else if individual >= 900 {
            year = 1900 + yy
        } else {
            return false
        }
        return isPastDate(year: year, month: month, day: day)
    }
}
