// SPDX-License-Identifier: Apache-2.0

extension Validator {
    /// Spain's NIE (foreigners): X/Y/Z read as 0/1/2, then the DNI rule.
    static let esNIE = Validator(
        name: "es_nie",
        summary: "Spain NIE: X, Y or Z (as 0, 1, 2) + 7 digits + DNI control letter (mod 23)."
    ) { bytes in
        guard let c = compact(bytes, limit: 9), c.count == 9 else { return false }
        let lead: Int
        switch c[0] {
        case 0x58: lead = 0  // X
        case 0x59: lead = 1  // Y
        case 0x5A: lead = 2  // Z
        default: return false
        }
        let n = asciiDecimal(c, 1, 7)
        return n >= 0 && dniLetter(lead * 10_000_000 + n) == c[8]
    }
}
