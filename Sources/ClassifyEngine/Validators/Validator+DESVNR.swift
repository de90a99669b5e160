// SPDX-License-Identifier: Apache-2.0

/// The positions of the digits (all but the letter at 8).
private let svnrDigitPositions = [0, 1, 2, 3, 4, 5, 6, 7, 9, 10, 11]
/// The check digit weights over the 12 digits (letter as two).
private let svnrWeights = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]

extension Validator {
    /// Germany's social insurance number (Versicherungsnummer der Rentenversicherung, VKVV § 2).
    static let deSVNR = Validator(
        name: "de_svnr",
        summary: "Germany Sozialversicherungs-/Rentenversicherungsnummer: 12 chars: area 02-89, birth date DDMMYY (a real date), initial letter of the birth name, serial 00-99, check digit: the letter as its 2-digit alphabet position, digits x weights 2,1,2,5,7,1,2,1,2,1,2,1, sum of the products' digit sums mod 10 (VKVV § 2); spaces and dashes ignored."
    ) { bytes in
        guard let c = compact(bytes, limit: 12, separator: { $0 == 0x20 || $0 == 0x2D }), c.count == 12 else {
            return false
        }
        for i in svnrDigitPositions where !isDigitByte(c[i]) { return false }
        guard isUpperByte(c[8]) else { return false }
        let area = asciiDecimal(c, 0, 2)
        guard area >= 2, area <= 89 else { return false }
        guard isValidDate(twoDigitYear: asciiDecimal(c, 6, 2), month: asciiDecimal(c, 4, 2), day: asciiDecimal(c, 2, 2))
        else { return false }
        let letter = Int(c[8] &- 0x40)  // A = 1 ... Z = 26
        var d = ByteList()
        for i in 0..<8 { d.append(c[i] &- 0x30) }
        d.append(UInt8(letter / 10))
        d.append(UInt8(letter % 10))
        d.append(c[9] &- 0x30)
        d.append(c[10] &- 0x30)
        var sum = 0
        for i in 0..<12 {
            let p = Int(d[i]) * svnrWeights[i]
            sum += p / 10 + p % 10
        }
        return sum % 10 == Int(c[11] &- 0x30)
    }
}
