// SPDX-License-Identifier: Apache-2.0

/// IBAN length by country code, from the SWIFT IBAN registry (ISO 13616), the countries that
/// issue IBANs in the registry's own two-letter code (territories that use a parent's code,
/// e.g. French overseas departments with FR, are covered by that code).
private let ibanLengthTable = """
AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 \
DK18 DO28 EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 \
IE22 IL23 IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 \
MK19 MN20 MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 \
SC31 SD18 SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30
"""

/// IBAN length by country code, indexed by (first letter - 'A') x 26 + (second letter - 'A');
/// 0 for a code that issues no IBAN. A flat table: a lookup hashes nothing.
private let ibanLengths: [UInt8] = {
    var table = [UInt8](repeating: 0, count: 26 * 26)
    for entry in ibanLengthTable.split(separator: " ") {
        let u = Array(entry.utf8)
        guard u.count == 4, Validator.isUpperByte(u[0]), Validator.isUpperByte(u[1]) else { continue }
        table[Int(u[0] &- 0x41) * 26 + Int(u[1] &- 0x41)] = (u[2] &- 0x30) * 10 + (u[3] &- 0x30)
    }
    return table
}()

extension Validator {
    /// IBAN (ISO 13616): the country's registered length, check digits 02-98, and the
    /// rearranged number (letters A=10 ... Z=35) mod 97 == 1.
    static let ibanMod97 = Validator(
        name: "iban_mod97",
        summary: "IBAN (ISO 13616): registry length for the country (89 countries), check digits 02-98, mod 97 == 1; case-insensitive, spaces/dashes ignored."
    ) { bytes in
        guard let c = compact(bytes, limit: 34), c.count >= 15 else { return false }
        guard isUpperByte(c[0]), isUpperByte(c[1]), isDigitByte(c[2]), isDigitByte(c[3]) else {
            return false
        }
        let length = Int(ibanLengths[Int(c[0] &- 0x41) * 26 + Int(c[1] &- 0x41)])
        guard length > 0, length == c.count else {
            return false
        }
        let check = asciiDecimal(c, 2, 2)
        guard check >= 2, check <= 98 else { return false }
        var r = 0
        for i in 0..<c.count {
            let ch = c[(i + 4) % c.count]
            if isDigitByte(ch) {
                r = (r * 10 + Int(ch - 0x30)) % 97
            } else {
                r = (r * 100 + Int(ch - 0x41) + 10) % 97
            }
        }
        return r == 1
    }
}
